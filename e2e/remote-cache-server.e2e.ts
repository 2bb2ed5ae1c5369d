/**
 * e2e/support/servers/remote-cache-server.js: its HTTP contract, then the real Nx 24 CLI
 * against it, in e2e/support's workspaces (no plugin: one nx:run-commands target).
 *
 * The Nx part records what Nx 24.0.6 does (see docs/remote-cache.md):
 * - a stored entry is restored in a fresh checkout as `[remote cache]`;
 * - a GET answered 403 stops the run: "Misconfigured remote cache endpoint:
 *   Unexpected response status: 403 Forbidden", exit code 1, task not run;
 * - a GET answered 401 (text/plain) stops it too: "Unauthorized: <body>";
 * - a PUT answered 403 (read-only token) is ignored silently;
 * - a PUT answered 202 (the status in Nx's published OpenAPI spec!) fails the task;
 * - a damaged entry served as-is stops the run: "Failed to read entry from tarball";
 * - an unreachable server stops the run: "Failed to send request: ...".
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { startRemoteCacheServer } from './support/servers/remote-cache-server';
import { RunResult, TestWorkspace } from './support/workspace';

type RemoteCacheServer = Awaited<ReturnType<typeof startRemoteCacheServer>>;

const RW = 'rw-token-0123';
const RO = 'ro-token-4567';

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(
  url: string,
  method: string,
  opts: { token?: string; body?: Buffer | string; headers?: Record<string, string>; chunked?: boolean } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers: Record<string, string | number> = { ...(opts.headers ?? {}) };
    if (opts.token !== undefined) headers['Authorization'] = `Bearer ${opts.token}`;
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
    if (body && !opts.chunked) headers['Content-Length'] = body.length;
    const req = http.request(
      // Raw path: the client must not normalise `..` away before the server sees it.
      { host: u.hostname, port: u.port, method, path: url.slice(`${u.protocol}//${u.host}`.length), headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body && opts.chunked) {
      req.write(body); // headers go out without Content-Length: chunked transfer
      req.end();
    } else if (body) req.end(body);
    else req.end();
  });
}

const repoRoot = path.resolve(__dirname, '..');
const serverScript = path.join(__dirname, 'support', 'servers', 'remote-cache-server.js');

function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nx-gopkg-${prefix}-`));
}

function entryFiles(server: RemoteCacheServer): string[] {
  return fs.readdirSync(path.join(server.dir, 'entries')).sort();
}

/** Names in a tar.gz (ustar headers; enough for what Nx writes). */
function tarNames(gz: Buffer): string[] {
  const tar = zlib.gunzipSync(gz);
  const names: string[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number) =>
      header
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = field(0, 100);
    names.push(prefix ? `${prefix}/${name}` : name);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

describe('e2e/support/servers/remote-cache-server.js', () => {
  let dir: string;
  let server: RemoteCacheServer;
  const cacheUrl = (hash: string) => `${server.url}/v1/cache/${hash}`;

  beforeEach(async () => {
    dir = tmpDir('rcs');
    server = await startRemoteCacheServer({ dir, token: RW, readOnlyToken: RO, maxBodyBytes: 1024 * 1024 });
  });

  afterEach(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 on a free port by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('stores a PUT and returns the same bytes on GET', async () => {
    const body = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256));
    const put = await request(cacheUrl('1234567890'), 'PUT', { token: RW, body });
    expect(put.status).toBe(200); // Nx 24.0.6 accepts only 200 as a stored upload.

    const get = await request(cacheUrl('1234567890'), 'GET', { token: RW });
    expect(get.status).toBe(200);
    expect(get.headers['content-type']).toBe('application/octet-stream');
    expect(Number(get.headers['content-length'])).toBe(body.length);
    expect(get.body.equals(body)).toBe(true);

    const withReadOnlyToken = await request(cacheUrl('1234567890'), 'GET', { token: RO });
    expect(withReadOnlyToken.status).toBe(200);
    expect(withReadOnlyToken.body.equals(body)).toBe(true);

    expect(server.stats).toMatchObject({ puts: 1, gets: 2, hits: 2, misses: 0, rejections: 0 });
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('answers 404 for a missing entry', async () => {
    const res = await request(cacheUrl('42'), 'GET', { token: RW });
    expect(res.status).toBe(404);
    expect(server.stats).toMatchObject({ gets: 1, hits: 0, misses: 1 });
  });

  it('answers 409 to a second PUT of a hash and keeps the first entry', async () => {
    expect((await request(cacheUrl('77'), 'PUT', { token: RW, body: 'first' })).status).toBe(200);
    const again = await request(cacheUrl('77'), 'PUT', { token: RW, body: 'second, longer body' });
    expect(again.status).toBe(409);
    expect((await request(cacheUrl('77'), 'GET', { token: RW })).body.toString()).toBe('first');
    expect(server.stats).toMatchObject({ puts: 1, conflicts: 1 });
  });

  it.each([
    ['a wrong token', { Authorization: `Bearer not-${RW}` }],
    ['no Authorization header', {} as Record<string, string>],
    ['another auth scheme', { Authorization: `Basic ${Buffer.from(`x:${RW}`).toString('base64')}` }],
    ['the token without the Bearer scheme', { Authorization: RW }],
  ])('answers 403 to %s, for reads and writes, and stores nothing', async (_label, headers) => {
    const put = await request(cacheUrl('55'), 'PUT', { headers, body: 'poison' });
    expect(put.status).toBe(403);
    const get = await request(cacheUrl('55'), 'GET', { headers });
    expect(get.status).toBe(403);
    expect(entryFiles(server)).toEqual([]);
    expect(server.stats).toMatchObject({ rejections: 2, puts: 0, gets: 0 });
    // The right token still sees no entry.
    expect((await request(cacheUrl('55'), 'GET', { token: RW })).status).toBe(404);
  });

  it('lets the read-only token read but not write', async () => {
    const put = await request(cacheUrl('66'), 'PUT', { token: RO, body: 'from a read-only client' });
    expect(put.status).toBe(403); // Nx 24 treats a 403 on PUT as "not stored" and carries on.
    expect(put.body.toString()).toMatch(/read-only/);
    expect(entryFiles(server)).toEqual([]);
    expect((await request(cacheUrl('66'), 'GET', { token: RO })).status).toBe(404);
  });

  it.each([
    '..%2F..%2Fetc%2Fpasswd',
    '..',
    '.',
    '%2e%2e',
    'a.b',
    'a%2Fb',
    'a/b',
    '',
    '%00',
    'x'.repeat(129),
    '%E0%A4%A',
  ])('rejects the unsafe hash %j with 400 and writes nothing', async (hash) => {
    const put = await request(`${server.url}/v1/cache/${hash}`, 'PUT', { token: RW, body: 'x' });
    expect(put.status).toBe(400);
    const get = await request(`${server.url}/v1/cache/${hash}`, 'GET', { token: RW });
    expect(get.status).toBe(400);
    expect(entryFiles(server)).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(['corrupt', 'entries', 'tmp']);
  });

  it('rejects raw `..` segments instead of normalising them', async () => {
    for (const p of ['/v1/cache/../../../etc/passwd', '/v1/cache/../entries', '/v1/cache/..']) {
      const res = await request(`${server.url}${p}`, 'GET', { token: RW });
      expect(res.status).toBe(400);
      expect(res.body.toString()).not.toContain('root:');
    }
    expect((await request(`${server.url}/v1/cache/../../../tmp/x`, 'PUT', { token: RW, body: 'x' })).status).toBe(400);
    expect(entryFiles(server)).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(['corrupt', 'entries', 'tmp']);
  });

  it('accepts the double slash a server URL with a trailing slash produces', async () => {
    expect((await request(`${server.url}//v1/cache/321`, 'PUT', { token: RW, body: 'x' })).status).toBe(200);
    expect((await request(`${server.url}/v1/cache/321`, 'GET', { token: RW })).body.toString()).toBe('x');
  });

  it('answers 404 outside /v1/cache/', async () => {
    expect((await request(`${server.url}/`, 'GET', { token: RW })).status).toBe(404);
    expect((await request(`${server.url}/v1/cachex/1`, 'GET', { token: RW })).status).toBe(404);
  });

  it('checks the token before looking at the hash', async () => {
    const res = await request(`${server.url}/v1/cache/..%2F..%2Fetc%2Fpasswd`, 'GET', { token: 'nope' });
    expect(res.status).toBe(403);
  });

  it('requires Content-Length on PUT (411) and refuses oversized bodies (413)', async () => {
    const chunked = await request(cacheUrl('88'), 'PUT', { token: RW, body: 'abc', chunked: true });
    expect(chunked.status).toBe(411);
    const tooBig = await request(cacheUrl('88'), 'PUT', { token: RW, body: Buffer.alloc(1024 * 1024 + 1) });
    expect(tooBig.status).toBe(413);
    expect(entryFiles(server)).toEqual([]);
  });

  it('does not store an upload that stops before its Content-Length', async () => {
    const u = new URL(server.url);
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: u.hostname,
        port: u.port,
        method: 'PUT',
        path: '/v1/cache/99',
        headers: { Authorization: `Bearer ${RW}`, 'Content-Length': 1000 },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(400, 1), () => setTimeout(() => req.destroy(), 100));
      req.on('close', () => resolve());
    });
    // Give the server a moment to see the connection close.
    await new Promise((r) => setTimeout(r, 200));
    expect(entryFiles(server)).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    expect((await request(cacheUrl('99'), 'GET', { token: RW })).status).toBe(404);
    // A complete upload afterwards is accepted.
    expect((await request(cacheUrl('99'), 'PUT', { token: RW, body: 'whole' })).status).toBe(200);
  });

  it('leaves exactly one intact entry when the same hash is uploaded concurrently', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => Buffer.alloc(200_000 + i * 1000, i + 1));
    const results = await Promise.all(bodies.map((body) => request(cacheUrl('31337'), 'PUT', { token: RW, body })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(bodies.length - 1);

    const stored = (await request(cacheUrl('31337'), 'GET', { token: RW })).body;
    const winner = bodies[results.findIndex((r) => r.status === 200)];
    expect(stored.equals(winner)).toBe(true);
    expect(entryFiles(server)).toEqual(['31337', '31337.sha256']);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    expect(server.stats).toMatchObject({ puts: 1, conflicts: bodies.length - 1 });
  });

  it('answers 404 for an entry damaged on disk, sets it aside, and accepts a new upload', async () => {
    expect((await request(cacheUrl('123'), 'PUT', { token: RW, body: 'good bytes' })).status).toBe(200);
    fs.writeFileSync(server.entryPath('123'), 'garbage');
    expect((await request(cacheUrl('123'), 'GET', { token: RW })).status).toBe(404);
    expect(server.stats.corrupt).toBe(1);
    expect(fs.readdirSync(path.join(dir, 'corrupt'))).toHaveLength(1);
    expect((await request(cacheUrl('123'), 'PUT', { token: RW, body: 'fresh bytes' })).status).toBe(200);
    expect((await request(cacheUrl('123'), 'GET', { token: RW })).body.toString()).toBe('fresh bytes');
  });

  it('answers 405 to other methods', async () => {
    const res = await request(cacheUrl('1'), 'DELETE', { token: RW });
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('GET, HEAD, PUT');
    expect(server.requests).toEqual([{ method: 'DELETE', hash: '1', status: 405 }]);
  });

  it('works as a CLI and prints its URL', async () => {
    const cliDir = tmpDir('rcs-cli');
    const child = spawn(process.execPath, [serverScript, '--dir', cliDir, '--token', RW, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      expect((await request(`${url}/v1/cache/5`, 'PUT', { token: RW, body: 'cli' })).status).toBe(200);
      expect((await request(`${url}/v1/cache/5`, 'GET', { token: RW })).body.toString()).toBe('cli');
      expect((await request(`${url}/v1/cache/5`, 'GET', { token: 'x' })).status).toBe(403);
    } finally {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(cliDir, { recursive: true, force: true });
    }
  });

  it('CLI refuses to start without a token', async () => {
    const child = spawn(process.execPath, [serverScript, '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REMOTE_CACHE_TOKEN: '' },
    });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err).toContain('--token');
  });
});

