// The action-cache value stored remotely, encoded as a REAPI `ActionResult` protobuf
// (build.bazel.remote.execution.v2). bazel-remote validates `/ac/` uploads as ActionResult
// messages unless started with --disable_http_ac_validation, and on GET it answers 404 when an
// output file's blob is missing from the CAS, so speaking this format lets a stock server work.
//
// Only the fields nx-gopkg uses are written:
//   ActionResult.output_files (2) = [OutputFile { path (1), digest (2) { hash (1), size_bytes (2) },
//                                                 contents (5) when the body is inlined }]
//   ActionResult.execution_metadata (9) = { worker (1), worker_completed_timestamp (4) { seconds, nanos } }
// Decoding skips every other field, so entries a server decorated (for example with its own
// worker metadata) still decode.

export interface ActionEntry {
  /** Hex SHA-256 of the output bytes (go's OutputID). */
  outputId: string;
  size: number;
  /** Milliseconds since the epoch when the entry was made. */
  timeMs: number;
  /** Output bytes stored inline in the action entry (small outputs). */
  contents?: Buffer;
}

const OUTPUT_PATH = 'go-build-output';
const WORKER = 'nx-gopkg-cacheprog';

function varint(n: number | bigint): Buffer {
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  const bytes: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    bytes.push(b);
  } while (v > 0n);
  return Buffer.from(bytes);
}

function field(num: number, wire: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((num << 3) | wire), payload]);
}

function bytesField(num: number, value: Buffer | string): Buffer {
  const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return field(num, 2, Buffer.concat([varint(b.length), b]));
}

function intField(num: number, value: number | bigint): Buffer {
  return field(num, 0, varint(value));
}

export function encodeActionEntry(entry: ActionEntry): Buffer {
  const digest = Buffer.concat([
    bytesField(1, entry.outputId),
    entry.size > 0 ? intField(2, entry.size) : Buffer.alloc(0),
  ]);
  const outputFile = Buffer.concat([
    bytesField(1, OUTPUT_PATH),
    bytesField(2, digest),
    entry.contents && entry.contents.length > 0 ? bytesField(5, entry.contents) : Buffer.alloc(0),
  ]);
  const seconds = Math.floor(entry.timeMs / 1000);
  const nanos = (entry.timeMs - seconds * 1000) * 1e6;
  const timestamp = Buffer.concat([intField(1, seconds), nanos > 0 ? intField(2, nanos) : Buffer.alloc(0)]);
  const metadata = Buffer.concat([bytesField(1, WORKER), bytesField(4, timestamp)]);
  return Buffer.concat([bytesField(2, outputFile), bytesField(9, metadata)]);
}

interface Field {
  num: number;
  wire: number;
  /** varint value (wire 0) */
  int?: bigint;
  /** payload (wire 2) */
  bytes?: Buffer;
}

function* fields(buf: Buffer): Generator<Field> {
  let pos = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  };
  while (pos < buf.length) {
    const key = Number(readVarint());
    const num = key >>> 3;
    const wire = key & 7;
    if (num === 0) throw new Error('field number 0');
    switch (wire) {
      case 0:
        yield { num, wire, int: readVarint() };
        break;
      case 1:
        if (pos + 8 > buf.length) throw new Error('truncated fixed64');
        pos += 8;
        break;
      case 2: {
        const len = Number(readVarint());
        if (pos + len > buf.length) throw new Error('truncated length-delimited field');
        yield { num, wire, bytes: buf.subarray(pos, pos + len) };
        pos += len;
        break;
      }
      case 5:
        if (pos + 4 > buf.length) throw new Error('truncated fixed32');
        pos += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${wire}`);
    }
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Decodes an ActionResult written by {@link encodeActionEntry}; throws on anything else. */
export function decodeActionEntry(buf: Buffer): ActionEntry {
  const outputs: Buffer[] = [];
  let metadata: Buffer | undefined;
  for (const f of fields(buf)) {
    if (f.num === 2 && f.bytes) outputs.push(f.bytes);
    else if (f.num === 9 && f.bytes) metadata = f.bytes;
  }
  if (outputs.length !== 1) throw new Error(`expected one output file, found ${outputs.length}`);
  let outPath = '';
  let digest: Buffer | undefined;
  let contents: Buffer | undefined;
  for (const f of fields(outputs[0])) {
    if (f.num === 1 && f.bytes) outPath = f.bytes.toString('utf8');
    else if (f.num === 2 && f.bytes) digest = f.bytes;
    else if (f.num === 5 && f.bytes) contents = Buffer.from(f.bytes);
  }
  if (outPath !== OUTPUT_PATH || !digest) throw new Error('not a nx-gopkg action entry');
  let outputId = '';
  let size = 0n;
  for (const f of fields(digest)) {
    if (f.num === 1 && f.bytes) outputId = f.bytes.toString('utf8');
    else if (f.num === 2 && f.int !== undefined) size = f.int;
  }
  if (!HEX64.test(outputId)) throw new Error('bad output digest');
  if (size < 0n || size > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('bad output size');
  let timeMs = 0;
  if (metadata) {
    for (const f of fields(metadata)) {
      if (f.num !== 4 || !f.bytes) continue;
      let seconds = 0n;
      let nanos = 0n;
      for (const t of fields(f.bytes)) {
        if (t.num === 1 && t.int !== undefined) seconds = t.int;
        else if (t.num === 2 && t.int !== undefined) nanos = t.int;
      }
      timeMs = Number(seconds) * 1000 + Math.floor(Number(nanos) / 1e6);
    }
  }
  return { outputId, size: Number(size), timeMs, contents };
}
