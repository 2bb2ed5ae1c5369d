// The remote tier against a real server: the system's nginx as a WebDAV store
// (e2e/support/servers/nginx-webdav.js), the HTTP cache backend Bazel's docs describe. nginx answers in its own
// way: 201 for a new file and 204 for a replaced one on PUT, and an HTML page with every 404.
// Without nginx these tests are skipped with a warning, except on CI (CI=true or
// NX_GOPKG_REQUIRE_NGINX=1), where they fail:
// .ci/run installs nginx.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { cacheProgEnv } from '../executors/go/cacheprog-env';
import { chainModule, compileProgram, goEnv, runGo } from '../test-support/cacheprog';
import { removeTree, tempDir } from '../test-support/temp-dir';
import { RemoteClient } from './remote';

import { findNginx, startNginxWebdav } from '../../../../e2e/support/servers/nginx-webdav';

const nginx: string | undefined = findNginx();
const onCi = /^(1|true)$/i.test(process.env.CI ?? '') || !!process.env.NX_GOPKG_REQUIRE_NGINX;
if (!nginx && !onCi) {
  console.warn(
    'remote-nginx.spec.ts: SKIPPED: no nginx with http_dav_module (Debian: apt-get install nginx-light); CI=true or NX_GOPKG_REQUIRE_NGINX=1 makes this a failure',
  );
}
const describeNginx = nginx || onCi ? describe : describe.skip;

function raw(url: string, method: string, body?: Buffer): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body ? { 'Content-Length': body.length } : {} }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const N = 10;
const ALL = Array.from({ length: N }, (_, i) => `example.com/chain/p${i}`).sort();

describeNginx('remote tier on nginx (WebDAV)', () => {
  let root: string;
  let srv: Awaited<ReturnType<typeof startNginxWebdav>>;

  beforeAll(async () => {
    if (!nginx)
      throw new Error(
        'CI=true (or NX_GOPKG_REQUIRE_NGINX) and no nginx with http_dav_module on this machine: .ci/run installs it (apt-get install nginx-light)',
      );
    root = tempDir('cacheprog-nginx');
    srv = await startNginxWebdav({ dir: path.join(root, 'nginx') });
  });
  afterAll(async () => {
    await srv?.close();
    if (root) removeTree(root);
  });

  it("accepts nginx's 201 and 204 on PUT and reads its HTML 404 as a miss", async () => {
    const hex = 'ab'.repeat(32);
    // What nginx itself answers, so the client's checks below cannot pass vacuously.
    const missing = await raw(`${srv.url}/cas/${'cd'.repeat(32)}`, 'GET');
    expect(missing.status).toBe(404);
    expect(missing.type).toMatch(/text\/html/);
    expect(missing.body).toMatch(/<html>[\s\S]*404 Not Found/);

    const client = new RemoteClient({ url: srv.url, timeoutMs: 5000, maxSockets: 2, maxBodyBytes: 1 << 20 });
    try {
      expect(await client.get('cas', 'cd'.repeat(32))).toBeUndefined();
      await client.put('cas', hex, Buffer.from('first'));
      await client.put('cas', hex, Buffer.from('second'));
      expect((await client.get('cas', hex))?.toString()).toBe('second');
    } finally {
      client.close();
    }
    const puts = srv.accessLog().filter((e) => e.method === 'PUT' && e.uri === `/cas/${hex}`);
    expect(puts.map((e) => e.status)).toEqual([201, 204]);
    // The full path was created on the first PUT (create_full_put_path).
    expect(fs.readFileSync(path.join(srv.store, 'cas', hex), 'utf8')).toBe('second');
  });

  it('serves a fresh runner from nginx, and after an edit compiles only the edited package and its importers', async () => {
    const program = compileProgram(path.join(root, 'prog'));
    const mod = path.join(root, 'mod');
    chainModule(mod, N);
    let runner = 0;
    const build = async () => {
      const dir = path.join(root, `runner${++runner}`);
      const log = path.join(dir, 'events.log');
      fs.mkdirSync(dir, { recursive: true });
      const settings = {
        NX_GOPKG_GOCACHE_REMOTE: srv.url,
        NX_GOPKG_GOCACHE_DIR: path.join(dir, 'tier'),
        NX_GOPKG_GOCACHE_LOG: log,
      };
      const r = await runGo(
        ['build', '-x', './...'],
        mod,
        goEnv({ ...cacheProgEnv(settings, { script: program }), ...settings, GOCACHE: path.join(dir, 'gocache') }),
      );
      if (r.code !== 0) throw new Error(`go exited ${r.code}:\n${r.stderr.slice(-3000)}`);
      expect(r.stderr).not.toMatch(/nx-gopkg cacheprog/); // no warning: the remote stayed on
      const events = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
      return { ...r, events };
    };
    const before = srv.accessLog().length;
    const a = await build();
    expect(a.compiled).toEqual(ALL);
    // One archive put per compile, in the program's own log.
    expect(a.events.filter((e) => /^put \S+ \d+ archive$/.test(e))).toHaveLength(N);
    const filled = srv.accessLog().slice(before);
    expect(filled.filter((e) => e.method === 'PUT' && e.status === 201).length).toBeGreaterThanOrEqual(N);
    expect(filled.filter((e) => e.method === 'PUT' && ![201, 204].includes(e.status))).toEqual([]);

    const b = await build();
    expect(b.compiled).toEqual([]);
    expect(b.events.filter((e) => e.startsWith('hit-remote ')).length).toBeGreaterThanOrEqual(N);
    expect(b.events.filter((e) => e.startsWith('put ') && e.endsWith(' archive'))).toEqual([]);

    fs.appendFileSync(
      path.join(mod, 'p5/p5.go'),
      '\n// Edited is the change under review.\nfunc Edited() int { return 42 }\n',
    );
    const c = await build();
    expect(c.compiled).toEqual(ALL.filter((p) => Number(p.slice(-1)) >= 5));
    expect(c.events.filter((e) => /^put \S+ \d+ archive$/.test(e))).toHaveLength(N - 5);
    expect(srv.accessLog().filter((e) => e.status >= 500)).toEqual([]);
  });
});
