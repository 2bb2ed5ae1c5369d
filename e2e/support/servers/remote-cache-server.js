#!/usr/bin/env node
'use strict';
/**
 * A small self-hosted remote cache server for Nx 24 (test and local use).
 *
 * Implements Nx's "custom remote cache" HTTP API (the OpenAPI spec on
 * nx.dev/docs/kb/self-hosted-caching, read by Nx's native `HttpRemoteCache`):
 *
 *   PUT /v1/cache/{hash}   body: the tar.gz Nx built for the task
 *   GET /v1/cache/{hash}   200 + the bytes, or 404
 *
 * Nx sends `Authorization: Bearer $NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN`.
 *
 * Status codes, and what Nx 24.0.6 does with them (see docs/remote-cache.md):
 *   PUT 200  stored                    (Nx only treats 200 as success)
 *   PUT 409  entry exists, unchanged   (Nx: silently keeps going)
 *   PUT 403  token may not write       (Nx: silently keeps going)
 *   GET 404  miss                      (Nx: runs the task)
 *   GET 403  token may not read        (Nx: stops, "Misconfigured remote cache endpoint")
 *
 * Entries are immutable: an upload is written to a temporary file and then
 * hard-linked into place, which fails if the entry exists, so concurrent
 * uploads of one hash leave exactly one complete entry and a reader never sees
 * a partial file. Uploads shorter than their Content-Length are discarded.
 *
 * Nx 24.0.6 fails the whole run when a GET returns bytes it cannot untar
 * ("Failed to read entry from tarball"), and a later PUT cannot repair the
 * entry (409). So, unless `verify: false`, the server keeps the SHA-256 of each
 * upload beside it (`entries/<hash>.sha256`), checks it before serving, and
 * answers 404 for an entry whose bytes changed on disk, moving it to
 * `corrupt/`: Nx then reruns the task and uploads a fresh entry.
 *
 * No dependencies; not part of the nx-gopkg plugin.
 *
 * Module:  const { startRemoteCacheServer } = require('./e2e/support/servers/remote-cache-server');
 *          const srv = await startRemoteCacheServer({ dir, token, readOnlyToken, port });
 *          srv.url, srv.port, srv.stats, srv.entryPath(hash), await srv.close()
 * CLI:     node e2e/support/servers/remote-cache-server.js --dir DIR --token TOKEN
 *               [--read-only-token TOKEN] [--port N] [--host H]
 */

const http = require('node:http');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const { createHash, randomBytes, timingSafeEqual } = require('node:crypto');

const CACHE_PREFIX = '/v1/cache/';
/** Nx task hashes are decimal strings; allow a conservative superset, never `.` or `/`. */
const HASH_RE = /^[A-Za-z0-9_-]{1,128}$/;
const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024 * 1024;

function isValidHash(hash) {
  return typeof hash === 'string' && HASH_RE.test(hash);
}

