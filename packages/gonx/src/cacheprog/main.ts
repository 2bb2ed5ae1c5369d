#!/usr/bin/env node
// gonx's GOCACHEPROG program: go's build cache with a local disk tier and a shared remote tier
// (bazel-remote HTTP protocol). go starts it as `GOCACHEPROG="<node> <this file>"` and talks
// JSON over stdin/stdout (see protocol.ts); settings come from the environment (config.ts).
// Requests are handled concurrently and answered as they complete.
import { TieredCache, type Hit } from './cache';
import { readConfig } from './config';
import { encodeResponse, hexToB64, idHex, KNOWN_COMMANDS, RequestReader, type Request, type Response } from './protocol';

export function run(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
  warn: (msg: string) => void = (msg) => process.stderr.write(msg + '\n'),
): Promise<void> {
  const cache = new TieredCache(readConfig(env), warn);
  const inFlight = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  // Responses completed in one turn of the event loop go out in one write: stdout to a pipe is
  // synchronous, and a write per response was a visible share of a warm build's overhead.
  let queued: string[] = [];
  const flush = () => {
    if (!queued.length) return;
    const text = queued.join('');
    queued = [];
    output.write(text);
  };
  const send = (res: Response) => {
    if (!queued.length) setImmediate(flush);
    queued.push(encodeResponse(res));
  };

  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      await cache.close();
    })();
    return closing;
  };

  const hitResponse = (id: number, r: Hit): Response => ({
    ID: id,
    OutputID: hexToB64(r.outputId),
    Size: r.size,
    Time: new Date(r.timeMs).toISOString(),
    DiskPath: r.diskPath,
  });

  const handle = async (req: Request): Promise<Response> => {
    switch (req.Command) {
      case 'get': {
        const r = await cache.get(idHex(req.ActionID, 'ActionID'));
        return r.miss ? { ID: req.ID, Miss: true } : hitResponse(req.ID, r);
      }
      case 'put': {
        const size = req.BodySize ?? 0;
        const body = size > 0 ? req.body : Buffer.alloc(0);
        if (!body || body.length !== size) {
          throw new Error(`put: body of ${body?.length ?? 'unreadable'} bytes, BodySize ${size}`);
        }
        const diskPath = await cache.put(idHex(req.ActionID, 'ActionID'), idHex(req.OutputID, 'OutputID'), body);
        return { ID: req.ID, DiskPath: diskPath };
      }
      default:
        throw new Error(`unknown command ${JSON.stringify(req.Command)}`);
    }
  };

  const reader = new RequestReader(
    (req) => {
      if (req.Command === 'close') {
        void shutdown().then(() => {
          flush();
          output.write(encodeResponse({ ID: req.ID }), () => finish());
        });
        return;
      }
      if (req.Command === 'get' && !closing) {
        // Fast path for local hits, without a promise per request.
        let hit: Hit | undefined;
        try {
          hit = cache.getLocal(idHex(req.ActionID, 'ActionID'));
        } catch {
          hit = undefined; // a bad ActionID: the async path answers with the error
        }
        if (hit) {
          send(hitResponse(req.ID, hit));
          return;
        }
      }
      const p: Promise<void> = handle(req)
        .catch((e: Error): Response => ({ ID: req.ID, Err: `gonx cacheprog: ${e.message}` }))
        .then((res) => {
          send(res);
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    (err) => warn(`gonx cacheprog: ${err.message}`),
  );

  send({ ID: 0, KnownCommands: KNOWN_COMMANDS });
  flush(); // go waits for this before its first request
  input.on('data', (chunk: Buffer) => reader.push(chunk));
  input.on('end', () => {
    // go closed our stdin without "close" (or after it): finish pending work and stop.
    void shutdown().then(() => {
      flush();
      finish();
    });
  });
  return finished;
}

if (require.main === module) {
  run().then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`gonx cacheprog: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
