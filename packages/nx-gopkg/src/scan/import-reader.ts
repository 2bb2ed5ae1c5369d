// go/build's importReader (read.go): a byte-level skimmer that finds where a Go file's header
// (package clause and imports) or any source file's leading comments end. What it reads is then
// parsed (imports-parser.ts) and searched for constraint lines (constraint-lines.ts).

/** Bytes the reader tests for, named as go/build writes them ('i', '(', ...). */
const enum Byte {
  NUL = 0x00,
  Tab = 0x09,
  Newline = 0x0a,
  FormFeed = 0x0c,
  Return = 0x0d,
  Space = 0x20,
  DoubleQuote = 0x22,
  LParen = 0x28,
  RParen = 0x29,
  Star = 0x2a,
  Dot = 0x2e,
  Slash = 0x2f,
  Semicolon = 0x3b,
  Backslash = 0x5c,
  Underscore = 0x5f,
  A = 0x41,
  Z = 0x5a,
  LowerA = 0x61,
  LowerZ = 0x7a,
  Digit0 = 0x30,
  Digit9 = 0x39,
  /** The first byte of a multi-byte UTF-8 sequence or beyond: treated as a letter, as go/build does. */
  NonASCII = 0x80,
  Backquote = 0x60,
  LowerI = 0x69,
}

type ReadStatus = 'ok' | 'syntax' | 'nul';

/** Where the header ends, as go/build's importReader decides. */
export interface Extent {
  start: number; // after a leading BOM
  end: number;
  /** Offset of the first byte that is neither space nor comment (-1: none before the end). */
  firstToken: number;
  status: ReadStatus;
  /** The reader ran off the end of a partial buffer: read the whole file and retry. */
  needMore: boolean;
}

const isIdentByte = (c: number) =>
  (c >= Byte.LowerA && c <= Byte.LowerZ) ||
  (c >= Byte.A && c <= Byte.Z) ||
  (c >= Byte.Digit0 && c <= Byte.Digit9) ||
  c === Byte.Underscore ||
  c >= Byte.NonASCII;

export const hasBOM = (b: Uint8Array) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/**
 * go/build's importReader: a byte-level skimmer that accepts `package x` and import
 * declarations and stops at the first byte of anything else. Semicolons count as spaces.
 */
class ImportReader {
  pos: number;
  private peek = 0;
  status: ReadStatus = 'ok';
  eof = false;

  constructor(private readonly b: Uint8Array) {
    this.pos = hasBOM(b) ? 3 : 0;
  }

  /** status !== 'ok', kept as a field: it is tested for every byte. */
  private failed = false;

  private syntaxError(): void {
    if (this.failed) return;
    this.status = 'syntax';
    this.failed = true;
  }

  private nulError(): void {
    if (this.failed) return;
    this.status = 'nul';
    this.failed = true;
  }

  private readByte(): number {
    if (this.pos >= this.b.length) {
      this.eof = true;
      return 0;
    }
    const c = this.b[this.pos++];
    if (c === Byte.NUL) this.nulError();
    return c;
  }

  peekByte(skipSpace: boolean): number {
    if (this.failed) return 0;
    let c = this.peek === 0 ? this.readByte() : this.peek;
    while (!this.failed && !this.eof) {
      if (
        skipSpace &&
        (c === Byte.Space ||
          c === Byte.FormFeed ||
          c === Byte.Tab ||
          c === Byte.Return ||
          c === Byte.Newline ||
          c === Byte.Semicolon)
      ) {
        c = this.readByte();
        continue;
      }
      if (skipSpace && c === Byte.Slash) {
        this.skipComment();
        c = this.readByte();
        continue;
      }
      break;
    }
    this.peek = c;
    return c;
  }

  /** After a '/', skips a // or /* comment; anything else is a syntax error. */
  private skipComment(): void {
    const c = this.readByte();
    if (c === Byte.Slash) this.skipTo(false);
    else if (c === Byte.Star) this.skipTo(true);
    else this.syntaxError();
  }

  /** Skips through the end of a // comment (newline) or /* comment (star-slash), bytewise. */
  private skipTo(block: boolean): void {
    if (this.failed || this.eof) return;
    const b = this.b;
    let i = this.pos;
    let prev = 0;
    while (i < b.length) {
      const c = b[i++];
      if (c === Byte.NUL) {
        this.pos = i;
        this.nulError();
        return;
      }
      if (block ? prev === Byte.Star && c === Byte.Slash : c === Byte.Newline) {
        this.pos = i;
        return;
      }
      prev = c;
    }
    this.pos = i;
    this.eof = true;
    if (block) this.syntaxError(); // unterminated /* comment
  }

