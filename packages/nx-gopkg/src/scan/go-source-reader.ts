// The characters of Go source as go/scanner reads them: UTF-8 decoded from bytes, with its
// errors (NUL, invalid encoding, misplaced BOM) and line numbers. GoScanner adds the tokens.
import { decodeRune } from './go-strings';

export const EOF = -1;
export const BOM = 0xfeff;

export interface ScanError {
  offset: number;
  line: number;
  message: string;
}

export class GoSourceReader {
  protected ch = 0x20;
  protected offset = 0;
  protected rdOffset: number;
  line = 1;
  errors: ScanError[] = [];
  /** Called for every error as it is found (go/parser collects them in order). */
  onError?: (e: ScanError) => void;

  /** Scans src[start, end). A leading BOM is skipped, as go/scanner does. */
  constructor(
    protected readonly src: Buffer,
    protected readonly start: number,
    protected readonly end: number,
  ) {
    this.rdOffset = start;
    this.next();
    if (this.ch === BOM) this.next();
  }

  protected error(offset: number, message: string): void {
    const e = { offset, line: this.lineAt(offset), message };
    this.errors.push(e);
    this.onError?.(e);
  }

  // Where lineAt last counted to. Errors come at increasing offsets, so counting resumes there
  // and a file full of errors stays linear.
  private countedTo = -1;
  private countedLine = 1;

  /** Line of a byte offset. */
  lineAt(offset: number): number {
    const to = Math.min(offset, this.end);
    let from = this.start;
    let line = 1;
    if (this.countedTo >= from && this.countedTo <= to) {
      from = this.countedTo;
      line = this.countedLine;
    }
    for (let k = this.src.indexOf(0x0a, from); k >= 0 && k < to; k = this.src.indexOf(0x0a, k + 1)) line++;
    this.countedTo = to;
    this.countedLine = line;
    return line;
  }

  protected next(): void {
    if (this.ch === 0x0a) this.line++;
    if (this.rdOffset >= this.end) {
      this.offset = this.end;
      this.ch = EOF;
      return;
    }
    this.offset = this.rdOffset;
    let r = this.src[this.rdOffset];
    let w = 1;
    if (r === 0) this.error(this.offset, 'illegal character NUL');
    else if (r >= 0x80) {
      [r, w] = decodeRune(this.src, this.rdOffset, this.end);
      if (r === -2) {
        this.error(this.offset, 'illegal UTF-8 encoding');
        r = 0xfffd;
      } else if (r === BOM && this.offset > this.start) this.error(this.offset, 'illegal byte order mark');
    }
    this.rdOffset += w;
    this.ch = r;
  }

  /** The current character, read afresh (defeats TypeScript's narrowing across next()). */
  protected cur(): number {
    return this.ch;
  }

  protected peekByte(): number {
    return this.rdOffset < this.end ? this.src[this.rdOffset] : -1;
  }

  protected text(a: number, b: number): string {
    return this.src.toString('utf8', a, b);
  }
}
