#!/usr/bin/env node
// nx-gopkg's GOCACHEPROG program: go's build cache with a local disk tier and a shared remote tier
// (bazel-remote HTTP protocol). go starts it as `GOCACHEPROG="<node> <this file>"` and talks
// JSON over stdin/stdout (see protocol.ts); settings come from the environment (config.ts).
//
// go waits for every answer, and a warm build asks thousands of times, so the main thread serves
// from a blocking read loop with synchronous local I/O: no event-loop turn, stream or promise per
// request (docs/go-build-cache.md, overhead). Work that needs the network (a local miss when a
// remote is set, uploads of puts) goes to a worker thread (remote-worker.ts), started on first
// need, which answers go itself; answers may therefore arrive out of order, as the protocol allows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { TieredCache } from './cache';
import { readConfig } from './config';
import { FdWriter, newShared, readBlocking, SLOT, warnTo, WORKER } from './fd-io';
import {
  encodeHit,
  encodeResponse,
  idHex,
  KNOWN_COMMANDS,
  RequestReader,
  type Request,
  type Response,
} from './protocol';
import type { FromWorker, ToWorker, WorkerData } from './remote-worker';

export interface Fds {
  in: number;
  out: number;
  err: number;
}

const READ_CHUNK = 256 * 1024;
const WORKER_START_TIMEOUT_MS = 10_000;

/** Serves go until it sends "close" or closes stdin. */
export async function serve(env: NodeJS.ProcessEnv = process.env, fds: Fds = { in: 0, out: 1, err: 2 }): Promise<void> {
  const config = readConfig(env);
  const shared = newShared();
  const out = new FdWriter(fds.out, shared);
  const warn = warnTo(fds.err, shared);
  const cache = new TieredCache(config, warn, { withRemote: false });

  let worker: Worker | undefined;
  let workerFailed = false;
  /** Hands work to the worker, starting it on first use; false when it cannot take it. */
  const toWorker = (msg: ToWorker): boolean => {
    if (!worker && !workerFailed) {
      const file = path.join(__dirname, 'remote-worker.js');
      if (!fs.existsSync(file)) {
        workerFailed = true;
        warn(`nx-gopkg cacheprog: warning: ${file} is missing; continuing with the local cache only`);
        return false;
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, only when a remote is configured
      const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
      const workerData: WorkerData = { config, shared, fdOut: fds.out, fdErr: fds.err };
      worker = new WorkerThread(file, { workerData });
      worker.on('error', () => undefined); // seen through the shared state below
      // This thread does not run its event loop while serving, so it cannot hear of a worker
      // that failed to load: it waits for the worker's "ready" (tens of ms) before relying on it.
      Atomics.wait(shared, SLOT.worker, WORKER.starting, WORKER_START_TIMEOUT_MS);
      if (Atomics.load(shared, SLOT.worker) !== WORKER.ready) {
        workerFailed = true;
        warn(
          'nx-gopkg cacheprog: warning: the remote cache worker did not start; continuing with the local cache only',
        );
      }
    }
    if (workerFailed || !worker) return false;
    worker.postMessage(msg);
    return true;
  };
  const remoteOn = () =>
    !!config.remote &&
    !workerFailed &&
    Atomics.load(shared, SLOT.worker) !== WORKER.dead &&
    Atomics.load(shared, SLOT.remoteOff) === 0;
  const uploadsOn = () => remoteOn() && !config.readOnly && Atomics.load(shared, SLOT.uploadsOff) === 0;

  // Answers produced while handling one read go out in one write.
  let queued: string[] = [];
  const answer = (res: Response) => queued.push(encodeResponse(res));
  const flush = () => {
    if (!queued.length) return;
    const text = queued.join('');
    queued = [];
    out.write(text);
  };

  let closeId: number | undefined;
  const handle = (req: Request): void => {
    try {
      switch (req.Command) {
        case 'get': {
          const actionId = idHex(req.ActionID, 'ActionID');
          const hit = cache.getLocal(actionId);
          if (hit) queued.push(encodeHit(req.ID, hit));
          else if (remoteOn() && toWorker({ t: 'get', id: req.ID, actionId })) return;
          else {
            cache.noteMiss(actionId, false);
            answer({ ID: req.ID, Miss: true });
          }
          return;
        }
        case 'put': {
          const size = req.BodySize ?? 0;
          const body = size > 0 ? req.body : Buffer.alloc(0);
          if (!body || body.length !== size) {
            throw new Error(`put: body of ${body?.length ?? 'unreadable'} bytes, BodySize ${size}`);
          }
          const actionId = idHex(req.ActionID, 'ActionID');
          const { diskPath, entry } = cache.putLocal(actionId, idHex(req.OutputID, 'OutputID'), body);
          answer({ ID: req.ID, DiskPath: diskPath });
          if (uploadsOn()) toWorker({ t: 'upload', actionId, entry, body });
          return;
        }
        case 'close':
          closeId = req.ID;
          return;
        default:
          throw new Error(`unknown command ${JSON.stringify(req.Command)}`);
      }
    } catch (e) {
      answer({ ID: req.ID, Err: `nx-gopkg cacheprog: ${(e as Error).message}` });
    }
  };

  answer({ ID: 0, KnownCommands: KNOWN_COMMANDS });
  flush(); // go waits for this before its first request
  const reader = new RequestReader(handle, (err) => warn(`nx-gopkg cacheprog: ${err.message}`));
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  while (closeId === undefined) {
    const n = readBlocking(fds.in, buf, shared);
    if (n === 0) break; // go closed our stdin without "close": finish and stop
    reader.push(buf.subarray(0, n));
    flush();
  }
  flush();

  if (worker && !workerFailed) {
    const w = worker;
    const reply = await new Promise<FromWorker | undefined>((resolve) => {
      w.once('message', resolve);
      w.once('exit', () => resolve(undefined));
      w.postMessage({ t: 'close' } satisfies ToWorker);
    });
    if (reply) cache.absorb(reply.stats, reply.log);
    await w.terminate();
  } else if (worker) await worker.terminate();
  await cache.finish();
  if (closeId !== undefined) out.write(encodeResponse({ ID: closeId }));
}

if (require.main === module) {
  serve().then(
    () => process.exit(0),
    (e) => {
      try {
        fs.writeSync(2, `nx-gopkg cacheprog: ${(e as Error).stack ?? e}\n`);
      } finally {
        process.exit(1);
      }
    },
  );
}
