/**
 * The shared Go build cache through the real nx CLI and the packed plugin: two CI runners share a
 * remote tier, and GOCACHEPROG is wired by nx-gopkg's executor (the runners only set
 * NX_GOPKG_GOCACHE_* variables). It runs against two servers:
 *   - nginx from the system (Debian nginx-light), started by the test as a WebDAV store
 *     (e2e/support/servers/nginx-webdav.js: its own temp dir and config, no root paths): the HTTP cache backend
 *     Bazel's docs describe, and what a team can run as is. Without nginx the test is skipped with
 *     a warning, except on CI (CI=true or NX_GOPKG_REQUIRE_NGINX=1), where it fails: .ci/run
 *     installs nginx;
 *   - e2e/support/servers/bazel-remote-test-server.js, which speaks bazel-remote's protocol with its AC
 *     validation (the real bazel-remote cannot be installed here: the Go module proxy answers 403
 *     for github.com/buchgr/bazel-remote/v2, see docs/go-build-cache.md).
 *
 * Runner A checks out the fixture workspace and runs `nx run-many -t go-build go-test` (cold: it
 * uploads every action). Runner B is a fresh clone with its own empty GOCACHE, local tier, Nx
 * cache, Nx workspace data and module cache; it edits lib/mid (one mid-graph package) and runs
 * `nx affected -t go-build go-test --base=<commit before the edit>`. go runs with GOFLAGS=-x in
 * runner B only, so its stderr names every compile it performed (`compile … -p <package>`); -x
 * changes no action ID. The asserted set of compiles is exact (EXPECTED_COMPILES below), and the
 * program's own event log agrees: one `put … archive` per compile.
 *
 * Both runners check out to the same absolute path and use the same GOMODCACHE path, as CI runners
 * do: go-test runs without -trimpath, and go then puts source directories into compile action IDs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFixture, FIXTURE_PACKAGES as P } from './support/fixtures';
import { findNginx, startNginxWebdav } from './support/servers/nginx-webdav';
import { makeWritable, taskOutcomes, templateDir, TestWorkspace } from './support/workspace';

const SERVER = path.resolve(__dirname, 'support/servers/bazel-remote-test-server.js');
const NGINX: string | undefined = findNginx();
const MUST_RUN_NGINX = /^(1|true)$/i.test(process.env.CI ?? '') || !!process.env.NX_GOPKG_REQUIRE_NGINX;
if (!NGINX && !MUST_RUN_NGINX) {
  console.warn(
    'cacheprog-nx.e2e.ts: SKIPPED the nginx case: no nginx with http_dav_module (Debian: apt-get install nginx-light); CI=true or NX_GOPKG_REQUIRE_NGINX=1 makes this a failure',
  );
}

/**
 * Starts the protocol server in its own process (nx runs through spawnSync, which blocks this
 * one's event loop); resolves with its URL once it listens.
 */
function startServer(): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.on('exit', (code) => reject(new Error(`bazel-remote test server exited ${code}`)));
  });
}

/**
 * One entry per compile in go's -x output: the `-p` import path and the source files' base names
 * (`example.com/lib/mid mid.go mid_test.go`), sorted.
 */
function compiles(output: string): string[] {
  return output
    .split('\n')
    .filter((l) => /\/compile\s/.test(l) && / -p \S+/.test(l))
    .map((l) => {
      const pkg = / -p (\S+)/.exec(l)![1];
      const files = (/ -pack (.*)$/.exec(l)?.[1] ?? '')
        .trim()
        .split(/\s+/)
        .map((f) => path.basename(f));
      return `${pkg} ${files.join(' ')}`;
    })
    .sort();
}

