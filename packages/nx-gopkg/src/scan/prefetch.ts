// Reads the heads of many package directories' source files concurrently (libuv's thread
// pool does the open/read/close while this thread parses), then scans synchronously from the
// prefetched headers. For scanning a whole tree; scanPackageDir stays the simple sync API.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoFileHeader, GoPackageFacts, ScanMode } from './types';
import { CommentHeader, FIRST_CHUNK, analyzeComments, analyzeGoFile, readCommentHeader, readGoFileHeader } from './header-reader';
import { otherFileList } from './match-file';
import { ScanOptions, scanPackageDir } from './package';

export interface PrefetchedHeaders {
  goHeaders: Map<string, GoFileHeader>;
  commentHeaders: Map<string, CommentHeader>;
}

/** Source files worth reading ahead: .go files and the non-Go sources go/build reads. */
const wanted = (name: string) => name[0] !== '.' && name[0] !== '_' && (name.endsWith('.go') || (otherFileList(name) !== undefined && !name.endsWith('.syso')));

/** Runs `task` over items with at most `limit` callbacks in flight. */
function pool<T>(items: T[], limit: number, task: (item: T, done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let running = 0;
    const launch = () => {
      if (next >= items.length && running === 0) return resolve();
      while (running < limit && next < items.length) {
        running++;
        task(items[next++], () => {
          running--;
          launch();
        });
      }
    };
    launch();
  });
}

function readHead(file: string, buf: Buffer, cb: (err: Error | null, n: number) => void): void {
  fs.open(file, 'r', (err, fd) => {
    if (err) return cb(err, 0);
    fs.read(fd, buf, 0, buf.length, 0, (rerr, n) => fs.close(fd, () => cb(rerr, n)));
  });
}

/** Reads and parses the heads of every source file in `dirs`. Never rejects. */
export async function prefetchHeaders(dirs: string[], concurrency = 16): Promise<PrefetchedHeaders> {
  const files: string[] = [];
  await pool(dirs, concurrency, (dir, done) =>
    fs.readdir(dir, (err, names) => {
      if (!err) for (const n of names) if (wanted(n)) files.push(path.join(dir, n));
      done();
    }),
  );
  const out: PrefetchedHeaders = { goHeaders: new Map(), commentHeaders: new Map() };
  const buffers = Array.from({ length: concurrency }, () => Buffer.allocUnsafeSlow(FIRST_CHUNK));
  await pool(files, concurrency, (file, done) => {
    const buf = buffers.pop()!;
    readHead(file, buf, (err, n) => {
      // Failures and heads that are not enough are left to the synchronous readers.
      if (!err) {
        const head = buf.subarray(0, n);
        if (file.endsWith('.go')) {
          const h = analyzeGoFile(head, file, n < buf.length);
          if (h) out.goHeaders.set(file, h);
        } else {
          const h = analyzeComments(head, file, n < buf.length);
          if (h) out.commentHeaders.set(file, h);
        }
      }
      buffers.push(buf);
      done();
    });
  });
  return out;
}

/** Scan options that read from prefetched headers (falling back to reading the file). */
export function prefetchedReaders(p: PrefetchedHeaders): Required<Pick<ScanOptions, 'readHeader' | 'readCommentHeader'>> {
  return {
    readHeader: (f) => p.goHeaders.get(f) ?? readGoFileHeader(f),
    readCommentHeader: (f) => p.commentHeaders.get(f) ?? readCommentHeader(f),
  };
}

/** Scans many directories: heads read concurrently, then each dir scanned. Never rejects. */
export async function scanPackageDirs(dirs: string[], mode: ScanMode, concurrency = 16): Promise<(GoPackageFacts | undefined)[]> {
  const readers = prefetchedReaders(await prefetchHeaders(dirs, concurrency));
  return dirs.map((d) => scanPackageDir(d, mode, readers));
}
