#!/usr/bin/env node
'use strict';
/**
 * Starts the system's nginx as a WebDAV store on a loopback port: the HTTP cache backend that
 * Bazel's docs describe, and a remote tier nx-gopkg's GOCACHEPROG program can use unchanged
 * (GET answers 200 or 404, PUT answers 201 for a new file and 204 for a replaced one).
 *
 * Everything lives in one directory the caller owns: the config file, the pid file, the error
 * and access logs, the temp paths and the store itself. nginx runs in the foreground
 * (`daemon off`) as the calling user, with `-p <dir> -c <conf> -e <error log>`, so no root path
 * is read or written. For the tests and benchmarks; docs/go-build-cache.md has a production config.
 *
 * Module:  const { startNginxWebdav, findNginx } = require('./e2e/support/servers/nginx-webdav');
 *          const srv = await startNginxWebdav({ dir });   // dir: empty or missing
 *          srv.url, srv.port, srv.store, srv.accessLog(), await srv.close()
 *          findNginx() → the nginx binary with the dav module, or undefined
 * CLI:     node e2e/support/servers/nginx-webdav.js --dir DIR [--port N]   (prints the URL; Ctrl-C stops it)
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

/** The path the readiness check asks for (a 404); left out of accessLog(). */
const PROBE = '/.nginx-webdav-ready';
const CANDIDATES = [
  '/usr/sbin/nginx',
  '/usr/local/sbin/nginx',
  '/usr/local/nginx/sbin/nginx',
  '/opt/homebrew/bin/nginx',
  '/usr/local/bin/nginx',
];

/** The nginx binary (PATH first, then the usual places) if it has http_dav_module; else undefined. */
function findNginx() {
  const onPath = (process.env.PATH || '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((d) => path.join(d, 'nginx'));
  for (const bin of [...onPath, ...CANDIDATES]) {
    if (!fs.existsSync(bin)) continue;
    const r = spawnSync(bin, ['-V'], { encoding: 'utf8' });
    if (r.status === 0 && /--with-http_dav_module/.test(`${r.stdout}${r.stderr}`)) return bin;
  }
  return undefined;
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/** nginx's config: paths are quoted (the temp dir may contain spaces). */
function config(dir, port) {
  const q = (p) => `"${p.replace(/(["\\])/g, '\\$1')}"`;
  const at = (...p) => q(path.join(dir, ...p));
  // As root, nginx would run its workers as nobody, who cannot write the caller's directory.
  const user = process.getuid && process.getuid() === 0 ? `user ${require('node:os').userInfo().username};\n` : '';
  return `# Written by e2e/support/servers/nginx-webdav.js.
daemon off;
${user}worker_processes 1;
pid ${at('nginx.pid')};
error_log ${at('error.log')} warn;
events {
  worker_connections 256;
}
http {
  log_format cache '$request_method $uri $status $body_bytes_sent';
  access_log ${at('access.log')} cache;
  client_body_temp_path ${at('tmp', 'body')};
  proxy_temp_path ${at('tmp', 'proxy')};
  fastcgi_temp_path ${at('tmp', 'fastcgi')};
  uwsgi_temp_path ${at('tmp', 'uwsgi')};
  scgi_temp_path ${at('tmp', 'scgi')};
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    root ${at('store')};
    client_max_body_size 2g;
    # A miss is normal for a cache: keep it out of the error log.
    log_not_found off;
    location / {
      dav_methods PUT DELETE;
      create_full_put_path on;
      dav_access user:rw group:r;
    }
  }
}
`;
}

function ping(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1000, () => req.destroy());
  });
}

/**
 * Starts nginx in `dir`; resolves once it answers HTTP. Retries on another port when the chosen
 * one was taken between the check and nginx's bind.
 * @param {{ dir: string, port?: number, bin?: string }} options
 */
async function startNginxWebdav({ dir, port: wanted = 0, bin = findNginx() }) {
  if (!bin) throw new Error('nginx with http_dav_module not found (Debian: apt-get install nginx-light)');
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'store'), { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  let lastErr = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = wanted || (await freePort());
    fs.writeFileSync(conf, config(dir, port));
    const child = spawn(bin, ['-p', dir + path.sep, '-c', conf, '-e', path.join(dir, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    let exited = false;
    const exit = new Promise((resolve) =>
      child.on('exit', (code) => {
        exited = true;
        resolve(code);
      }),
    );
    const url = `http://127.0.0.1:${port}`;
    const t0 = Date.now();
    while (!exited && Date.now() - t0 < 10_000) {
      if (await ping(url + PROBE)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!exited) {
      return {
        url,
        port,
        dir,
        store: path.join(dir, 'store'),
        pid: child.pid,
        /** The access log's lines as { method, uri, status, bytes }, without the readiness checks. */
        accessLog() {
          const file = path.join(dir, 'access.log');
          if (!fs.existsSync(file)) return [];
          return fs
            .readFileSync(file, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => {
              const [method, uri, status, bytes] = l.split(' ');
              return { method, uri, status: Number(status), bytes: Number(bytes) };
            })
            .filter((e) => e.uri !== PROBE);
        },
        errorLog: () =>
          fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '',
        /** Stops nginx (SIGQUIT: graceful) and waits for it; SIGKILL after 5 s. */
        async close() {
          if (exited) return;
          child.kill('SIGQUIT');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exit;
          clearTimeout(timer);
        },
      };
    }
    await exit;
    const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
    lastErr = `${stderr}${log}`.trim();
    if (wanted || !/Address already in use/.test(lastErr)) break;
  }
  throw new Error(`nginx did not start: ${lastErr.split('\n').slice(-5).join('\n')}`);
}

module.exports = { startNginxWebdav, findNginx };

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (n) => (args.indexOf(n) >= 0 ? args[args.indexOf(n) + 1] : undefined);
  const dir = opt('--dir');
  if (!dir) {
    console.error('usage: node e2e/support/servers/nginx-webdav.js --dir DIR [--port N]');
    process.exit(2);
  }
  startNginxWebdav({ dir: path.resolve(dir), port: Number(opt('--port') || 0) }).then(
    (srv) => {
      console.log(`nginx WebDAV store listening on ${srv.url} (files in ${srv.store})`);
      const stop = () => srv.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
