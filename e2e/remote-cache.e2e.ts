// The remote cache, end to end: clone A builds and tests the fixture with Nx's self-hosted remote
// cache on; clone B (another path, empty local caches, same commit) gets every Go task from the
// remote cache without compiling anything, and after one leaf edit runs go for exactly the
// affected packages. A wrong token and a corrupted entry fail closed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFixture, FIXTURE_PACKAGES } from './support/fixtures';
import { taskOutcomes, TestWorkspace } from './support/workspace';

import { ChildProcess, execFileSync, spawn } from 'node:child_process';

/**
 * The test server runs in its own process: the harness runs nx synchronously, which would
 * block an in-process server's event loop (a deadlock).
 */
interface CacheServer {
  url: string;
  dir: string;
  close(): void;
}
function startServer(dir: string, token: string, verify = true): Promise<CacheServer> {
  const script = path.resolve(__dirname, 'support/servers/remote-cache-server.js');
  const args = [script, '--dir', dir, '--token', token, ...(verify ? [] : ['--no-verify'])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], dir, close: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`cache server exited ${code}`)));
  });
}

/** Stored entries (not their digests). */
function storedEntries(dir: string): string[] {
  const entries = path.join(dir, 'entries');
  return fs.existsSync(entries)
    ? fs
        .readdirSync(entries)
        .filter((f) => !f.includes('.'))
        .map((f) => path.join(entries, f))
    : [];
}

const TOKEN = 'e2e-secret-token';
const P = Object.values(FIXTURE_PACKAGES);
const TASKS = [
  ...P.map((p) => `${p}:go-build`),
  ...['lib/leaf', 'lib/mid', 'lib/assets', 'svc/api'].map((p) => `example.com/${p}:go-test`),
].sort();

let server: CacheServer;
let serverDir: string;
let a: TestWorkspace;
let b: TestWorkspace;
let goLog: string;
let wrapperPath: string;

/** A `go` first on PATH that logs every invocation's arguments, then runs the real go. */
function goWrapper(dir: string): string {
  const realGo = path.join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'bin/go');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, 'go'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> "$NX_GOPKG_E2E_GO_LOG"\nexec "${realGo}" "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}

const remoteEnv = (token = TOKEN) => ({
  NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
  NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
});

function runAll(ws: TestWorkspace, extra: Record<string, string> = {}) {
  const r = ws.nx(['run-many', '-t', 'go-build', 'go-test', '--output-style=static'], { ...remoteEnv(), ...extra });
  return { ...r, outcomes: taskOutcomes(r.output) };
}

function goInvocations(): string[] {
  return fs.existsSync(goLog) ? fs.readFileSync(goLog, 'utf8').split('\n').filter(Boolean) : [];
}

beforeAll(async () => {
  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-remote-'));
  server = await startServer(serverDir, TOKEN);
  ({ ws: a } = createFixture());
  a.commitAll('base');
  b = TestWorkspace.create({});
  fs.cpSync(a.dir, b.dir, {
    recursive: true,
    filter: (src) => !['.e2e', 'node_modules', 'dist'].includes(path.basename(src)),
  });
  b.env = { ...a.env, NX_CACHE_DIRECTORY: b.cacheDir, NX_WORKSPACE_DATA_DIRECTORY: b.dataDir };
  goLog = path.join(b.dir, '.e2e/go.log');
  wrapperPath = goWrapper(path.join(b.dir, '.e2e'));
});
afterAll(async () => {
  server?.close();
  a?.cleanup();
  b?.cleanup();
  fs.rmSync(serverDir, { recursive: true, force: true });
});

test('clone A builds and tests with the remote cache on, uploading every task', () => {
  const r = runAll(a);
  expect(r.code).toBe(0);
  expect([...r.outcomes.keys()].sort()).toEqual(TASKS);
  expect(storedEntries(serverDir).length).toBeGreaterThanOrEqual(TASKS.length);
});