/** Constant-time comparison that does not leak the token length either. */
function tokenMatches(given, expected) {
  if (typeof given !== 'string' || typeof expected !== 'string' || expected === '') {
    return false;
  }
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function bearerToken(req) {
  const header = req.headers['authorization'];
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m ? m[1].trim() : undefined;
}

/**
 * @param {object} options
 * @param {string} options.dir            where entries are stored (created if missing)
 * @param {string} options.token          read-write bearer token (required)
 * @param {string} [options.readOnlyToken] bearer token that may GET but not PUT
 * @param {number} [options.port=0]       0 picks a free port
 * @param {string} [options.host='127.0.0.1']
 * @param {number} [options.maxBodyBytes] larger uploads get 413
 * @param {boolean} [options.verify=true] check each entry's SHA-256 before serving it
 * @param {number} [options.authFailureStatus=403] status for a missing or wrong token
 * @param {(err: unknown) => void} [options.onError] told of a request that failed inside the server
 *        (403 or 401; with 401 the body is text/plain, which Nx shows as "Unauthorized: <body>")
 * @returns {Promise<{url: string, port: number, host: string, dir: string,
 *   stats: Record<'requests'|'gets'|'hits'|'misses'|'puts'|'conflicts'|'rejections'|'corrupt'|'badRequests', number>,
 *   requests: Array<{method: string, hash: string|null, status: number}>,
 *   entryPath: (hash: string) => string, close: () => Promise<void>}>}
 */
async function startRemoteCacheServer(options) {
  const {
    dir,
    token,
    readOnlyToken,
    port = 0,
    host = '127.0.0.1',
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    authFailureStatus = 403,
    verify = true,
  } = options || {};
  if (!dir) throw new Error('startRemoteCacheServer: `dir` is required');
  if (typeof token !== 'string' || token === '') {
    throw new Error('startRemoteCacheServer: a non-empty `token` is required');
  }
  if (readOnlyToken !== undefined && (typeof readOnlyToken !== 'string' || readOnlyToken === '')) {
    throw new Error('startRemoteCacheServer: `readOnlyToken` must be a non-empty string');
  }
  if (authFailureStatus !== 401 && authFailureStatus !== 403) {
    throw new Error('startRemoteCacheServer: `authFailureStatus` must be 401 or 403');
  }

  const root = path.resolve(dir);
  const entriesDir = path.join(root, 'entries');
  const tmpDir = path.join(root, 'tmp');
  const corruptDir = path.join(root, 'corrupt');
  await fsp.mkdir(entriesDir, { recursive: true });
  await fsp.mkdir(tmpDir, { recursive: true });
  await fsp.mkdir(corruptDir, { recursive: true });

  const stats = {
    requests: 0,
    gets: 0, // authorised GETs
    hits: 0,
    misses: 0,
    puts: 0, // uploads stored
    conflicts: 0, // uploads refused with 409
    rejections: 0, // missing/wrong token, or read-only token writing
    corrupt: 0, // entries whose bytes no longer matched their digest (served as 404)
    badRequests: 0, // bad hash, bad method, missing/oversized/short body
  };
  /** Every answered request, in order, for tests that want to see what Nx did. */
  const requests = [];

  const entryPath = (hash) => {
    if (!isValidHash(hash)) throw new Error(`invalid hash: ${JSON.stringify(hash)}`);
    return path.join(entriesDir, hash);
  };

  function reply(req, res, hash, status, body, headers = {}) {
    requests.push({ method: req.method, hash, status });
    const payload = body === undefined ? '' : String(body);
    res.writeHead(status, {
      'Content-Type': 'text/plain',
      'Content-Length': Buffer.byteLength(payload),
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : payload);
  }

  /**
   * Answer without storing anything. A body of acceptable size is read and
   * discarded first, so a client still sending sees the status rather than a
   * reset connection; anything else is answered at once and the connection closed.
   */
  function refuse(req, res, hash, status, message) {
    const length = req.headers['content-length'];
    const drainable = !req.complete && length !== undefined && /^\d+$/.test(length) && Number(length) <= maxBodyBytes;
    if (req.complete || !drainable) {
      if (!req.complete && (length !== undefined || req.headers['transfer-encoding'])) {
        res.setHeader('Connection', 'close');
      }
      reply(req, res, hash, status, message);
      req.resume();
      return;
    }
    req.on('end', () => reply(req, res, hash, status, message));
    req.on('error', () => res.destroy());
    req.resume();
  }

  /** @returns {'write'|'read'|null} */
  function access(req) {
    const given = bearerToken(req);
    if (tokenMatches(given, token)) return 'write';
    if (readOnlyToken !== undefined && tokenMatches(given, readOnlyToken)) return 'read';
    return null;
  }

  const digestPath = (hash) => `${entryPath(hash)}.sha256`;

  async function sha256OfHandle(handle) {
    const hasher = createHash('sha256');
    const buf = Buffer.alloc(1024 * 1024);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      if (bytesRead === 0) break;
      hasher.update(buf.subarray(0, bytesRead));
      position += bytesRead;
    }
    return hasher.digest('hex');
  }

  /** Move a damaged entry aside (kept for inspection) so the hash can be uploaded again. */
  async function quarantine(hash) {
    const target = path.join(corruptDir, `${hash}.${Date.now()}.${randomBytes(4).toString('hex')}`);
    await fsp.rename(entryPath(hash), target).catch(() => {});
    await fsp.rm(digestPath(hash), { force: true });
  }

  async function handleGet(req, res, hash) {
    stats.gets++;
    let handle;
    try {
      handle = await fsp.open(entryPath(hash), 'r');
    } catch (e) {
      if (e.code === 'ENOENT') {
        stats.misses++;
        return reply(req, res, hash, 404, 'Not found');
      }
      throw e;
    }
    try {
      if (verify) {
        // No digest file: an upload from before verification, or one linked a moment ago
        // whose digest is still being written. Serve it as it is.
        const expected = await fsp.readFile(digestPath(hash), 'utf8').then(
          (text) => text.trim(),
          (e) => {
            if (e.code === 'ENOENT') return null;
            throw e;
          },
        );
        if (expected !== null && (await sha256OfHandle(handle)) !== expected) {
          await handle.close();
          handle = undefined;
          await quarantine(hash);
          stats.corrupt++;
          stats.misses++;
          return reply(req, res, hash, 404, 'Not found (stored entry was damaged and has been removed)');
        }
      }
      const { size } = await handle.stat();
      stats.hits++;
      requests.push({ method: req.method, hash, status: 200 });
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
      if (req.method === 'HEAD') {
        res.end();
        await handle.close();
        return;
      }
      // The fd stays valid even if the entry were replaced, so the bytes sent are one file's.
      const stream = handle.createReadStream({ start: 0, end: Math.max(0, size - 1), autoClose: true });
      if (size === 0) {
        stream.destroy();
        res.end();
        return;
      }
      stream.on('error', () => res.destroy());
      stream.pipe(res);
      handle = undefined; // owned by the stream now
    } finally {
      if (handle) await handle.close().catch(() => {});
    }
  }

  async function handlePut(req, res, hash) {
    const lengthHeader = req.headers['content-length'];
    if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader)) {
      stats.badRequests++;
      return refuse(req, res, hash, 411, 'Content-Length is required');
    }
    const expected = Number(lengthHeader);
    if (expected > maxBodyBytes) {
      stats.badRequests++;
      return refuse(req, res, hash, 413, `Upload exceeds ${maxBodyBytes} bytes`);
    }
    const finalPath = entryPath(hash);
    if (fs.existsSync(finalPath)) {
      stats.conflicts++;
      return refuse(req, res, hash, 409, 'Cannot override an existing record');
    }

    const tmpPath = path.join(tmpDir, `${hash}.${process.pid}.${randomBytes(8).toString('hex')}`);
    let received = 0;
    const hasher = createHash('sha256');
    const out = fs.createWriteStream(tmpPath, { flags: 'wx' });
    const removeTmp = () => fsp.rm(tmpPath, { force: true }).catch(() => {});

    const written = new Promise((resolve, reject) => {
      let ended = false;
      req.on('data', (chunk) => {
        received += chunk.length;
        hasher.update(chunk);
      });
      req.on('end', () => {
        ended = true;
      });
      req.on('error', reject);
      req.on('close', () => {
        if (!ended) reject(Object.assign(new Error('upload aborted'), { code: 'ABORTED' }));
      });
      out.on('error', reject);
      out.on('finish', () => resolve(undefined));
      req.pipe(out);
    });

    try {
      await written;
    } catch (e) {
      out.destroy();
      await removeTmp();
      if (e.code === 'ABORTED' || res.destroyed) {
        stats.badRequests++;
        requests.push({ method: req.method, hash, status: 0 });
        return; // client is gone; nothing stored
      }
      throw e;
    }

    if (received !== expected) {
      await removeTmp();
      stats.badRequests++;
      return reply(req, res, hash, 400, `Body has ${received} bytes, Content-Length says ${expected}`);
    }

    // Make the bytes durable before they become visible.
    const fh = await fsp.open(tmpPath, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }

    try {
      // link() fails with EEXIST instead of replacing: first complete upload wins.
      await fsp.link(tmpPath, finalPath);
    } catch (e) {
      if (e.code === 'EEXIST') {
        await removeTmp();
        stats.conflicts++;
        return reply(req, res, hash, 409, 'Cannot override an existing record');
      }
      if (e.code !== 'EPERM' && e.code !== 'ENOTSUP' && e.code !== 'EXDEV') {
        await removeTmp();
        throw e;
      }
      // File systems without hard links: rename is still atomic, the existence check is not.
      if (fs.existsSync(finalPath)) {
        await removeTmp();
        stats.conflicts++;
        return reply(req, res, hash, 409, 'Cannot override an existing record');
      }
      await fsp.rename(tmpPath, finalPath);
    }
    await removeTmp();
    // Only the upload that created the entry records its digest.
    const digestTmp = `${tmpPath}.sha256`;
    await fsp.writeFile(digestTmp, `${hasher.digest('hex')}\n`);
    await fsp.rename(digestTmp, digestPath(hash));
    stats.puts++;
    return reply(req, res, hash, 200, 'Stored');
  }

  async function handle(req, res) {
    stats.requests++;
    // The raw path, deliberately not normalised: `/v1/cache/../x` must reach the hash check.
    // Leading slashes are collapsed: Nx appends `/v1/cache/<hash>` to the configured URL as is,
    // so a server URL with a trailing slash arrives as `//v1/cache/<hash>`.
    const pathname = String(req.url || '')
      .split('?')[0]
      .replace(/^\/+/, '/');
    if (!pathname.startsWith(CACHE_PREFIX)) {
      stats.badRequests++;
      return refuse(req, res, null, 404, 'Not found');
    }

    // Authorise before saying anything about the path.
    const granted = access(req);
    if (granted === null) {
      stats.rejections++;
      return refuse(req, res, null, authFailureStatus, 'Missing or invalid access token');
    }

    let hash;
    try {
      hash = decodeURIComponent(pathname.slice(CACHE_PREFIX.length));
    } catch {
      hash = null;
    }
    if (!isValidHash(hash)) {
      stats.badRequests++;
      return refuse(req, res, null, 400, 'Invalid hash');
    }

    switch (req.method) {
      case 'GET':
      case 'HEAD':
        req.resume();
        return handleGet(req, res, hash);
      case 'PUT':
        if (granted !== 'write') {
          stats.rejections++;
          return refuse(req, res, hash, 403, 'This token is read-only');
        }
        return handlePut(req, res, hash);
      default:
        stats.badRequests++;
        res.setHeader('Allow', 'GET, HEAD, PUT');
        return refuse(req, res, hash, 405, 'Method not allowed');
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        reply(req, res, null, 500, 'Internal error');
      } else {
        res.destroy();
      }
      if (options.onError) options.onError(err);
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const actualPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    host,
    dir: root,
    stats,
    requests,
    entryPath,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * @param {string[]} argv
 * @returns {{ dir?: string, token?: string, readOnlyToken?: string, port?: number, host?: string, help?: boolean, verify?: boolean }}
 */
function parseArgs(argv) {
  /** @type {ReturnType<typeof parseArgs>} */
  const out = {};
  const names = {
    '--dir': 'dir',
    '--token': 'token',
    '--read-only-token': 'readOnlyToken',
    '--port': 'port',
    '--host': 'host',
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    if (arg === '--no-verify') {
      out.verify = false;
      continue;
    }
    const key = names[arg];
    if (!key) throw new Error(`unknown argument: ${arg}`);
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
    }
    out[key] = value;
  }
  if (out.port !== undefined) {
    if (!/^\d+$/.test(String(out.port)) || Number(out.port) > 65535) throw new Error(`bad --port: ${out.port}`);
    out.port = Number(out.port);
  }
  return out;
}

const USAGE = `Usage: node e2e/support/servers/remote-cache-server.js --dir DIR --token TOKEN [--read-only-token TOKEN] [--port N] [--host H] [--no-verify]

A self-hosted Nx remote cache for local testing. Then, in the workspace:
  export NX_SELF_HOSTED_REMOTE_CACHE_SERVER=<printed url>
  export NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN=TOKEN
The token can also come from the environment variable REMOTE_CACHE_TOKEN.
--no-verify serves stored bytes without checking them (to see what Nx does with a damaged entry).`;

async function main(argv) {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const token = args.token ?? process.env.REMOTE_CACHE_TOKEN;
  if (!args.dir || !token) {
    process.stderr.write(`--dir and --token are required\n${USAGE}\n`);
    return 2;
  }
  const server = await startRemoteCacheServer({ ...args, dir: args.dir, token });
  process.stdout.write(`Nx remote cache listening on ${server.url} (entries in ${path.join(server.dir, 'entries')})\n`);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return undefined;
}

module.exports = { startRemoteCacheServer, isValidHash };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${err.stack || err}\n`);
      process.exitCode = 1;
    },
  );
}
