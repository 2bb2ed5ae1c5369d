// Blocking I/O on the program's stdin/stdout/stderr file descriptors, shared by the main thread
// and the remote worker. go waits for each answer, so the program serves from a blocking read
// loop instead of Node's stream machinery (measured: docs/go-build-cache.md, overhead); both
// threads write answers to stdout, one whole write at a time under a lock in shared memory.
import * as fs from 'node:fs';

/**
 * Slots of the shared Int32Array: the write lock, flags the worker raises when the remote or its
 * uploads are off for the rest of the run, the worker's state (WORKER), and a slot to sleep on.
 */
export const SLOT = { lock: 0, remoteOff: 1, uploadsOff: 2, nap: 3, worker: 4 } as const;
const SHARED_SLOTS = 5;
export const WORKER = { starting: 0, ready: 1, dead: 2 } as const;

export function newShared(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(SHARED_SLOTS * Int32Array.BYTES_PER_ELEMENT));
}

/** Sleeps the calling thread (also the main thread: Node allows Atomics.wait there). */
function nap(shared: Int32Array, ms: number): void {
  Atomics.wait(shared, SLOT.nap, 0, ms);
}

/** Writes all of `data`, retrying when the descriptor was left non-blocking by someone else. */
function writeAll(fd: number, data: Buffer, shared: Int32Array): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += fs.writeSync(fd, data, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      nap(shared, 1);
    }
  }
}

export class FdWriter {
  constructor(
    private readonly fd: number,
    readonly shared: Int32Array,
  ) {}

  /** Writes text as one unit: the other thread's answers never land inside it. */
  write(text: string): void {
    const data = Buffer.from(text, 'utf8');
    while (Atomics.compareExchange(this.shared, SLOT.lock, 0, 1) !== 0) {
      Atomics.wait(this.shared, SLOT.lock, 1, 50);
    }
    try {
      writeAll(this.fd, data, this.shared);
    } finally {
      Atomics.store(this.shared, SLOT.lock, 0);
      Atomics.notify(this.shared, SLOT.lock, 1);
    }
  }
}

/** A warning line on stderr, written at once (the main thread does not run its event loop while serving). */
export function warnTo(fd: number, shared: Int32Array): (msg: string) => void {
  return (msg) => {
    try {
      writeAll(fd, Buffer.from(msg + '\n', 'utf8'), shared);
    } catch {
      // stderr gone: nothing better to do
    }
  };
}

/** Blocking read; 0 at end of input. */
export function readBlocking(fd: number, buf: Buffer, shared: Int32Array): number {
  for (;;) {
    try {
      return fs.readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') nap(shared, 1);
      else if (code === 'EOF')
        return 0; // Windows pipes report the end this way
      else if (code !== 'EINTR') throw e;
    }
  }
}
