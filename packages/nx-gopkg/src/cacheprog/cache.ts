// Two tiers behind go's cache interface: the local disk tier answers first; on a local miss the
// remote tier (bazel-remote protocol) is asked, and what it returns is verified (SHA-256 of the
// bytes = the output ID go recorded, and the recorded size) before it is stored locally and
// handed to go. Puts land locally at once and are uploaded in the background; `drain` waits for
// the uploads. Any remote failure turns the remote off for the rest of the run with one warning.
// The program's main thread uses the local half only (`withRemote: false`); the remote half runs
// in remote-worker.ts, whose instance reports back through `onRemoteOff`/`onUploadsOff`.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { encodeActionEntry, decodeActionEntry, type ActionEntry } from './action-result';
import type { CacheProgConfig } from './config';
import { LocalStore } from './local-store';
import type { RemoteClient } from './remote';
import { RemoteError } from './remote-error';

export interface Hit {
  miss: false;
  outputId: string;
  size: number;
  timeMs: number;
  diskPath: string;
}
export type GetResult = { miss: true } | Hit;

export interface Stats {
  gets: number;
  localHits: number;
  remoteHits: number;
  misses: number;
  puts: number;
  uploads: number;
  uploadBytes: number;
  downloadBytes: number;
  corrupt: number;
  /** Remote lookups (action entry and, when needed, its blob) and their summed latency. */
  remoteLookups: number;
  remoteLookupMs: number;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MAX_CORRUPT_WARNINGS = 5;
const MAX_CONCURRENT_UPLOADS = 8;

const ARCHIVE_MAGIC = Buffer.from('!<arch>\n');

/**
 * What a put's bytes are, for the event log: `archive` for a compiled package (go's compile
 * and pack actions write `!<arch>` files; cmd/internal/archive), `other` for the rest (test
 * results, vet and cgo outputs, metadata). A test can count the compiles a runner did from it.
 */
function outputKind(body: Buffer): 'archive' | 'other' {
  return body.length >= ARCHIVE_MAGIC.length && body.subarray(0, ARCHIVE_MAGIC.length).equals(ARCHIVE_MAGIC)
    ? 'archive'
    : 'other';
}

function sha256Hex(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

export class TieredCache {
  readonly store: LocalStore;
  readonly stats: Stats = {
    gets: 0,
    localHits: 0,
    remoteHits: 0,
    misses: 0,
    puts: 0,
    uploads: 0,
    uploadBytes: 0,
    downloadBytes: 0,
    corrupt: 0,
    remoteLookups: 0,
    remoteLookupMs: 0,
  };
  private remote: RemoteClient | undefined;
  private uploadsOn: boolean;
  private warnedRemote = false;
  private corruptWarnings = 0;
  /** Output blobs the remote is known to hold (downloaded or uploaded in this run). */
  private readonly remoteHas = new Set<string>();
  private readonly casFetches = new Map<string, Promise<Buffer | undefined>>();
  private readonly uploads = new Set<Promise<void>>();
  private readonly uploadQueue: Array<() => Promise<void>> = [];
  private activeUploads = 0;
  private readonly logLines: string[] = [];

  /** Called once when the remote is turned off for the rest of the run (after a failure). */
  onRemoteOff: (() => void) | undefined;
  /** Called once when uploads stop (the remote refused one, or the remote is off). */
  onUploadsOff: (() => void) | undefined;

  constructor(
    readonly config: CacheProgConfig,
    private readonly warn: (msg: string) => void,
    { withRemote = true }: { withRemote?: boolean } = {},
  ) {
    this.store = new LocalStore(config.dir);
    if (config.remote && withRemote) {
      try {
        // Loaded on demand: node:http costs start-up time that local-only runs need not pay.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; import() would be asynchronous
        const { RemoteClient: Client } = require('./remote') as typeof import('./remote');
        this.remote = new Client({
          url: config.remote,
          timeoutMs: config.timeoutMs,
          maxSockets: config.maxSockets,
          maxBodyBytes: config.maxBodyBytes,
        });
      } catch (e) {
        this.warn(`nx-gopkg cacheprog: remote cache disabled: ${(e as Error).message}; using the local cache only`);
      }
    }
    this.uploadsOn = !!this.remote && !config.readOnly;
  }

  private log(event: string, ...rest: Array<string | number>): void {
    if (this.config.logFile) this.logLines.push([event, ...rest].join(' '));
  }

  private remoteFailed(e: unknown): void {
    if (!this.remote) return;
    const url = this.remote.display;
    this.remote.close();
    this.remote = undefined;
    this.uploadsOn = false;
    this.uploadQueue.length = 0;
    this.onRemoteOff?.();
    this.onUploadsOff?.();
    this.log('remote-off', String((e as Error).message ?? e).replace(/\s+/g, '_'));
    if (!this.warnedRemote) {
      this.warnedRemote = true;
      this.warn(
        `nx-gopkg cacheprog: warning: remote cache ${url} unavailable (${(e as Error).message ?? e}); continuing with the local cache only`,
      );
    }
  }

  private warnedLocal = false;

  private warnLocal(e: unknown): void {
    this.log('local-error', String((e as Error).message ?? e).replace(/\s+/g, '_'));
    if (!this.warnedLocal) {
      this.warnedLocal = true;
      this.warn(`nx-gopkg cacheprog: warning: local cache ${this.config.dir}: ${(e as Error).message ?? e}`);
    }
  }

  private corrupt(what: string, why: string): void {
    this.stats.corrupt++;
    this.log('corrupt', what, why.replace(/\s+/g, '_'));
    if (this.corruptWarnings++ < MAX_CORRUPT_WARNINGS) {
      this.warn(`nx-gopkg cacheprog: warning: rejected remote cache entry ${what}: ${why}`);
    }
  }

  /**
   * A get answered from the local tier, synchronously (no promises: a warm build is thousands of
   * these); undefined when the local tier does not have it, and `get` must then be called.
   */
  getLocal(actionId: string): Hit | undefined {
    const local = this.store.getAction(actionId);
    if (!local) return undefined;
    this.stats.gets++;
    this.stats.localHits++;
    this.log('hit-local', actionId);
    return { miss: false, outputId: local.outputId, size: local.size, timeMs: local.timeMs, diskPath: local.diskPath };
  }

  async get(actionId: string): Promise<GetResult> {
    const local = this.getLocal(actionId);
    if (local) return local;
    this.stats.gets++;
    const t0 = this.remote ? performance.now() : 0;
    const fromRemote = this.remote
      ? await this.getRemote(actionId).catch((e) => {
          if (e instanceof RemoteError || !this.remote) this.remoteFailed(e);
          else this.warnLocal(e);
          return undefined;
        })
      : undefined;
    if (t0) {
      this.stats.remoteLookups++;
      this.stats.remoteLookupMs += performance.now() - t0;
    }
    if (fromRemote) {
      this.stats.remoteHits++;
      this.log('hit-remote', actionId, fromRemote.size);
      return fromRemote;
    }
    this.noteMiss(actionId);
    return { miss: true };
  }

  /** Counts a get that neither tier answered (`counted`: its `gets` was counted already). */
  noteMiss(actionId: string, counted = true): void {
    if (!counted) this.stats.gets++;
    this.stats.misses++;
    this.log('miss', actionId);
  }

  private async getRemote(actionId: string): Promise<Hit | undefined> {
    const remote = this.remote!;
    const raw = await remote.get('ac', actionId, 1024 * 1024);
    if (!raw) return undefined;
    this.stats.downloadBytes += raw.length;
    let entry: ActionEntry;
    try {
      entry = decodeActionEntry(raw);
    } catch (e) {
      this.corrupt(`/ac/${actionId}`, (e as Error).message);
      return undefined;
    }
    let diskPath = this.store.hasObject(entry.outputId, entry.size);
    if (!diskPath) {
      let body: Buffer | undefined;
      if (entry.size === 0) body = Buffer.alloc(0);
      else if (entry.contents) body = entry.contents;
      else body = await this.fetchCas(entry.outputId, entry.size);
      if (!body) return undefined;
      if (body.length !== entry.size) {
        this.corrupt(`/cas/${entry.outputId}`, `${body.length} bytes, the entry says ${entry.size}`);
        return undefined;
      }
      const got = sha256Hex(body);
      if (got !== entry.outputId) {
        this.corrupt(`/cas/${entry.outputId}`, `content hashes to ${got}`);
        return undefined;
      }
      diskPath = this.store.putObject(entry.outputId, body);
    }
    if (entry.size > 0 && !entry.contents) this.remoteHas.add(entry.outputId);
    this.store.putAction(actionId, entry);
    return { miss: false, outputId: entry.outputId, size: entry.size, timeMs: entry.timeMs || Date.now(), diskPath };
  }

  private fetchCas(outputId: string, size: number): Promise<Buffer | undefined> {
    let p = this.casFetches.get(outputId);
    if (!p) {
      p = this.remote!.get('cas', outputId, size).then((b) => {
        if (b) this.stats.downloadBytes += b.length;
        return b;
      });
      p.finally(() => this.casFetches.delete(outputId)).catch(() => undefined);
      this.casFetches.set(outputId, p);
    }
    return p;
  }

  /** Checks a put's body against its output ID and stores it in the local tier (synchronously). */
  putLocal(actionId: string, outputId: string, body: Buffer): { diskPath: string; entry: ActionEntry } {
    this.stats.puts++;
    const got = body.length === 0 ? EMPTY_SHA256 : sha256Hex(body);
    if (got !== outputId) throw new Error(`put ${actionId}: body hashes to ${got}, not the OutputID ${outputId}`);
    const diskPath = this.store.putObject(outputId, body);
    const entry: ActionEntry = { outputId, size: body.length, timeMs: Date.now() };
    this.store.putAction(actionId, entry);
    this.log('put', actionId, body.length, outputKind(body));
    return { diskPath, entry };
  }

  /** Queues the upload of an entry stored locally (no-op once uploads are off). */
  upload(actionId: string, entry: ActionEntry, body: Buffer): void {
    if (this.uploadsOn) this.scheduleUpload(actionId, entry, body);
  }

  private scheduleUpload(actionId: string, entry: ActionEntry, body: Buffer): void {
    const task = async () => {
      const remote = this.remote;
      if (!remote || !this.uploadsOn) return;
      const inline = body.length > 0 && body.length <= this.config.inlineMax;
      try {
        if (body.length > 0 && !inline && !this.remoteHas.has(entry.outputId)) {
          await remote.put('cas', entry.outputId, body);
          this.remoteHas.add(entry.outputId);
          this.stats.uploadBytes += body.length;
        }
        const ac = encodeActionEntry({ ...entry, contents: inline ? body : undefined });
        await remote.put('ac', actionId, ac);
        this.stats.uploads++;
        this.stats.uploadBytes += ac.length;
      } catch (e) {
        const status = e instanceof RemoteError ? e.status : undefined;
        if (status === 413) {
          this.log('upload-too-large', actionId, body.length);
        } else if (status === 401 || status === 403) {
          if (this.uploadsOn) {
            this.uploadsOn = false;
            this.onUploadsOff?.();
            this.warn(
              `nx-gopkg cacheprog: warning: remote cache refused an upload (HTTP ${status}); reading only from now on`,
            );
          }
        } else {
          this.remoteFailed(e);
        }
      }
    };
    this.uploadQueue.push(task);
    this.pumpUploads();
  }

  private pumpUploads(): void {
    while (this.activeUploads < MAX_CONCURRENT_UPLOADS && this.uploadQueue.length) {
      const task = this.uploadQueue.shift()!;
      this.activeUploads++;
      const p: Promise<void> = task().finally(() => {
        this.activeUploads--;
        this.uploads.delete(p);
        this.pumpUploads();
      });
      this.uploads.add(p);
    }
  }

  /** Waits for the queued uploads and closes the remote's connections. */
  async drain(): Promise<void> {
    while (this.uploads.size || this.uploadQueue.length) {
      this.pumpUploads();
      await Promise.allSettled([...this.uploads]);
    }
    this.remote?.close();
  }

  /** What the remote half of the program counted and logged, added to this instance's own. */
  absorb(stats: Stats, logLines: string[]): void {
    for (const k of Object.keys(stats) as Array<keyof Stats>) this.stats[k] += stats[k];
    this.logLines.push(...logLines);
  }

  /** The log lines not yet written (handed from the remote worker to the main thread). */
  takeLog(): string[] {
    return this.logLines.splice(0);
  }

  /** Trims the local tier when due, writes the event log and the stats line. */
  async finish(): Promise<void> {
    if (this.config.maxAgeMs > 0) await this.store.trim(this.config.maxAgeMs).catch(() => 0);
    if (this.config.logFile && this.logLines.length) {
      try {
        fs.appendFileSync(this.config.logFile, this.logLines.join('\n') + '\n');
      } catch (e) {
        this.warn(`nx-gopkg cacheprog: cannot write ${this.config.logFile}: ${(e as Error).message}`);
      }
      this.logLines.length = 0;
    }
    if (this.config.stats) {
      const s = this.stats;
      this.warn(
        `nx-gopkg cacheprog: ${s.gets} gets (${s.localHits} local, ${s.remoteHits} remote, ${s.misses} miss), ` +
          `${s.puts} puts, ${s.uploads} uploaded, ${s.corrupt} rejected` +
          (s.remoteLookups
            ? `; ${s.remoteLookups} remote lookups, ${(s.remoteLookupMs / s.remoteLookups).toFixed(1)} ms each`
            : ''),
      );
    }
  }
}
