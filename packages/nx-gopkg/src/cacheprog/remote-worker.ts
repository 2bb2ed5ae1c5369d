// The remote half of the program, in a worker thread: local misses that the remote may have,
// and uploads of what go put. The main thread serves go from a blocking loop (main.ts) and
// hands these over; this thread runs the async HTTP work and writes its answers to stdout itself
// (fd-io.ts keeps the two threads' writes whole). Started only when a remote is configured and
// the first local miss or put arrives, so a warm build never pays for it.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { ActionEntry } from './action-result';
import { TieredCache } from './cache';
import type { CacheProgConfig } from './config';
import { FdWriter, SLOT, warnTo, WORKER } from './fd-io';
import { encodeHit, encodeResponse } from './protocol';

export type ToWorker =
  | { t: 'get'; id: number; actionId: string }
  | { t: 'upload'; actionId: string; entry: ActionEntry; body: Uint8Array }
  | { t: 'close' };
export type FromWorker = { t: 'closed'; stats: TieredCache['stats']; log: string[] };

export interface WorkerData {
  config: CacheProgConfig;
  shared: Int32Array;
  fdOut: number;
  fdErr: number;
}

function start(port: NonNullable<typeof parentPort>, data: WorkerData): void {
  const out = new FdWriter(data.fdOut, data.shared);
  const warn = warnTo(data.fdErr, data.shared);
  const cache = new TieredCache(data.config, warn);
  cache.onRemoteOff = () => Atomics.store(data.shared, SLOT.remoteOff, 1);
  cache.onUploadsOff = () => Atomics.store(data.shared, SLOT.uploadsOff, 1);
  const inFlight = new Set<Promise<void>>();
  const pendingGets = new Set<number>();
  // Answers completed in one turn of this thread's event loop go out in one write: remote
  // answers arrive in bursts, and each write wakes go's reader.
  let queued: string[] = [];
  const flush = () => {
    const text = queued.join('');
    queued = [];
    if (text) out.write(text);
  };
  const send = (text: string) => {
    if (!queued.length) setImmediate(flush);
    queued.push(text);
  };
  // A bug here must not leave go waiting: answer what is pending with a miss and tell the main
  // thread to stop sending work (it then answers misses itself).
  process.on('uncaughtException', (e) => {
    Atomics.store(data.shared, SLOT.worker, WORKER.dead);
    warn(
      `nx-gopkg cacheprog: warning: remote cache worker failed (${e.message}); continuing with the local cache only`,
    );
    flush();
    for (const id of pendingGets) out.write(encodeResponse({ ID: id, Miss: true }));
    pendingGets.clear();
    // Lookups the main thread handed over before it saw the flag are still queued: answer them
    // too, and keep listening a moment for one sent between its check and the flag.
    for (let round = 0; round < 3; round++) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const msg = m.message as ToWorker;
        if (msg.t === 'get') out.write(encodeResponse({ ID: msg.id, Miss: true }));
      }
      Atomics.wait(data.shared, SLOT.nap, 0, 5);
    }
    process.exit(1); // ends this thread only
  });

  port.on('message', (msg: ToWorker) => {
    switch (msg.t) {
      case 'get': {
        pendingGets.add(msg.id);
        const p: Promise<void> = cache
          .get(msg.actionId)
          .then((r) => (r.miss ? encodeResponse({ ID: msg.id, Miss: true }) : encodeHit(msg.id, r)))
          .catch((e: Error) => encodeResponse({ ID: msg.id, Err: `nx-gopkg cacheprog: ${e.message}` }))
          .then((text) => {
            if (pendingGets.delete(msg.id)) send(text);
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        return;
      }
      case 'upload':
        cache.upload(msg.actionId, msg.entry, Buffer.from(msg.body.buffer, msg.body.byteOffset, msg.body.byteLength));
        return;
      case 'close':
        void (async () => {
          while (inFlight.size) await Promise.allSettled([...inFlight]);
          flush();
          await cache.drain();
          const reply: FromWorker = { t: 'closed', stats: cache.stats, log: cache.takeLog() };
          port.postMessage(reply);
          port.close();
        })();
        return;
    }
  });
  Atomics.store(data.shared, SLOT.worker, WORKER.ready);
  Atomics.notify(data.shared, SLOT.worker);
}

if (parentPort) {
  const data = workerData as WorkerData;
  try {
    start(parentPort, data);
  } catch (e) {
    warnTo(
      data.fdErr,
      data.shared,
    )(
      `nx-gopkg cacheprog: warning: remote cache worker failed (${(e as Error).message}); continuing with the local cache only`,
    );
    Atomics.store(data.shared, SLOT.worker, WORKER.dead);
    Atomics.notify(data.shared, SLOT.worker);
  }
}