test('clone B at another path gets every Go task from the remote cache and compiles nothing', () => {
  const env = { PATH: `${wrapperPath}:${process.env.PATH}`, NX_GOPKG_E2E_GO_LOG: goLog };
  const r = runAll(b, env);
  expect(r.code).toBe(0);
  for (const task of TASKS)
    expect(r.output).toMatch(new RegExp(`nx run ${task.replace(/[/.]/g, '\\$&')}\\s+\\[remote cache\\]`));
  // The only go process is the toolchain fingerprint of the inputs (`go env …`): no build, test or vet.
  expect(goInvocations().filter((line) => !line.startsWith('env '))).toEqual([]);
  const out = b.run(path.join(b.dir, 'dist/go/svc/cmd/server/server'), []);
  expect(out.code).toBe(0);
  expect(out.stdout).toContain('mid-leaf hello 3');
});

test('after one leaf edit in B, go runs for exactly the affected packages', () => {
  fs.rmSync(goLog, { force: true });
  b.append('lib/leaf/leaf.go', '\n// edited in B\n');
  const r = runAll(b, { PATH: `${wrapperPath}:${process.env.PATH}`, NX_GOPKG_E2E_GO_LOG: goLog });
  expect(r.code).toBe(0);
  const work = goInvocations().filter((line) => !line.startsWith('env '));
  // One go invocation may build several packages (batch mode): every import path argument counts.
  const packagesRun = new Set(
    work.flatMap((line) => {
      const [cmd, ...args] = line.split(' ');
      return args.filter((a) => a.startsWith('example.com/')).map((pkg) => `${cmd} ${pkg}`);
    }),
  );
  expect([...packagesRun].sort()).toEqual(
    [
      'build example.com/lib/leaf',
      'test example.com/lib/leaf',
      'build example.com/lib/mid',
      'test example.com/lib/mid',
      'build example.com/svc/api',
      'test example.com/svc/api',
      'build example.com/svc/cmd/server',
    ].sort(),
  );
});

test('a wrong token can neither read nor write, and Nx stops instead of running uncached', () => {
  const before = storedEntries(serverDir).length;
  b.append('lib/unrelated/unrelated.go', '\n// forces a miss\n');
  const r = runAll(b, { ...remoteEnv('wrong-token') });
  expect(r.code).not.toBe(0);
  expect(r.output).toContain('Misconfigured remote cache endpoint');
  expect(storedEntries(serverDir).length).toBe(before);
});

test('a corrupted stored entry is never restored as a success', async () => {
  // A clone with empty local caches, against a server that serves stored bytes unchecked.
  const rawDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-remote-raw-'));
  const raw = await startServer(rawDir, TOKEN, false);
  const c = TestWorkspace.create({});
  try {
    fs.cpSync(a.dir, c.dir, {
      recursive: true,
      filter: (src) => !['.e2e', 'node_modules', 'dist'].includes(path.basename(src)),
    });
    c.env = { ...a.env, NX_CACHE_DIRECTORY: c.cacheDir, NX_WORKSPACE_DATA_DIRECTORY: c.dataDir };
    const env = { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: raw.url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN };
    const task = 'example.com/lib/unrelated:go-build';
    expect(c.nx(['run', task, '--output-style=static'], env).code).toBe(0);
    // Forget everything locally, so the next run must go to the remote cache.
    fs.rmSync(c.cacheDir, { recursive: true, force: true });
    fs.rmSync(c.dataDir, { recursive: true, force: true });
    const entries = storedEntries(rawDir);
    expect(entries).toHaveLength(1);
    fs.writeFileSync(entries[0], 'not a tarball');
    const r = c.nx(['run', task, '--output-style=static'], env);
    // Nx 24 stops on an entry it cannot unpack: the task is not reported as restored.
    expect(r.output).not.toMatch(/\[remote cache\]/);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('Failed to read entry from tarball');
  } finally {
    raw.close();
    c.cleanup();
    fs.rmSync(rawDir, { recursive: true, force: true });
  }
});
