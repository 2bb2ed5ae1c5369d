// Temporary Nx workspaces for e2e tests: own directory, own Nx cache and workspace data,
// no daemon, no cloud, GOFLAGS cleared and no go env file, GOTOOLCHAIN=local, GOPROXY off unless a test sets it.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';

/** Module caches are read-only; make every directory writable so the tree can be removed. */
export function makeWritable(dir: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const p = path.join(dir, entry.name);
    fs.chmodSync(p, 0o755);
    makeWritable(p);
  }
}

/** Mirrors a read-only tree with hard links (fast, no copy); copies where linking is impossible. */
export function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    if (entry.isDirectory()) linkTree(src, dest);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dest);
    else {
      try {
        fs.linkSync(src, dest);
      } catch {
        fs.copyFileSync(src, dest);
      }
    }
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr without ANSI colour codes. */
  output: string;
}

export function templateDir(): string {
  const fromEnv = process.env.NX_GOPKG_E2E_TEMPLATE;
  if (fromEnv) return fromEnv;
  return JSON.parse(fs.readFileSync(path.join(os.tmpdir(), 'nx-gopkg-e2e-current.json'), 'utf8')).template;
}

export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex -- ESC starts the sequences it removes
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

/** A project as `nx graph --file` writes it: Nx fills in targets; metadata.go is nx-gopkg's. */
export interface GraphNode {
  name: string;
  data: {
    root: string;
    tags?: string[];
    namedInputs: Record<string, unknown[]>;
    targets: Record<string, TargetConfiguration>;
    metadata: { go: { packageName: string; [field: string]: unknown }; [field: string]: unknown };
  };
}

export class TestWorkspace {
  readonly cacheDir: string;
  readonly dataDir: string;
  env: Record<string, string | undefined>;

  constructor(
    readonly dir: string,
    options: { cacheDir?: string; dataDir?: string } = {},
  ) {
    this.cacheDir = options.cacheDir ?? path.join(dir, '.e2e/nx-cache');
    this.dataDir = options.dataDir ?? path.join(dir, '.e2e/nx-data');
    this.env = {
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      NX_CACHE_DIRECTORY: this.cacheDir,
      NX_WORKSPACE_DATA_DIRECTORY: this.dataDir,
      NX_SKIP_NX_CACHE: undefined,
      NX_VERBOSE_LOGGING: undefined,
      CI: 'true',
      GOFLAGS: '',
      // The machine's go env file (`go env -changed`) is not read: a user's go runs with go's
      // defaults (here it sets GOFLAGS=-buildvcs=false, which hid VCS stamping from every test).
      GOENV: 'off',
      GOTOOLCHAIN: 'local',
      GOPROXY: 'off',
      GOSUMDB: 'off',
      GOWORK: undefined,
      GOOS: undefined,
      GOARCH: undefined,
      CGO_ENABLED: undefined,
      FORCE_COLOR: '0',
    };
  }

  /** Creates a workspace from files (path → content), linked to the template's node_modules. */
  static create(files: Record<string, string>, nxJson: object = { plugins: ['nx-gopkg'] }): TestWorkspace {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-e2e-')));
    fs.symlinkSync(path.join(templateDir(), 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const ws = new TestWorkspace(dir);
    // The template's manifest and lockfile, so Nx knows the installed npm packages (external nodes).
    const template = templateDir();
    const manifest = JSON.parse(fs.readFileSync(path.join(template, 'package.json'), 'utf8'));
    const lock = JSON.parse(fs.readFileSync(path.join(template, 'package-lock.json'), 'utf8'));
    lock.name = lock.packages[''].name = manifest.name = 'e2e-workspace';
    ws.write({
      'package.json': JSON.stringify(manifest, null, 2),
      'package-lock.json': JSON.stringify(lock, null, 2),
      'nx.json': JSON.stringify(nxJson, null, 2),
      '.gitignore': 'node_modules\n.e2e\ndist\n.nx\n',
      ...files,
    });
    return ws;
  }

  write(files: Record<string, string>): void {
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(this.dir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }

  read(rel: string): string {
    return fs.readFileSync(path.join(this.dir, rel), 'utf8');
  }

  append(rel: string, content: string): void {
    fs.appendFileSync(path.join(this.dir, rel), content);
  }

  private childEnv(extraEnv: Record<string, string | undefined>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...this.env, ...extraEnv })) if (v !== undefined) env[k] = v;
    return env;
  }

  run(cmd: string, args: string[], extraEnv: Record<string, string | undefined> = {}, cwd = this.dir): RunResult {
    const env = this.childEnv(extraEnv);
    const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const stdout = r.stdout ?? '';
    const stderr = r.stderr ?? (r.error ? String(r.error) : '');
    return { code: r.status ?? -1, stdout, stderr, output: stripAnsi(stdout + stderr) };
  }

  nx(args: string[], extraEnv: Record<string, string | undefined> = {}): RunResult {
    return this.run(process.execPath, [path.join(this.dir, 'node_modules/nx/dist/bin/nx.js'), ...args], extraEnv);
  }

  /** Runs nx without blocking this process (for tests whose server runs in it). */
  nxAsync(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<RunResult> {
    const nxBin = path.join(this.dir, 'node_modules/nx/dist/bin/nx.js');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [nxBin, ...args], {
        cwd: this.dir,
        env: this.childEnv(extraEnv),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, output: stripAnsi(stdout + stderr) }));
    });
  }

  /** Runs nx and fails with its output when it exits non-zero. */
  nxOk(args: string[], extraEnv: Record<string, string | undefined> = {}): RunResult {
    const r = this.nx(args, extraEnv);
    if (r.code !== 0) throw new Error(`nx ${args.join(' ')} exited ${r.code}:\n${r.output}`);
    return r;
  }

  git(args: string[]): RunResult {
    const r = this.run('git', args, {
      GIT_AUTHOR_NAME: 'e2e',
      GIT_AUTHOR_EMAIL: 'e2e@example.com',
      GIT_COMMITTER_NAME: 'e2e',
      GIT_COMMITTER_EMAIL: 'e2e@example.com',
    });
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.output}`);
    return r;
  }

  commitAll(message: string): string {
    if (!fs.existsSync(path.join(this.dir, '.git'))) this.git(['init', '-q', '-b', 'main']);
    this.git(['add', '-A']);
    this.git(['commit', '-q', '--allow-empty', '-m', message]);
    return this.git(['rev-parse', 'HEAD']).stdout.trim();
  }

  /** Reads `nx graph --file` output. */
  graph(): {
    nodes: Record<string, GraphNode>;
    dependencies: Record<string, { source: string; target: string; type: string }[]>;
  } {
    const out = path.join(this.dir, '.e2e/graph.json');
    this.nxOk(['graph', `--file=${out}`]);
    return JSON.parse(fs.readFileSync(out, 'utf8')).graph;
  }

  cleanup(): void {
    if (process.env.NX_GOPKG_E2E_KEEP) return;
    makeWritable(this.dir);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Per task, how Nx's static output said it ran: `hit` (local/remote cache) or `miss`. */
export function taskOutcomes(output: string): Map<string, 'hit' | 'miss'> {
  const outcomes = new Map<string, 'hit' | 'miss'>();
  for (const line of stripAnsi(output).split('\n')) {
    const m = /^\s*>\s+nx run (\S+?)(?:\s+(.*))?$/.exec(line);
    if (!m) continue;
    const rest = m[2] ?? '';
    const hit = /\[(local cache|remote cache|existing outputs match the cache, left as is)\]/.test(rest);
    outcomes.set(m[1], hit ? 'hit' : 'miss');
  }
  return outcomes;
}
