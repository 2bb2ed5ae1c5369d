// The GOCACHEPROG wire protocol (cmd/go/internal/cacheprog, read against Go 1.26):
//
// - The program first writes a Response with ID 0 and KnownCommands.
// - go then writes Requests, one JSON object per line (json.Encoder adds a newline and go writes
//   another, so blank lines appear between messages). []byte fields (ActionID, OutputID) are
//   base64 strings, as Go's encoding/json writes them.
// - A "put" with BodySize > 0 is followed by one line holding the body as a JSON string of
//   standard base64: `"<base64>"`.
// - Responses are JSON objects, one per line, in any order; each echoes its request's ID.
//   Time is RFC 3339; Miss, OutputID, Size, DiskPath, Err are omitted when empty.

export type Command = 'get' | 'put' | 'close';

export interface Request {
  ID: number;
  Command: Command | string;
  ActionID?: string;
  OutputID?: string;
  BodySize?: number;
  /** The decoded body of a put (attached by the reader; not part of go's JSON). */
  body?: Buffer;
}

export interface Response {
  ID: number;
  Err?: string;
  KnownCommands?: Command[];
  Miss?: boolean;
  OutputID?: string;
  Size?: number;
  Time?: string;
  DiskPath?: string;
}

export const KNOWN_COMMANDS: Command[] = ['get', 'put', 'close'];

/** Go's []byte JSON (base64) → lowercase hex; throws unless it decodes to exactly 32 bytes. */
export function idHex(b64: string | undefined, what: string): string {
  const buf = Buffer.from(b64 ?? '', 'base64');
  if (buf.length !== 32) throw new Error(`${what}: expected 32 bytes, got ${buf.length}`);
  return buf.toString('hex');
}

export function hexToB64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

export function encodeResponse(res: Response): string {
  const out: Record<string, unknown> = { ID: res.ID };
  if (res.Err) out.Err = res.Err;
  if (res.KnownCommands) out.KnownCommands = res.KnownCommands;
  if (res.Miss) out.Miss = true;
  if (res.OutputID) out.OutputID = res.OutputID;
  if (res.Size) out.Size = res.Size;
  if (res.Time) out.Time = res.Time;
  if (res.DiskPath) out.DiskPath = res.DiskPath;
  return JSON.stringify(out) + '\n';
}

/**
 * Splits go's stdin stream into requests. Feed it chunks; it calls `onRequest` for each complete
 * request (a put only once its body line has arrived). Chunks are kept as a list and joined only
 * when a line is complete, so a multi-megabyte body line costs one copy.
 */
export class RequestReader {
  private chunks: Buffer[] = [];
  private pending: Request | undefined; // a put waiting for its body line

  constructor(
    private readonly onRequest: (req: Request) => void,
    private readonly onError: (err: Error) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      const tail = chunk.subarray(start, nl);
      const line = this.chunks.length ? Buffer.concat([...this.chunks, tail]) : tail;
      this.chunks = [];
      start = nl + 1;
      this.line(line);
    }
    // Copied: the caller may reuse its read buffer for the next chunk.
    if (start < chunk.length) this.chunks.push(Buffer.from(chunk.subarray(start)));
  }

  /** True when the stream ended in the middle of a message. */
  get incomplete(): boolean {
    return this.pending !== undefined || this.chunks.some((c) => c.length > 0);
  }

  private line(raw: Buffer): void {
    let end = raw.length;
    if (end > 0 && raw[end - 1] === 13) end--; // tolerate CRLF
    if (end === 0) return;
    const line = raw.subarray(0, end);
    if (this.pending) {
      const req = this.pending;
      this.pending = undefined;
      this.body(req, line);
      return;
    }
    let req: Request;
    try {
      req = JSON.parse(line.toString('utf8'));
    } catch (e) {
      this.onError(new Error(`bad request line: ${(e as Error).message}`));
      return;
    }
    if (typeof req !== 'object' || req === null || typeof req.ID !== 'number') {
      this.onError(new Error('bad request: no numeric ID'));
      return;
    }
    if (req.Command === 'put' && (req.BodySize ?? 0) > 0) this.pending = req;
    else this.onRequest(req);
  }

  private body(req: Request, line: Buffer): void {
    // A JSON string of standard base64: no escapes can occur inside it.
    if (line.length < 2 || line[0] !== 34 || line[line.length - 1] !== 34) {
      this.onRequest({ ...req, body: undefined }); // the handler answers with an error
      return;
    }
    const body = Buffer.from(line.subarray(1, line.length - 1).toString('latin1'), 'base64');
    this.onRequest({ ...req, body });
  }
}

/**
 * The response to a get that hit, as encodeResponse would write it, built directly: a warm build
 * sends thousands of these and the intermediate objects showed in its profile (protocol.spec.ts
 * checks they agree).
 */
export function encodeHit(
  id: number,
  hit: { outputId: string; size: number; timeMs: number; diskPath: string },
): string {
  return (
    `{"ID":${id},"OutputID":"${hexToB64(hit.outputId)}"` +
    (hit.size ? `,"Size":${hit.size}` : '') +
    `,"Time":"${new Date(hit.timeMs).toISOString()}","DiskPath":${JSON.stringify(hit.diskPath)}}\n`
  );
}
