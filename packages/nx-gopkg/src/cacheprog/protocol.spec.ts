import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeActionEntry, encodeActionEntry } from './action-result';
import { compileProgram } from '../test-support/cacheprog';
import { encodeHit, encodeResponse, hexToB64, RequestReader, type Request, type Response } from './protocol';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const hexId = (s: string) => sha(Buffer.from(s));

describe('RequestReader', () => {
  it('frames requests and put bodies across arbitrary chunk boundaries, skipping blank lines', () => {
    const body = Buffer.from('hello, cache');
    const stream = Buffer.from(
      JSON.stringify({ ID: 1, Command: 'get', ActionID: hexToB64(hexId('a')) }) +
        '\n\n' +
        JSON.stringify({
          ID: 2,
          Command: 'put',
          ActionID: hexToB64(hexId('b')),
          OutputID: hexToB64(sha(body)),
          BodySize: body.length,
        }) +
        '\n\n' +
        `"${body.toString('base64')}"\n` +
        JSON.stringify({
          ID: 3,
          Command: 'put',
          ActionID: hexToB64(hexId('c')),
          OutputID: hexToB64(sha(Buffer.alloc(0))),
        }) +
        '\n\n' +
        JSON.stringify({ ID: 4, Command: 'close' }) +
        '\n\n',
    );
    for (const step of [1, 3, 7, stream.length]) {
      const got: Request[] = [];
      const reader = new RequestReader(
        (r) => got.push(r),
        (e) => {
          throw e;
        },
      );
      for (let i = 0; i < stream.length; i += step) reader.push(stream.subarray(i, i + step));
      expect(got.map((r) => r.ID)).toEqual([1, 2, 3, 4]);
      expect(got[1].body?.toString()).toBe('hello, cache');
      expect(got[2].body).toBeUndefined();
      expect(reader.incomplete).toBe(false);
    }
  });

  it('hands over a put whose body line is not a JSON string without a body', () => {
    const got: Request[] = [];
    const reader = new RequestReader(
      (r) => got.push(r),
      () => undefined,
    );
    reader.push(Buffer.from(JSON.stringify({ ID: 7, Command: 'put', BodySize: 3 }) + '\n\nnot-a-string\n'));
    expect(got).toHaveLength(1);
    expect(got[0].body).toBeUndefined();
  });
});

describe('encodeHit', () => {
  it('writes what encodeResponse writes for the same hit', () => {
    for (const size of [0, 1, 123456789]) {
      const hit = { outputId: hexId('o'), size, timeMs: 1764170000123, diskPath: '/tmp/a "quoted" dir\\x/o/ab/cd' };
      const res = {
        ID: 42,
        OutputID: hexToB64(hit.outputId),
        Size: size,
        Time: new Date(hit.timeMs).toISOString(),
        DiskPath: hit.diskPath,
      };
      expect(encodeHit(42, hit)).toBe(encodeResponse(res));
    }
  });
});

describe('action entries (ActionResult protobuf)', () => {
  it('round-trips, with and without inline contents', () => {
    const contents = Buffer.from('abc');
    const e = { outputId: sha(contents), size: 3, timeMs: 1764170000123, contents };
    expect(decodeActionEntry(encodeActionEntry(e))).toEqual(e);
    const big = { outputId: hexId('x'), size: 123456789, timeMs: 1764170000000 };
    expect(decodeActionEntry(encodeActionEntry(big))).toEqual({ ...big, contents: undefined });
  });

  it('still decodes after a server adds fields, and rejects garbage', () => {
    const e = { outputId: hexId('y'), size: 10, timeMs: 1000 };
    // exit_code = 0 written explicitly (field 4 varint) and an unknown fixed64 field 15
    const decorated = Buffer.concat([encodeActionEntry(e), Buffer.from([0x20, 0x00, 0x79, 1, 2, 3, 4, 5, 6, 7, 8])]);
    expect(decodeActionEntry(decorated).outputId).toBe(e.outputId);
    expect(() => decodeActionEntry(Buffer.from('definitely not protobuf'))).toThrow();
    expect(() => decodeActionEntry(encodeActionEntry(e).subarray(0, 20))).toThrow();
  });
});

let program: string;
let programDir: string;
beforeAll(() => {
  programDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-cacheprog-bin-'));
  program = compileProgram(programDir);
});
afterAll(() => fs.rmSync(programDir, { recursive: true, force: true }));
/** Programs still running after a test (one that failed) are killed, so jest can finish. */
const children = new Set<ReturnType<typeof spawn>>();
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});

/** A copy of the compiled program in a temp dir, changed by `alter` (the caller removes it). */
function programCopy(alter: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-cacheprog-altered-'));
  fs.cpSync(programDir, dir, { recursive: true });
  alter(dir);
  return dir;
}