  nextByte(skipSpace: boolean): number {
    const c = this.peekByte(skipSpace);
    this.peek = 0;
    return c;
  }

  readKeyword(kw: string): void {
    this.peekByte(true);
    for (let i = 0; i < kw.length; i++) {
      if (this.nextByte(false) !== kw.charCodeAt(i)) {
        this.syntaxError();
        return;
      }
    }
    if (isIdentByte(this.peekByte(false))) this.syntaxError();
  }

  readIdent(): void {
    if (!isIdentByte(this.peekByte(true))) {
      this.syntaxError();
      return;
    }
    // The first byte sits in peek; run over the rest in one loop, then peek the byte after.
    this.peek = 0;
    const b = this.b;
    let i = this.pos;
    while (i < b.length && isIdentByte(b[i])) i++;
    this.pos = i;
    this.peekByte(false);
  }

  readString(): void {
    const q = this.nextByte(true);
    if (q === Byte.Backquote || q === Byte.DoubleQuote) this.skipStringBody(q);
    else this.syntaxError();
  }

  /** After the opening quote: to the closing one; newline (in "...") or EOF is an error. */
  private skipStringBody(q: number): void {
    if (this.failed) return;
    const b = this.b;
    let i = this.pos;
    for (;;) {
      if (i >= b.length) {
        this.pos = i;
        this.eof = true;
        this.syntaxError();
        return;
      }
      const c = b[i++];
      if (c === Byte.NUL) {
        this.pos = i;
        this.nulError();
        return;
      }
      if (c === q) break;
      if (q === Byte.DoubleQuote && c === Byte.Newline) {
        this.pos = i;
        this.syntaxError();
        return;
      }
      if (q === Byte.DoubleQuote && c === Byte.Backslash) {
        if (i >= b.length) continue; // EOF: reported on the next turn
        if (b[i++] === Byte.NUL) {
          this.pos = i;
          this.nulError();
          return;
        }
      }
    }
    this.pos = i;
  }

  readImport(): void {
    const c = this.peekByte(true);
    if (c === Byte.Dot) this.peek = 0;
    else if (isIdentByte(c)) this.readIdent();
    this.readString();
  }
}

/** The header's extent in a whole file (analyzeGoFile reads a file whole before it comes here). */
export function goHeaderExtent(b: Uint8Array): Extent {
  const r = new ImportReader(b);
  const start = r.pos;
  r.peekByte(true);
  const firstToken = r.status === 'ok' && !r.eof ? r.pos - 1 : -1;
  r.readKeyword('package');
  r.readIdent();
  while (r.peekByte(true) === Byte.LowerI) {
    r.readKeyword('import');
    if (r.peekByte(true) === Byte.LParen) {
      r.nextByte(false);
      while (r.peekByte(true) !== Byte.RParen && r.status === 'ok') r.readImport();
      r.nextByte(false);
    } else r.readImport();
  }
  return finishExtent(r, start, b, true, firstToken);
}

function finishExtent(r: ImportReader, start: number, b: Uint8Array, complete: boolean, firstToken: number): Extent {
  // A syntax error makes go/build hand the whole file to the parser.
  if (r.status === 'syntax') return { start, end: b.length, firstToken, status: 'syntax', needMore: !complete };
  const stoppedEarly = r.status === 'ok' && !r.eof;
  const end = stoppedEarly ? r.pos - 1 : r.pos; // drop the byte that told us to stop
  return { start, end, firstToken, status: r.status, needMore: r.eof && !complete };
}

/**
 * Where build constraints can still be: the leading comments end on the line of the first
 * token, and go/build's line scan never looks past that line.
 */
export function constraintTextEnd(b: Uint8Array, ext: Extent): number {
  if (ext.firstToken < 0) return ext.end;
  const nl = b.indexOf(Byte.Newline, ext.firstToken);
  return nl < 0 || nl >= ext.end ? ext.end : nl + 1;
}

/** go/build's readComments: the leading run of blank space and comments of any file. */
export function commentHeaderExtent(b: Uint8Array, complete: boolean): Extent {
  const r = new ImportReader(b);
  const start = r.pos;
  r.peekByte(true);
  return finishExtent(r, start, b, complete, r.status === 'ok' && !r.eof ? r.pos - 1 : -1);
}
