#!/usr/bin/env node
'use strict';
/**
 * A small in-memory server speaking bazel-remote's HTTP cache protocol, for tests and benchmarks
 * of nx-gopkg's GOCACHEPROG program where the real bazel-remote binary is not available.
 *
 *   GET  /[prefix/]ac/<sha256 hex>    200 + bytes | 404
 *   PUT  /[prefix/]ac/<sha256 hex>    200 (body: an ActionResult protobuf; checked unless validateAC: false)
 *   HEAD /[prefix/]ac|cas/<hex>       200 | 404
 *   GET  /[prefix/]cas/<sha256 hex>   200 + bytes | 404 (the empty blob always exists)
 *   PUT  /[prefix/]cas/<sha256 hex>   200; 400 when the body's SHA-256 is not the key
 *   PUT without Content-Length → 400; other methods → 405; malformed paths → 400.
 *
 * Like bazel-remote with AC validation on (its default), a GET of an action entry answers 404
 * when an output file it references (without inline contents, size > 0) is missing from the CAS.
 *
 * Test hooks: srv.stats (requests per method+kind+status), srv.corrupt(kind, hex, bytes) replaces
 * stored bytes without checks, srv.failWith = <status> makes every request answer that status,
 * srv.clear(). No dependencies; not part of the nx-gopkg plugin.
 *
 * Module: const { startBazelRemoteTestServer } = require('./e2e/support/servers/bazel-remote-test-server');
 *         const srv = await startBazelRemoteTestServer({ port: 0 }); srv.url; await srv.close();
 * CLI:    node e2e/support/servers/bazel-remote-test-server.js [--port 9090] [--host 127.0.0.1]
 */
const http = require('node:http');
const { createHash } = require('node:crypto');

const PATH_RE = /^\/(?:.*\/)?(ac|cas)\/([a-f0-9]{64})$/;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Walks protobuf fields: [{ num, wire, int?, bytes? }]; throws on malformed input. */
function protoFields(buf) {
  const out = [];
  let pos = 0;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const num = key >>> 3;
    const wire = key & 7;
    if (num === 0) throw new Error('field 0');
    if (wire === 0) out.push({ num, wire, int: varint() });
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new Error('truncated field');
      out.push({ num, wire, bytes: buf.subarray(pos, pos + len) });
      pos += len;
    } else throw new Error(`wire type ${wire}`);
    if (pos > buf.length) throw new Error('truncated');
  }
  return out;
}

/** The CAS digests an ActionResult's output files need (hash, size), skipping inline ones. */
function referencedBlobs(actionResult) {
  const blobs = [];
  for (const f of protoFields(actionResult)) {
    if (f.num !== 2 || !f.bytes) continue; // output_files
    let digest;
    let inline = false;
    for (const g of protoFields(f.bytes)) {
      if (g.num === 2 && g.bytes) digest = g.bytes;
      if (g.num === 5 && g.bytes && g.bytes.length) inline = true;
    }
    if (!digest || inline) continue;
    let hash = '';
    let size = 0n;
    for (const d of protoFields(digest)) {
      if (d.num === 1 && d.bytes) hash = d.bytes.toString('utf8');
      if (d.num === 2 && d.int !== undefined) size = d.int;
    }
    if (size > 0n) blobs.push({ hash, size: Number(size) });
  }
  return blobs;
}

function startBazelRemoteTestServer(options = {}) {
  const { port = 0, host = '127.0.0.1', validateAC = true } = options;
  const store = { ac: new Map(), cas: new Map() };
  const stats = {};
  const count = (key) => (stats[key] = (stats[key] || 0) + 1);
  const srv = {
    url: '',
    port: 0,
    stats,
    store,
    failWith: 0,
    corrupt(kind, hex, bytes) {
      store[kind].set(hex, Buffer.from(bytes));
    },
    clear() {
      store.ac.clear();
      store.cas.clear();
      for (const k of Object.keys(stats)) delete stats[k];
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };

  const server = http.createServer((req, res) => {
    const reply = (status, body, kind) => {
      count(`${req.method} ${kind || '-'} ${status}`);
      const data = body === undefined ? Buffer.from(status === 200 ? '' : `${http.STATUS_CODES[status]}\n`) : body;
      res.writeHead(status, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length });
      res.end(req.method === 'HEAD' ? undefined : data);
    };
    const m = PATH_RE.exec((req.url || '').split('?')[0]);
    if (srv.failWith) {
      req.resume();
      return reply(srv.failWith, undefined, m && m[1]);
    }
    if (!m) {
      req.resume();
      return reply(400);
    }
    const [, kind, hex] = m;
    if (req.method === 'GET' || req.method === 'HEAD') {
      req.resume();
      let data = store[kind].get(hex);
      if (!data && kind === 'cas' && hex === EMPTY_SHA256) data = Buffer.alloc(0);
      if (data && kind === 'ac' && validateAC) {
        try {
          if (referencedBlobs(data).some((b) => !store.cas.has(b.hash))) data = undefined;
        } catch {
          data = undefined;
        }
      }
      return data ? reply(200, data, kind) : reply(404, undefined, kind);
    }
    if (req.method !== 'PUT') {
      req.resume();
      return reply(405, undefined, kind);
    }
    if (req.headers['content-length'] === undefined) {
      req.resume();
      return reply(400, undefined, kind);
    }
    const expected = Number(req.headers['content-length']);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (body.length !== expected) return reply(400, undefined, kind);
      if (kind === 'cas' && createHash('sha256').update(body).digest('hex') !== hex) return reply(400, undefined, kind);
      if (kind === 'ac' && validateAC) {
        try {
          referencedBlobs(body);
        } catch {
          return reply(400, undefined, kind);
        }
      }
      store[kind].set(hex, body);
      reply(200, undefined, kind);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      srv.port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
      srv.url = `http://${host}:${srv.port}`;
      resolve(srv);
    });
  });
}

module.exports = { startBazelRemoteTestServer, referencedBlobs };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  startBazelRemoteTestServer({ port: Number(opt('--port', '9090')), host: opt('--host', '127.0.0.1') }).then((srv) => {
    process.stdout.write(`bazel-remote test server on ${srv.url}\n`);
  });
}