/** Runs the compiled program as go does: a child process on pipes. */
function session(env: NodeJS.ProcessEnv) {
  return spawnSession(program, env);
}

function spawnSession(programFile: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [programFile], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const input = child.stdin;
  const warnings: string[] = [];
  const responses: Response[] = [];
  let buf = '';
  let errBuf = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (c: Buffer) => {
    buf += c.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      responses.push(JSON.parse(buf.slice(0, nl)));
      buf = buf.slice(nl + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  child.stderr.on('data', (c: Buffer) => {
    errBuf += c.toString();
    const lines = errBuf.split('\n');
    errBuf = lines.pop()!;
    warnings.push(...lines);
  });
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  void done.then(() => waiters.splice(0).forEach((w) => w()));
  const until = async (pred: () => boolean) => {
    while (!pred()) {
      if (child.exitCode !== null) throw new Error(`program exited ${child.exitCode}: ${warnings.join('\n')}`);
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const send = (obj: object, body?: Buffer) => {
    input.write(JSON.stringify(obj) + '\n\n' + (body && body.length ? `"${body.toString('base64')}"\n` : ''));
  };
  const response = async (id: number) => {
    await until(() => responses.some((r) => r.ID === id));
    return responses.find((r) => r.ID === id)!;
  };
  return { input, responses, warnings, done, send, response, until };
}

describe('the program over its stdin/stdout protocol', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-cacheprog-proto-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('announces its commands, stores puts, serves gets with DiskPath, and closes', async () => {
    const s = session({ NX_GOPKG_GOCACHE_DIR: dir, NX_GOPKG_GOCACHE_MAX_AGE_DAYS: '0' });
    expect(await s.response(0)).toEqual({ ID: 0, KnownCommands: ['get', 'put', 'close'] });
    const body = Buffer.from('object bytes');
    const a = hexId('action-1');
    s.send({ ID: 1, Command: 'get', ActionID: hexToB64(a) });
    expect(await s.response(1)).toEqual({ ID: 1, Miss: true });
    s.send(
      { ID: 2, Command: 'put', ActionID: hexToB64(a), OutputID: hexToB64(sha(body)), BodySize: body.length },
      body,
    );
    const put = await s.response(2);
    expect(fs.readFileSync(put.DiskPath!, 'utf8')).toBe('object bytes');
    s.send({ ID: 3, Command: 'get', ActionID: hexToB64(a) });
    const hit = await s.response(3);
    expect(hit).toMatchObject({ ID: 3, OutputID: hexToB64(sha(body)), Size: body.length, DiskPath: put.DiskPath });
    expect(new Date(hit.Time!).getTime()).toBeGreaterThan(Date.now() - 60000);
    // empty body: BodySize omitted, no body line
    const e = hexId('empty');
    s.send({ ID: 4, Command: 'put', ActionID: hexToB64(e), OutputID: hexToB64(sha(Buffer.alloc(0))) });
    expect(fs.statSync((await s.response(4)).DiskPath!).size).toBe(0);
    s.send({ ID: 5, Command: 'close' });
    expect(await s.response(5)).toEqual({ ID: 5 });
    await s.done;
    expect(s.warnings).toEqual([]);
  });

  it('answers a put whose body does not hash to its OutputID, or has the wrong size, with Err', async () => {
    const s = session({ NX_GOPKG_GOCACHE_DIR: dir });
    const body = Buffer.from('real bytes');
    s.send(
      {
        ID: 1,
        Command: 'put',
        ActionID: hexToB64(hexId('a')),
        OutputID: hexToB64(hexId('other')),
        BodySize: body.length,
      },
      body,
    );
    expect((await s.response(1)).Err).toMatch(/hashes to/);
    s.send(
      {
        ID: 2,
        Command: 'put',
        ActionID: hexToB64(hexId('a')),
        OutputID: hexToB64(sha(body)),
        BodySize: body.length + 1,
      },
      body,
    );
    expect((await s.response(2)).Err).toMatch(/BodySize/);
    s.send({ ID: 3, Command: 'get', ActionID: hexToB64(hexId('a')) });
    expect(await s.response(3)).toEqual({ ID: 3, Miss: true });
    s.send({ ID: 4, Command: 'frobnicate' });
    expect((await s.response(4)).Err).toMatch(/unknown command/);
    s.input.end();
    await s.done;
  });

  it('answers out of order: a local hit is not held up by a slow remote lookup', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const server = http.createServer(async (req, res) => {
      req.resume();
      await gate;
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Seed the local tier.
      const seed = session({ NX_GOPKG_GOCACHE_DIR: dir });
      const body = Buffer.from('local');
      seed.send(
        {
          ID: 1,
          Command: 'put',
          ActionID: hexToB64(hexId('local')),
          OutputID: hexToB64(sha(body)),
          BodySize: body.length,
        },
        body,
      );
      await seed.response(1);
      seed.send({ ID: 2, Command: 'close' });
      await seed.done;

      const s = session({
        NX_GOPKG_GOCACHE_DIR: dir,
        NX_GOPKG_GOCACHE_REMOTE: url,
        NX_GOPKG_GOCACHE_REMOTE_READONLY: '1',
      });
      s.send({ ID: 1, Command: 'get', ActionID: hexToB64(hexId('remote-only')) });
      s.send({ ID: 2, Command: 'get', ActionID: hexToB64(hexId('local')) });
      await s.response(2);
      expect(s.responses.map((r) => r.ID)).toEqual([0, 2]);
      release();
      expect(await s.response(1)).toEqual({ ID: 1, Miss: true });
      s.send({ ID: 3, Command: 'close' });
      await s.done;
      expect(s.warnings).toEqual([]);
    } finally {
      release();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('takes a put body that spans many reads, and answers a get in the same write as the put', async () => {
    const s = session({ NX_GOPKG_GOCACHE_DIR: dir, NX_GOPKG_GOCACHE_MAX_AGE_DAYS: '0' });
    const body = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 10)) & 0xff;
    const a = hexId('big');
    s.send(
      { ID: 1, Command: 'put', ActionID: hexToB64(a), OutputID: hexToB64(sha(body)), BodySize: body.length },
      body,
    );
    s.send({ ID: 2, Command: 'get', ActionID: hexToB64(a) });
    const put = await s.response(1);
    expect(fs.readFileSync(put.DiskPath!).equals(body)).toBe(true);
    expect(await s.response(2)).toMatchObject({ ID: 2, Size: body.length, DiskPath: put.DiskPath });
    s.send({ ID: 3, Command: 'close' });
    expect(await s.response(3)).toEqual({ ID: 3 });
    expect(await s.done).toBe(0);
  });

  it('serves the local tier alone, with one warning, when its remote worker is missing', async () => {
    const broken = programCopy((d) => fs.rmSync(path.join(d, 'remote-worker.js')));
    try {
      const s = spawnSession(path.join(broken, 'main.js'), {
        NX_GOPKG_GOCACHE_DIR: dir,
        NX_GOPKG_GOCACHE_REMOTE: 'http://127.0.0.1:9',
      });
      s.send({ ID: 1, Command: 'get', ActionID: hexToB64(hexId('x')) });
      expect(await s.response(1)).toEqual({ ID: 1, Miss: true });
      const body = Buffer.from('kept locally');
      s.send(
        { ID: 2, Command: 'put', ActionID: hexToB64(hexId('y')), OutputID: hexToB64(sha(body)), BodySize: body.length },
        body,
      );
      expect(fs.readFileSync((await s.response(2)).DiskPath!, 'utf8')).toBe('kept locally');
      s.send({ ID: 3, Command: 'close' });
      await s.response(3);
      expect(await s.done).toBe(0);
      expect(s.warnings).toEqual([
        expect.stringMatching(/remote-worker\.js is missing; continuing with the local cache only/),
      ]);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('answers the lookups a failing remote worker held with misses, then serves the local tier alone', async () => {
    const server = http.createServer((req) => req.resume()); // never answers: lookups stay pending
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    // The worker throws outside any promise chain soon after its first message.
    const broken = programCopy((d) => {
      fs.renameSync(path.join(d, 'remote-worker.js'), path.join(d, 'real-worker.js'));
      fs.writeFileSync(
        path.join(d, 'remote-worker.js'),
        "require('node:worker_threads').parentPort.once('message', () => setTimeout(() => { throw new Error('injected'); }, 100));\n" +
          "require('./real-worker.js');\n",
      );
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const s = spawnSession(path.join(broken, 'main.js'), {
        NX_GOPKG_GOCACHE_DIR: dir,
        NX_GOPKG_GOCACHE_REMOTE: url,
        NX_GOPKG_GOCACHE_MAX_AGE_DAYS: '0',
      });
      s.send({ ID: 1, Command: 'get', ActionID: hexToB64(hexId('pending')) });
      expect(await s.response(1)).toEqual({ ID: 1, Miss: true });
      await s.until(() => s.warnings.some((w) => /remote cache worker failed \(injected\)/.test(w)));
      s.send({ ID: 2, Command: 'get', ActionID: hexToB64(hexId('later')) });
      expect(await s.response(2)).toEqual({ ID: 2, Miss: true });
      const body = Buffer.from('still stored');
      s.send(
        {
          ID: 3,
          Command: 'put',
          ActionID: hexToB64(hexId('later')),
          OutputID: hexToB64(sha(body)),
          BodySize: body.length,
        },
        body,
      );
      expect(fs.readFileSync((await s.response(3)).DiskPath!, 'utf8')).toBe('still stored');
      s.send({ ID: 4, Command: 'close' });
      expect(await s.response(4)).toEqual({ ID: 4 });
      expect(await s.done).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
