/**
 * nx-gopkg's GOCACHEPROG program, as packed in the plugin, between two CI runners sharing a remote
 * cache that speaks bazel-remote's HTTP protocol.
 *
 * The real bazel-remote cannot be installed here (the Go module proxy answers 403 for
 * github.com/buchgr/bazel-remote/v2), so the remote is e2e/support/servers/bazel-remote-test-server.js, which
 * implements the same protocol (AC entries validated as ActionResult messages, CAS keys checked).
 *
 * Runner A builds and tests a 10-package chain with the program on (cold: it also compiles the
 * standard library packages `testing` needs, and uploads everything). Runner B is a fresh clone at
 * the same checkout path (CI workspaces keep one path; without -trimpath go puts the package
 * directory into compile action IDs), with an empty GOCACHE and an empty local tier. It edits one
 * package in the middle of the chain and runs `go build ./...` and `go test ./...`: from go's own
 * `-x` output, only the edited package and (some of) its importers may compile, and the tests of
 * the packages below the edit come back `(cached)` from the remote. (go stops recompiling up the
 * chain once a package's export data comes out unchanged, so not every importer recompiles.)
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBazelRemoteTestServer } from './support/servers/bazel-remote-test-server';
import { makeWritable, templateDir } from './support/workspace';

const N = 10;
const EDITED = 5;
const pkg = (i: number) => `example.com/chain/p${i}`;

function writeModule(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/chain\n\ngo 1.24\n');
  for (let i = 0; i < N; i++) {
    const d = path.join(dir, `p${i}`);
    fs.mkdirSync(d);
    const imp = i === 0 ? '"strconv"' : `"${pkg(i - 1)}"`;
    const prev = i === 0 ? 'len(strconv.Itoa(1000))' : `p${i - 1}.V()`;
    fs.writeFileSync(
      path.join(d, `p${i}.go`),
      `package p${i}\n\nimport ${imp}\n\n// V adds ${i} to what the package below returns.\nfunc V() int { return ${prev} + ${i} }\n`,
    );
    const want = 4 + (i * (i + 1)) / 2;
    fs.writeFileSync(
      path.join(d, `p${i}_test.go`),
      `package p${i}\n\nimport "testing"\n\nfunc TestV(t *testing.T) {\n\tif got := V(); got != ${want} {\n\t\tt.Fatalf("V() = %d, want ${want}", got)\n\t}\n}\n`,
    );
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function compiled(xOutput: string): string[] {
  return xOutput
    .split('\n')
    .filter((l) => /\/compile /.test(l))
    .map((l) => / -p (\S+)/.exec(l)?.[1])
    .filter((p): p is string => !!p);
}

let base: string;
let srv: Awaited<ReturnType<typeof startBazelRemoteTestServer>>;

beforeAll(async () => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-e2e-cacheprog-')));
  srv = await startBazelRemoteTestServer({ port: 0 });
});
afterAll(async () => {
  await srv?.close();
  if (base && !process.env.NX_GOPKG_E2E_KEEP) {
    makeWritable(base);
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('a fresh runner compiles only the edited package and its importers', async () => {
  // The packed plugin's own wiring: the executor's env hook and the shipped main.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the packed plugin's file, by path
  const { cacheProgEnv } = require(
    path.join(templateDir(), 'node_modules/nx-gopkg/src/executors/go/cacheprog-env.js'),
  ) as typeof import('../packages/nx-gopkg/src/executors/go/cacheprog-env');
  const origin = path.join(base, 'origin');
  writeModule(origin);
  const git = (args: string[], cwd: string) => {
    const r = spawnSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'e2e',
        GIT_AUTHOR_EMAIL: 'e@x',
        GIT_COMMITTER_NAME: 'e2e',
        GIT_COMMITTER_EMAIL: 'e@x',
      },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git(['init', '-q', '-b', 'main'], origin);
  git(['add', '-A'], origin);
  git(['commit', '-q', '-m', 'base'], origin);

  const checkout = path.join(base, 'checkout');
  const runner = (name: string) => {
    const dir = path.join(base, name);
    fs.rmSync(checkout, { recursive: true, force: true });
    git(['clone', '-q', origin, checkout], base);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      GOPROXY: 'off',
      GOWORK: 'off',
      GOCACHEPROG: undefined,
    };
    for (const k of Object.keys(env)) if (k.startsWith('NX_GOPKG_GOCACHE') || env[k] === undefined) delete env[k];
    const settings = {
      NX_GOPKG_GOCACHE_REMOTE: srv.url,
      NX_GOPKG_GOCACHE_DIR: path.join(dir, 'tier'),
      NX_GOPKG_GOCACHE_STATS: '1',
    };
    const extra = cacheProgEnv(settings);
    expect(extra.GOCACHEPROG).toContain(path.join('node_modules', 'nx-gopkg', 'src', 'cacheprog', 'main.js'));
    return { ...env, ...settings, ...extra, GOCACHE: path.join(dir, 'gocache') };
  };

  // Runner A: cold, uploads.
  const envA = runner('runner-a');
  for (const args of [
    ['build', './...'],
    ['test', './...'],
  ]) {
    const r = await run('go', args, checkout, envA);
    if (r.code !== 0) throw new Error(`runner A: go ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
    expect(r.stderr).not.toMatch(/warning|rejected remote/);
  }
  expect(srv.stats['PUT cas 200']).toBeGreaterThan(N);
  fs.rmSync(path.join(base, 'runner-a'), { recursive: true, force: true });

  // Runner B: fresh clone at the same path, empty GOCACHE and local tier, one mid-graph edit.
  const envB = runner('runner-b');
  const file = path.join(checkout, `p${EDITED}/p${EDITED}.go`);
  fs.appendFileSync(file, '\n// Edited is the change under review.\nfunc Edited() int { return 42 }\n');
  const build = await run('go', ['build', '-x', './...'], checkout, envB);
  if (build.code !== 0) throw new Error(build.stderr);
  const test = await run('go', ['test', '-x', './...'], checkout, envB);
  if (test.code !== 0) throw new Error(test.stdout + test.stderr);

  const affected = new Set(Array.from({ length: N - EDITED }, (_, k) => pkg(EDITED + k)));
  // A subset: go stops early when a recompiled package's export data comes out unchanged.
  const built = compiled(build.stderr);
  expect(built.filter((p) => !affected.has(p))).toEqual([]);
  expect(built).toContain(pkg(EDITED));
  const tested = compiled(test.stderr);
  // go test compiles each affected package's test variant (same import path) and its test main
  // (`main`); nothing below the edit, and no standard-library package, compiles.
  expect(tested.filter((p) => p !== 'main' && !affected.has(p))).toEqual([]);
  expect(tested.filter((p) => p === 'main').length).toBeLessThanOrEqual(affected.size);
  expect(tested).toContain(pkg(EDITED));
  for (let i = 0; i < N; i++) {
    const line = test.stdout.split('\n').find((l) => l.includes(`${pkg(i)}\t`)) ?? '';
    expect(line).toMatch(/^ok\s/);
    if (i < EDITED) expect(line).toMatch(/\(cached\)/);
    // At and above the edit a result may still be (cached): go keys test results by the linked
    // test binary's content, and the linker drops code no test reaches.
  }
  const stats = (build.stderr + test.stderr).match(/nx-gopkg cacheprog: \d+ gets .*/g) ?? [];
  expect(stats).toHaveLength(2);
  expect(build.stderr + test.stderr).not.toMatch(/warning|rejected remote/);
  console.log(
    `runner B: compiled ${built.length} packages for go build, ${tested.length} for go test; ${stats.join(' | ')}`,
  );
});
