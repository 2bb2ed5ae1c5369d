// The program under a real `go build`: GOCACHEPROG points at the compiled program, every runner
// gets its own empty GOCACHE and local tier, and the remote tier is the bazel-remote protocol
// test server (e2e/support/servers/bazel-remote-test-server.js).
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { cacheProgEnv, quoteGoWord } from '../executors/go/cacheprog-env';
import { chainModule, compileProgram, goEnv, runGo } from '../test-support/cacheprog';
import { tempDir } from '../test-support/temp-dir';

import { startBazelRemoteTestServer } from '../../../../e2e/support/servers/bazel-remote-test-server';

const N = 10;

function expectOk(r: { code: number; stderr: string }): void {
  if (r.code !== 0) throw new Error(`go exited ${r.code}:\n${r.stderr.slice(-3000)}`);
}
const ALL = Array.from({ length: N }, (_, i) => `example.com/chain/p${i}`).sort();

describe('GOCACHEPROG program with go build', () => {
  let root: string;
  let program: string;
  let mod: string;
  let srv: Awaited<ReturnType<typeof startBazelRemoteTestServer>>;
  let runner = 0;

  beforeAll(async () => {
    root = tempDir('cacheprog-go');
    program = compileProgram(path.join(root, 'prog with space'));
    mod = path.join(root, 'mod');
    chainModule(mod, N);
    srv = await startBazelRemoteTestServer({ port: 0 });
  });
  afterAll(async () => {
    await srv?.close();
  });
  beforeEach(() => srv.clear());

  /** A fresh runner: empty GOCACHE, empty local tier; the program's event log is returned too. */
  async function build(remote: string | undefined, args: string[] = ['build', '-x', './...']) {
    const dir = path.join(root, `runner${++runner}`);
    const log = path.join(dir, 'events.log');
    fs.mkdirSync(dir, { recursive: true });
    const extra = cacheProgEnv(
      { NX_GOPKG_GOCACHE_REMOTE: remote, NX_GOPKG_GOCACHE_DIR: path.join(dir, 'tier') },
      { script: program },
    );
    const r = await runGo(
      args,
      mod,
      goEnv({
        ...extra,
        GOCACHE: path.join(dir, 'gocache'),
        NX_GOPKG_GOCACHE_REMOTE: remote,
        NX_GOPKG_GOCACHE_LOG: log,
      }),
    );
    const events = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    const count = (kind: string) => events.filter((e) => e.startsWith(kind + ' ')).length;
    return { ...r, events, count, extra };
  }

  it('quotes the program path (it has a space) the way go splits GOCACHEPROG', () => {
    const extra = cacheProgEnv({ NX_GOPKG_GOCACHE_DIR: '/tmp/x' }, { script: program });
    expect(extra.GOCACHEPROG).toBe(`${quoteGoWord(process.execPath)} "${program}"`);
  });

  it('serves a fresh runner entirely from the remote tier', async () => {
    const a = await build(srv.url);
    expectOk(a);
    expect(a.compiled).toEqual(ALL);
    expect(a.stderr).not.toMatch(/nx-gopkg cacheprog/);
    expect(srv.stats['PUT cas 200']).toBeGreaterThanOrEqual(N);

    const b = await build(srv.url);
    expectOk(b);
    expect(b.compiled).toEqual([]);
    // Misses left are go's module-index entries, keyed by file mtimes (a fresh clone never shares
    // them; go rebuilds them cheaply); no compile action missed.
    expect(b.count('hit-remote')).toBeGreaterThanOrEqual(N);
    expect(b.stderr).not.toMatch(/nx-gopkg cacheprog/);

    // An edit in the middle of the chain recompiles that package and its importers only.
    const file = path.join(mod, 'p5/p5.go');
    const orig = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(
        file,
        orig.replace('func V() int { return ', 'func V() int {\n\tif len(Data) < 0 {\n\t\treturn -1\n\t}\n\treturn '),
      );
      const c = await build(srv.url);
      expectOk(c);
      expect(c.compiled).toEqual(ALL.filter((p) => Number(p.slice(-1)) >= 5));
    } finally {
      fs.writeFileSync(file, orig);
    }
  });

  it('builds with one warning and the local tier only when the remote is down', async () => {
    // A port that was free a moment ago: connection refused.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = await build(`http://127.0.0.1:${port}`);
    expectOk(r);
    expect(r.compiled).toEqual(ALL);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('nx-gopkg cacheprog'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/remote cache http:\/\/127\.0\.0\.1:\d+ unavailable \(.*ECONNREFUSED/);
    expect(r.count('put')).toBeGreaterThanOrEqual(N);
  });

  it('builds with one warning when the remote answers 500', async () => {
    srv.failWith = 500;
    try {
      const r = await build(srv.url);
      expectOk(r);
      expect(r.compiled).toEqual(ALL);
      expect(r.stderr.split('\n').filter((l) => l.includes('nx-gopkg cacheprog'))).toEqual([
        expect.stringMatching(/unavailable \(.*HTTP 500\)/),
      ]);
    } finally {
      srv.failWith = 0;
    }
  });

  it('rejects corrupt and short CAS entries and garbage action entries, recompiles, and repairs the remote', async () => {
    expectOk(await build(srv.url));
    const blobs = [...srv.store.cas.keys()] as string[];
    expect(blobs.length).toBeGreaterThanOrEqual(N);
    // Flip a byte in half of the blobs, truncate the others; garble one action entry.
    blobs.forEach((hex, i) => {
      const b = Buffer.from(srv.store.cas.get(hex));
      srv.corrupt(
        'cas',
        hex,
        i % 2
          ? Buffer.concat([b.subarray(0, 100), Buffer.from([b[100] ^ 0xff]), b.subarray(101)])
          : b.subarray(0, b.length - 7),
      );
    });
    const acKey = [...srv.store.ac.keys()][0] as string;
    srv.corrupt('ac', acKey, Buffer.from('not an action result'));

    const b = await build(srv.url);
    expectOk(b);
    expect(b.compiled).toEqual(ALL);
    expect(b.count('corrupt')).toBeGreaterThanOrEqual(N);
    expect(b.stderr).toMatch(
      /rejected remote cache entry \/cas\/[0-9a-f]{64}: (content hashes to|\d+ bytes, the entry says)/,
    );
    // Nothing corrupt reached go: the fresh local tier holds only verified objects.
    for (const line of b.events.filter((e) => e.startsWith('hit-remote ')))
      expect(line).toMatch(/^hit-remote [0-9a-f]{64} \d+$/);

    // The recompiled outputs were uploaded again: the next fresh runner is served fully.
    const c = await build(srv.url);
    expectOk(c);
    expect(c.compiled).toEqual([]);
    expect(c.count('corrupt')).toBe(0);
  });
});