describe('Nx 24 against e2e/support/servers/remote-cache-server.js', () => {
  let root: string;
  let storeDir: string;
  let server: RemoteCacheServer;
  const workspaces: TestWorkspace[] = [];

  /** A workspace with no plugins: one project whose cached target writes p/out.txt. */
  const sources = (text = 'hi'): Record<string, string> => ({
    'p/project.json': JSON.stringify(
      {
        name: 'p',
        root: 'p',
        targets: {
          make: {
            executor: 'nx:run-commands',
            options: { command: `echo ${text} > p/out.txt`, cwd: '.' },
            outputs: ['{projectRoot}/out.txt'],
            inputs: ['{projectRoot}/project.json', { externalDependencies: [] }],
            cache: true,
          },
        },
      },
      null,
      2,
    ),
  });
  const NX_JSON = { targetDefaults: { make: { cache: true, inputs: ['{projectRoot}/**/*'] } } };

  /** A fresh checkout (own directory, no outputs, own empty local cache and workspace data). */
  function makeWorkspace(text = 'hi'): TestWorkspace {
    const ws = TestWorkspace.create(sources(text), NX_JSON);
    workspaces.push(ws);
    return ws;
  }

  /** Runs `nx run p:make`. Async: the server is in this process. */
  function runNx(
    ws: TestWorkspace,
    env: Record<string, string | undefined>,
    extraArgs: string[] = [],
  ): Promise<RunResult> {
    return ws.nxAsync(['run', 'p:make', '--output-style=static', ...extraArgs], { NO_COLOR: '1', ...env });
  }

  const nxVersion: string = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'node_modules', 'nx', 'package.json'), 'utf8'),
  ).version;
  const remote = (token: string | undefined, url = server.url) => ({
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
  });

  const outFile = (ws: TestWorkspace) => path.join(ws.dir, 'p', 'out.txt');
  const puts = () => server.requests.filter((r) => r.method === 'PUT');

  beforeAll(async () => {
    root = tmpDir('rcs-nx');
    storeDir = path.join(root, 'store');
    server = await startRemoteCacheServer({ dir: storeDir, token: RW, readOnlyToken: RO });
  });

  afterAll(async () => {
    await server?.close();
    for (const ws of workspaces.splice(0)) ws.cleanup();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  let hash: string;
  let workspaceA: TestWorkspace;

  it(`stores a task's outputs with PUT (nx ${nxVersion})`, async () => {
    workspaceA = makeWorkspace();
    const res = await runNx(workspaceA, remote(RW));
    expect(res.code).toBe(0);
    expect(res.output).toContain('> nx run p:make');
    expect(res.output).not.toContain('[remote cache]');
    expect(fs.readFileSync(outFile(workspaceA), 'utf8').trim()).toBe('hi');

    // A miss first, then the upload.
    expect(server.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404', 'PUT 200']);
    expect(server.stats.puts).toBe(1);
    hash = puts()[0].hash!;
    expect(hash).toMatch(/^\d+$/);

    // The body is the tar.gz Nx documents: the outputs plus `terminalOutput` and `code`.
    const stored = fs.readFileSync(server.entryPath(hash));
    expect(stored.subarray(0, 2).toString('hex')).toBe('1f8b');
    expect(tarNames(stored)).toEqual(expect.arrayContaining(['p/out.txt', 'terminalOutput', 'code']));
  });

  it('restores it in a fresh checkout with an empty local cache, as [remote cache]', async () => {
    const b = makeWorkspace();
    const before = server.requests.length;
    const res = await runNx(b, remote(RW));
    expect(res.code).toBe(0);
    expect(res.output).toMatch(/> nx run p:make\s+\[remote cache\]/);
    expect(fs.readFileSync(outFile(b), 'utf8').trim()).toBe('hi');
    expect(server.requests.slice(before)).toEqual([{ method: 'GET', hash, status: 200 }]);
  });

  it('the read-only token also gets the hit', async () => {
    const b = makeWorkspace();
    const res = await runNx(b, remote(RO));
    expect(res.code).toBe(0);
    expect(res.output).toContain('[remote cache]');
  });

  it('stops the run when the token is wrong: 403 on GET is "Misconfigured remote cache endpoint"', async () => {
    const c = makeWorkspace();
    const before = server.requests.length;
    const res = await runNx(c, remote('wrong-token'));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Misconfigured remote cache endpoint: Unexpected response status: 403 Forbidden');
    // Fail-closed: the task did not run and nothing was uploaded.
    expect(fs.existsSync(outFile(c))).toBe(false);
    expect(server.requests.slice(before)).toEqual([{ method: 'GET', hash: null, status: 403 }]);
  });

  it('stops the run the same way when the token is missing', async () => {
    const c = makeWorkspace();
    const res = await runNx(c, remote(undefined));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Misconfigured remote cache endpoint: Unexpected response status: 403 Forbidden');
    expect(fs.existsSync(outFile(c))).toBe(false);
  });

  it('runs without the remote cache with --skip-remote-cache (and NX_SKIP_REMOTE_CACHE=true)', async () => {
    const before = server.requests.length;
    const d1 = makeWorkspace();
    const flag = await runNx(d1, remote('wrong-token'), ['--skip-remote-cache']);
    expect(flag.code).toBe(0);
    expect(flag.output).toContain('Remote Cache Disabled');
    expect(fs.readFileSync(outFile(d1), 'utf8').trim()).toBe('hi');

    const d2 = makeWorkspace();
    const env = await runNx(d2, { ...remote('wrong-token'), NX_SKIP_REMOTE_CACHE: 'true' });
    expect(env.code).toBe(0);
    expect(env.output).toContain('Remote Cache Disabled');

    const d3 = makeWorkspace();
    const unset = await runNx(d3, { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: undefined });
    expect(unset.code).toBe(0);
    expect(unset.output).not.toContain('[remote cache]');

    expect(server.requests.length).toBe(before);
  });

  it('a read-only token on a miss: the task runs, the PUT gets 403, Nx carries on', async () => {
    const e = makeWorkspace('from-readonly');
    const before = server.requests.length;
    const entriesBefore = entryFiles(server);
    const res = await runNx(e, remote(RO));
    expect(res.code).toBe(0);
    expect(fs.readFileSync(outFile(e), 'utf8').trim()).toBe('from-readonly');
    expect(res.output).not.toMatch(/remote cache endpoint|Unauthorized/);
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404', 'PUT 403']);
    expect(entryFiles(server)).toEqual(entriesBefore);
  });

  it('with 401 (text/plain) instead of 403, Nx stops with "Unauthorized: <body>"', async () => {
    const dir401 = path.join(root, 'store-401');
    const s401 = await startRemoteCacheServer({ dir: dir401, token: RW, authFailureStatus: 401 });
    try {
      const f = makeWorkspace();
      const res = await runNx(f, remote('wrong-token', s401.url));
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Unauthorized: Missing or invalid access token');
      expect(fs.existsSync(outFile(f))).toBe(false);
    } finally {
      await s401.close();
    }
  });

  it('Nx 24.0.6 treats the spec\'s "202 Accepted" for PUT as a misconfigured endpoint (so the server answers 200)', async () => {
    const seen: string[] = [];
    const accept202 = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push(req.method!);
        res.writeHead(req.method === 'PUT' ? 202 : 404);
        res.end();
      });
    });
    await new Promise<void>((r) => accept202.listen(0, '127.0.0.1', r));
    try {
      const port = (accept202.address() as { port: number }).port;
      const g = makeWorkspace();
      const res = await runNx(g, remote(RW, `http://127.0.0.1:${port}`));
      expect(res.code).toBe(1);
      expect(res.output).toContain('Misconfigured remote cache endpoint: Unexpected response status: 202 Accepted');
      expect(seen[0]).toBe('GET');
      expect(seen).toContain('PUT');
    } finally {
      accept202.closeAllConnections();
      await new Promise((r) => accept202.close(r));
    }
  });

  it('stops the run when the server is unreachable: "Failed to send request"', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const k = makeWorkspace();
    const res = await runNx(k, remote(RW, `http://127.0.0.1:${port}`));
    expect(res.code).toBe(1);
    expect(res.output).toContain(
      `Failed to send request: error sending request for url (http://127.0.0.1:${port}/v1/cache/`,
    );
    expect(fs.existsSync(outFile(k))).toBe(false);
  });

  describe('a damaged stored entry', () => {
    it('served as-is (verify: false): Nx 24.0.6 stops the run with "Failed to read entry from tarball"', async () => {
      const rawDir = path.join(root, 'store-raw');
      const raw = await startRemoteCacheServer({ dir: rawDir, token: RW, verify: false });
      try {
        const h1 = makeWorkspace();
        expect((await runNx(h1, remote(RW, raw.url))).code).toBe(0);
        const h = raw.requests.find((r) => r.method === 'PUT' && r.status === 200)!.hash!;
        fs.writeFileSync(raw.entryPath(h), Buffer.from('this is not a tar.gz '.repeat(20)));

        const h2 = makeWorkspace();
        const res = await runNx(h2, remote(RW, raw.url));
        expect(res.code).toBe(1);
        expect(res.output).toContain('Failed to read entry from tarball');
        // The task is not rerun: no output, and no new upload.
        expect(fs.existsSync(outFile(h2))).toBe(false);
        expect(raw.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
      } finally {
        await raw.close();
      }
    });

    it('with the default digest check: the server answers 404, Nx reruns the task and uploads a fresh entry', async () => {
      fs.writeFileSync(server.entryPath(hash), Buffer.from('garbage'));
      const i = makeWorkspace();
      const before = server.requests.length;
      const res = await runNx(i, remote(RW));
      expect(res.code).toBe(0);
      expect(res.output).not.toContain('[remote cache]');
      expect(fs.readFileSync(outFile(i), 'utf8').trim()).toBe('hi');
      expect(server.requests.slice(before)).toEqual([
        { method: 'GET', hash, status: 404 },
        { method: 'PUT', hash, status: 200 },
      ]);
      expect(server.stats.corrupt).toBe(1);

      const j = makeWorkspace();
      const again = await runNx(j, remote(RW));
      expect(again.code).toBe(0);
      expect(again.output).toContain('[remote cache]');
    });
  });
});