let tmp: string;
let origin: TestWorkspace | undefined;
const stops: Array<() => unknown> = [];

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-e2e-cacheprog-nx-')));
});
afterAll(async () => {
  for (const stop of stops) await stop();
  origin?.cleanup();
  if (tmp && !process.env.NX_GOPKG_E2E_KEEP) {
    makeWritable(tmp);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

interface AccessLine {
  method: string;
  uri: string;
  status: number;
}

// Skipped (reported by jest, and warned above) only off CI on a machine without nginx.
(NGINX || MUST_RUN_NGINX ? test : test.skip)(
  'nginx (WebDAV): a fresh runner after a mid-graph edit compiles only the edited package and its importers',
  async () => {
    if (!NGINX) throw new Error('CI: no nginx with http_dav_module on this machine (.ci/run installs nginx-light)');
    const srv = await startNginxWebdav({ dir: path.join(tmp, 'nginx') });
    stops.push(() => srv.close());
    let seen = 0;
    const since = (): AccessLine[] => {
      const all: AccessLine[] = srv.accessLog();
      const fresh = all.slice(seen);
      seen = all.length;
      return fresh;
    };
    runners(srv.url, 'nginx', {
      afterA: () => {
        const a = since();
        // nginx's own answers: 201 for each new file (create_full_put_path made the directories),
        // 404 (an HTML page) for each miss; nothing else.
        expect(a.filter((l) => l.method === 'PUT' && l.status === 201).length).toBeGreaterThan(100);
        expect(a.filter((l) => l.method === 'GET' && l.status === 404).length).toBeGreaterThan(100);
        expect(
          a.filter(
            (l) =>
              !(
                (l.method === 'PUT' && [201, 204].includes(l.status)) ||
                (l.method === 'GET' && [200, 404].includes(l.status))
              ),
          ),
        ).toEqual([]);
      },
      afterB: () => {
        const b = since();
        expect(b.filter((l) => l.method === 'GET' && l.status === 200).length).toBeGreaterThan(100);
        expect(b.filter((l) => l.status >= 500)).toEqual([]);
      },
    });
  },
);

test('bazel-remote protocol: a fresh runner after a mid-graph edit compiles only the edited package and its importers', async () => {
  const srv = await startServer();
  stops.push(() => srv.child.kill());
  runners(srv.url, 'bazel-remote');
});

/** Runner A fills the remote; runner B, fresh, edits lib/mid and runs nx affected. */
function runners(remote: string, name: string, checks: { afterA?: () => void; afterB?: () => void } = {}): void {
  const fixture = createFixture();
  origin = fixture.ws;
  const base = origin.commitAll('base');
  const checkout = path.join(tmp, 'checkout');

  /** A runner: a fresh clone at the shared checkout path, with all its caches empty and its own. */
  const runner = (who: string): { ws: TestWorkspace; log: string } => {
    const own = path.join(tmp, `${name}-${who}`);
    if (fs.existsSync(checkout)) makeWritable(checkout);
    fs.rmSync(checkout, { recursive: true, force: true });
    const clone = spawnSync('git', ['clone', '-q', origin!.dir, checkout], { encoding: 'utf8' });
    if (clone.status !== 0) throw new Error(`git clone: ${clone.stderr}`);
    fs.symlinkSync(path.join(templateDir(), 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
    const ws = new TestWorkspace(checkout, {
      cacheDir: path.join(own, 'nx-cache'),
      dataDir: path.join(own, 'nx-data'),
    });
    const log = path.join(own, 'cacheprog.log');
    Object.assign(ws.env, {
      GOPROXY: fixture.proxyUrl,
      GOMODCACHE: path.join(checkout, '.e2e/gomodcache'), // gitignored: empty in every clone
      GOCACHE: path.join(own, 'gocache'),
      GOCACHEPROG: undefined,
      NX_GOPKG_GOCACHE_REMOTE: remote,
      NX_GOPKG_GOCACHE_DIR: path.join(own, 'tier'),
      NX_GOPKG_GOCACHE_LOG: log,
      NX_GOPKG_GOCACHE_STATS: '1',
      NX_GOPKG_GOCACHE_REMOTE_READONLY: undefined,
    });
    fs.mkdirSync(own, { recursive: true });
    return { ws, log };
  };
  // Runner A: everything, cold; the program uploads each action.
  const a = runner('runner-a');
  a.ws.nxOk(['run-many', '-t', 'go-build', 'go-test']);
  const logA = fs.readFileSync(a.log, 'utf8');
  expect(logA).toMatch(/^put /m);
  // The remote stayed on (an upload failure logs remote-off) and nothing was rejected.
  expect(logA).not.toMatch(/^(remote-off|corrupt|local-error) /m);
  checks.afterA?.();

  // Runner B: fresh clone, one edit in lib/mid that changes its export data (a new exported func).
  const b = runner('runner-b');
  expect(fs.existsSync(path.join(b.ws.dir, '.e2e'))).toBe(false);
  b.ws.append('lib/mid/mid.go', '\n// Edited is the change under review.\nfunc Edited() int { return 42 }\n');
  // One go process per task, one task at a time: every compile's -x lines land in that task's
  // output (batch mode attributes go's -json events, not -x lines), and each action not in the
  // remote is compiled exactly once, by the first task that needs it, whatever the task order.
  const rb = b.ws.nxOk(
    [
      'affected',
      '-t',
      'go-build',
      'go-test',
      `--base=${base}`,
      '--output-style=static',
      '--batch=false',
      '--parallel=1',
    ],
    {
      GOFLAGS: '-x',
    },
  );

  if (process.env.NX_GOPKG_E2E_DEBUG) console.log(rb.output);
  // Nx ran exactly the affected tasks, none from its (empty) cache.
  const tasks = taskOutcomes(rb.output);
  expect([...tasks.keys()].sort()).toEqual(
    [`${P.mid}:go-build`, `${P.mid}:go-test`, `${P.api}:go-build`, `${P.api}:go-test`, `${P.server}:go-build`].sort(),
  );
  expect([...tasks.values()].every((o) => o === 'miss')).toBe(true);

  // go compiled exactly these; every other action (standard library, leaf, assets, native's cgo,
  // the third-party module, ...) came from the remote through the program.
  const got = compiles(rb.output);
  console.log(`runner B compiled: ${got.join(', ')}`);
  expect(got).toEqual(EXPECTED_COMPILES);
  const logB = fs.readFileSync(b.log, 'utf8');
  expect(logB).toMatch(/^hit-remote /m);
  expect(logB).not.toMatch(/^(remote-off|corrupt|local-error) /m);
  // The program's own count: each compile's archive was put once, and nothing else compiled.
  expect(logB.split('\n').filter((l) => /^put \S+ \d+ archive$/.test(l))).toHaveLength(EXPECTED_COMPILES.length);
  checks.afterB?.();
  origin!.cleanup();
  origin = undefined;
}

/**
 * What runner B must compile, one entry per compile: the edited package and its importers, in
 * each flavour go builds them, plus the test mains of their tests. Nothing else: the standard
 * library, lib/leaf (below the edit), lib/assets, lib/native (cgo) and the third-party module
 * come from the remote.
 */
const EXPECTED_COMPILES = [
  'example.com/lib/mid mid.go', // go-build (-trimpath)
  'example.com/lib/mid mid.go', // go-test of svc/api needs it without -trimpath (a different action)
  'example.com/lib/mid mid.go mid_test.go', // go-test: lib/mid's test variant
  'example.com/svc/api api.go', // go-build: imports lib/mid, whose export data changed
  'example.com/svc/api api.go api_test.go', // go-test: svc/api's test variant
  'main _testmain.go', // test main of lib/mid
  'main _testmain.go', // test main of svc/api
  'main main.go', // go-build of svc/cmd/server: imports svc/api, whose export data changed
].sort();
