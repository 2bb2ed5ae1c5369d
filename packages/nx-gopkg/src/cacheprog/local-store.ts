// The local disk tier. Layout under the root directory:
//   o/<2 hex>/<output id hex>   output bytes, content-addressed, written once (temp file + rename)
//   a/<2 hex>/<action id hex>   "v1 <output id hex> <size> <time ms>\n"
// Readers never see a partial file: every file is written beside its final name and renamed.
// go reads output files by the paths we hand back (DiskPath) and never writes them.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { ActionEntry } from './action-result';

/** Refresh an entry's mtime (used for trimming) at most this often, like go's own cache. */
const MTIME_INTERVAL_MS = 60 * 60 * 1000;
const HEX64 = /^[0-9a-f]{64}$/;
const ENTRY_LINE = /^v1 ([0-9a-f]{64}) (\d+) (\d+)\n$/;

export class LocalStore {
  private readonly madeDirs = new Set<string>();
  private tmpCounter = 0;
  /** Action entries are one short line ("v1 <64 hex> <size> <ms>\n", under 110 bytes). */
  private readonly readBuf = Buffer.alloc(256);

  // Joined by hand: path.join showed in the profile of a warm build (one call per get).
  private readonly objectDir: string;
  private readonly actionDir: string;

  constructor(readonly root: string) {
    this.objectDir = path.join(root, 'o') + path.sep;
    this.actionDir = path.join(root, 'a') + path.sep;
  }

  objectPath(outputId: string): string {
    return this.objectDir + outputId.slice(0, 2) + path.sep + outputId;
  }

  private actionPath(actionId: string): string {
    return this.actionDir + actionId.slice(0, 2) + path.sep + actionId;
  }

  /**
   * The entry for an action, when its entry file is present and well-formed (see below for the object).
   * Synchronous I/O on purpose: a warm build asks for thousands of tiny local files, and a
   * direct syscall costs far less than a round trip through libuv's thread pool (measured:
   * docs/go-build-cache.md, overhead).
   */
  getAction(actionId: string): (ActionEntry & { diskPath: string }) | undefined {
    const file = this.actionPath(actionId);
    let text: string;
    let mtimeMs: number;
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return undefined;
    }
    try {
      const n = fs.readSync(fd, this.readBuf, 0, this.readBuf.length, 0);
      text = this.readBuf.toString('latin1', 0, n);
      mtimeMs = fs.fstatSync(fd).mtimeMs;
    } catch {
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
    const m = ENTRY_LINE.exec(text);
    if (!m) return undefined;
    // The object is not stat'ed here: go checks the file at DiskPath itself (a missing or
    // wrong-sized file is a miss to go, and its put then rewrites it), and one syscall per hit
    // matters on a warm build. Objects age with the entries that use them.
    const diskPath = this.objectPath(m[1]);
    if (Date.now() - mtimeMs > MTIME_INTERVAL_MS) {
      this.touch(file);
      this.touch(diskPath);
    }
    return { outputId: m[1], size: Number(m[2]), timeMs: Number(m[3]), diskPath };
  }

  /** The object's path when it exists with the expected size. */
  hasObject(outputId: string, size: number): string | undefined {
    const file = this.objectPath(outputId);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st || !st.isFile() || st.size !== size) return undefined;
    if (Date.now() - st.mtimeMs > MTIME_INTERVAL_MS) this.touch(file);
    return file;
  }

  /**
   * Stores bytes whose SHA-256 the caller has checked; returns the object's path. Writes are
   * synchronous like reads: the program answers go from a blocking loop (see main.ts).
   */
  putObject(outputId: string, body: Buffer): string {
    if (!HEX64.test(outputId)) throw new Error(`bad output id ${outputId}`);
    const existing = this.hasObject(outputId, body.length);
    if (existing) return existing;
    const file = this.objectPath(outputId);
    this.writeAtomic(file, body);
    return file;
  }

  putAction(actionId: string, entry: ActionEntry): void {
    if (!HEX64.test(actionId)) throw new Error(`bad action id ${actionId}`);
    this.writeAtomic(this.actionPath(actionId), `v1 ${entry.outputId} ${entry.size} ${Math.floor(entry.timeMs)}\n`);
  }

  private writeAtomic(file: string, data: Buffer | string): void {
    const dir = path.dirname(file);
    if (!this.madeDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    // The thread id keeps the main thread's and the upload worker's temp names apart.
    const tmp = `${file}.tmp-${process.pid}-${threadId}-${++this.tmpCounter}`;
    try {
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  }

  /** Refreshes an mtime the caller found older than MTIME_INTERVAL_MS (in the background). */
  private touch(file: string): void {
    const now = new Date();
    fs.utimes(file, now, now, () => undefined);
  }

  /**
   * Removes entries and objects not used for `maxAgeMs`, at most once per `everyMs` (a marker file
   * records the last run). Best effort: errors are ignored.
   */
  async trim(maxAgeMs: number, everyMs = 24 * 60 * 60 * 1000): Promise<number> {
    const marker = path.join(this.root, 'trim.txt');
    const now = Date.now();
    try {
      const last = Number((await fsp.readFile(marker, 'utf8')).trim());
      if (Number.isFinite(last) && now - last < everyMs) return 0;
    } catch {
      // never trimmed
    }
    await fsp.mkdir(this.root, { recursive: true }).catch(() => undefined);
    await fsp.writeFile(marker, `${now}\n`).catch(() => undefined);
    let removed = 0;
    for (const kind of ['a', 'o']) {
      const base = path.join(this.root, kind);
      let subdirs: string[];
      try {
        subdirs = await fsp.readdir(base);
      } catch {
        continue;
      }
      for (const sub of subdirs) {
        let names: string[];
        try {
          names = await fsp.readdir(path.join(base, sub));
        } catch {
          continue;
        }
        for (const name of names) {
          const file = path.join(base, sub, name);
          try {
            const st = await fsp.stat(file);
            // Leftover temp files of a crashed writer go after an hour.
            const limit = name.includes('.tmp-') ? MTIME_INTERVAL_MS : maxAgeMs;
            if (now - st.mtimeMs > limit) {
              await fsp.rm(file, { force: true });
              removed++;
            }
          } catch {
            // raced with another process
          }
        }
      }
    }
    return removed;
  }
}
