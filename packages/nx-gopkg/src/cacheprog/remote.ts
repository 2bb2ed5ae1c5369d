// The remote tier: the bazel-remote HTTP cache protocol.
//   GET /ac/<sha256 hex>   200 + ActionResult bytes, or 404
//   PUT /ac/<sha256 hex>   the ActionResult bytes (see action-result.ts)
//   GET /cas/<sha256 hex>  200 + blob bytes, or 404
//   PUT /cas/<sha256 hex>  the blob; the key is the SHA-256 of the bytes
// The URL may carry a path prefix (instance name) and user:password for HTTP basic auth.
// Transport failures are reported as RemoteError with `fatal` set: the caller then stops using
// the remote for the rest of the run. A 404 is a miss, not an error.
import * as http from 'node:http';
import type * as https from 'node:https';
import { RemoteError } from './remote-error';

export interface RemoteOptions {
  url: string;
  /** Per-request inactivity timeout. */
  timeoutMs: number;
  /** Concurrent connections to the server. */
  maxSockets: number;
  /** Upper bound on one downloaded body. */
  maxBodyBytes: number;
}

export class RemoteClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly mod: typeof http | typeof https;
  private readonly auth: string | undefined;

  constructor(readonly options: RemoteOptions) {
    const u = new URL(options.url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new Error(`unsupported remote cache URL scheme ${u.protocol}`);
    this.auth = u.username ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined;
    u.username = '';
    u.password = '';
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    this.base = u;
    // node:https (and TLS) loads only for an https remote: start-up time counts per go command.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load in a constructor, which cannot await import()
    this.mod = u.protocol === 'https:' ? (require('node:https') as typeof https) : http;
    this.agent = new this.mod.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  }

  /** A display form of the URL without credentials. */
  get display(): string {
    return this.base.toString().replace(/\/$/, '');
  }

  /** The body, or undefined on 404. `expectSize` (when known) bounds the read. */
  get(kind: 'ac' | 'cas', hex: string, expectSize?: number): Promise<Buffer | undefined> {
    const limit = expectSize !== undefined ? expectSize : this.options.maxBodyBytes;
    return new Promise((resolve, reject) => {
      const req = this.mod.request(
        new URL(`${kind}/${hex}`, this.base),
        { method: 'GET', agent: this.agent, auth: this.auth, timeout: this.options.timeoutMs },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status === 404) {
            res.resume();
            resolve(undefined);
            return;
          }
          if (status !== 200) {
            res.resume();
            reject(statusError('GET', kind, status));
            return;
          }
          const chunks: Buffer[] = [];
          let total = 0;
          let tooBig = false;
          res.on('data', (c: Buffer) => {
            total += c.length;
            if (total > limit) {
              // More bytes than the entry said: corrupt. Stop reading; the caller treats it as a miss.
              tooBig = true;
              res.destroy();
              resolve(Buffer.concat(chunks));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => resolve(Buffer.concat(chunks)));
          res.on('error', (e) => {
            if (tooBig) return;
            reject(new RemoteError(`GET /${kind}/${hex}: ${e.message}`, true));
          });
          res.on('aborted', () => {
            if (!tooBig) resolve(Buffer.concat(chunks)); // short body: caller's checks reject it
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${this.options.timeoutMs} ms`)));
      req.on('error', (e) => reject(new RemoteError(`GET /${kind}/${hex}: ${describe(e)}`, true)));
      req.end();
    });
  }

  put(kind: 'ac' | 'cas', hex: string, body: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = this.mod.request(
        new URL(`${kind}/${hex}`, this.base),
        {
          method: 'PUT',
          agent: this.agent,
          auth: this.auth,
          timeout: this.options.timeoutMs,
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length },
        },
        (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          // 409: some servers answer so for an existing immutable entry; that is success.
          if ((status >= 200 && status < 300) || status === 409) resolve();
          else reject(statusError('PUT', kind, status));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${this.options.timeoutMs} ms`)));
      req.on('error', (e) => reject(new RemoteError(`PUT /${kind}/${hex}: ${describe(e)}`, true)));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function statusError(method: string, kind: string, status: number): RemoteError {
  // 5xx, auth failures and unknown answers all mean this server will not serve us reliably.
  return new RemoteError(`${method} /${kind}/: HTTP ${status}`, true, status);
}

function describe(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? `${code} ${e.message.includes(code) ? '' : e.message}`.trim() : e.message;
}
