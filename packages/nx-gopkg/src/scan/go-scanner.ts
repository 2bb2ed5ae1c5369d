// A Go tokenizer with go/scanner's token boundaries, automatic semicolons and error
// detection. The imports parser (imports-parser.ts) uses it to decide what go/parser
// (ImportsOnly) accepts; it works on bytes so offsets and invalid UTF-8 match Go.
import { BOM, EOF, GoSourceReader } from './go-source-reader';
import { digitVal, isAsciiIdent, isDecimal, isDigit, isHex, isLetter, lower } from './go-text';
import { GO_KEYWORDS, type TokKind, type Token } from './go-token';

export class GoScanner extends GoSourceReader {
  private insertSemi = false;
  private nlPending = -1; // offset of a newline inside a /*...*/ that must become a ';'
  private nlLine = 0;

  /** The next token (comments included). */
  scan(): Token {
    if (this.nlPending >= 0) {
      const t: Token = { kind: 'SEMI', lit: '\n', offset: this.nlPending, line: this.nlLine };
      this.nlPending = -1;
      return t;
    }
    while (this.ch === 0x20 || this.ch === 0x09 || (this.ch === 0x0a && !this.insertSemi) || this.ch === 0x0d)
      this.next();
    const offset = this.offset;
    const line = this.line;
    const tok = (kind: TokKind, lit?: string, semi = false): Token => {
      this.insertSemi = semi;
      return { kind, lit: lit ?? this.text(offset, this.offset), offset, line };
    };
    const ch = this.ch;
    if (ch !== EOF && isLetter(ch)) {
      const lit = this.scanIdentifier();
      if (lit.length > 1 && GO_KEYWORDS.has(lit)) {
        const semi = lit === 'break' || lit === 'continue' || lit === 'fallthrough' || lit === 'return';
        return tok('KEYWORD', lit, semi);
      }
      return tok('IDENT', lit, true);
    }
    if (isDecimal(ch) || (ch === 0x2e && isDecimal(this.peekByte()))) {
      this.scanNumber();
      return tok('LITERAL', this.text(offset, this.offset), true);
    }
    this.next();
    switch (ch) {
      case EOF:
        if (this.insertSemi) return tok('SEMI', '\n');
        return tok('EOF', '');
      case 0x0a:
        return tok('SEMI', '\n');
      case 0x22: // "
        this.scanString(offset);
        return tok('STRING', this.text(offset, this.offset), true);
      case 0x27: // '
        this.scanRune(offset);
        return tok('LITERAL', this.text(offset, this.offset), true);
      case 0x60: // `
        this.scanRawString(offset);
        return tok('STRING', this.text(offset, this.offset).replace(/\r/g, ''), true);
      case 0x2e: // .
        if (this.ch === 0x2e && this.peekByte() === 0x2e) {
          this.next();
          this.next();
          return tok('OP', '...');
        }
        return tok('PERIOD', '.');
      case 0x2c:
        return tok('COMMA', ',');
      case 0x3b:
        return { ...tok('SEMI', ';'), explicit: true };
      case 0x28:
        return tok('LPAREN', '(');
      case 0x29:
        return tok('RPAREN', ')', true);
      case 0x5d:
        return tok('OP', ']', true);
      case 0x7d:
        return tok('RBRACE', '}', true);
      case 0x2b: // + ++ +=
      case 0x2d: // - -- -=
        if (this.ch === ch) {
          this.next();
          return tok('OP', undefined, true);
        }
        if (this.ch === 0x3d) this.next();
        return tok('OP');
      case 0x2f: // / or comment
        if (this.ch === 0x2f || this.ch === 0x2a) return this.scanComment(offset, line);
        if (this.ch === 0x3d) this.next();
        return tok('OP');
      case 0x3a: // : :=
      case 0x2a: // * *=
      case 0x25: // % %=
      case 0x5e: // ^ ^=
      case 0x3d: // = ==
      case 0x21: // ! !=
        if (this.ch === 0x3d) this.next();
        return tok('OP');
      case 0x3c: // < <= << <<= <-
      case 0x3e: // > >= >> >>=
        if (ch === 0x3c && this.ch === 0x2d) this.next();
        else {
          if (this.ch === ch) this.next();
          if (this.ch === 0x3d) this.next();
        }
        return tok('OP');
      case 0x26: // & && &= &^ &^=
      case 0x7c: // | || |=
        if (ch === 0x26 && this.ch === 0x5e) {
          this.next();
          if (this.cur() === 0x3d) this.next();
        } else if (this.ch === ch || this.ch === 0x3d) this.next();
        return tok('OP');
      case 0x5b: // [
      case 0x7b: // {
      case 0x7e: // ~
        return tok('OP');
      default: {
        const semi = this.insertSemi; // an illegal character keeps the semicolon state
        if (ch !== BOM) {
          const curly = ch === 0x201c || ch === 0x201d;
          this.error(offset, curly ? 'curly quotation mark' : `illegal character U+${ch.toString(16).toUpperCase()}`);
        }
        return tok('ILLEGAL', String.fromCodePoint(ch), semi);
      }
    }
  }

  /**
   * Fast path through comment text: moves over printable ASCII (and tabs/CR, but not `stop`
   * or `also`, nor newlines) without decoding; next() takes over for anything else.
   */
  private skipPlainASCII(stop: number, also: number): void {
    const src = this.src;
    const end = this.end;
    let i = this.rdOffset;
    if (this.ch === stop || this.ch === also || this.ch === 0x0a || this.ch < 0x09 || this.ch >= 0x80) return;
    while (i < end) {
      const c = src[i];
      if (c === stop || c === also || c === 0x0a || c >= 0x80 || c === 0) break;
      i++;
    }
    if (i === this.rdOffset) return;
    // Land on the byte before i as the current character, as next() would have.
    this.offset = i - 1;
    this.ch = src[i - 1];
    this.rdOffset = i;
  }

  private scanIdentifier(): string {
    const a = this.offset;
    // ASCII run first (no decoding), then the general loop for anything else.
    const src = this.src;
    let i = this.rdOffset;
    while (i < this.end && isAsciiIdent(src[i])) i++;
    if (i > this.rdOffset) {
      this.offset = i - 1;
      this.ch = src[i - 1];
      this.rdOffset = i;
      this.next();
    }
    while (this.ch !== EOF && (isLetter(this.ch) || isDigit(this.ch))) this.next();
    return this.text(a, this.offset);
  }

  private scanComment(offset: number, line: number): Token {
    let nl = -1;
    let nlLine = 0;
    if (this.ch === 0x2f) {
      for (;;) {
        this.skipPlainASCII(0x0a, -1);
        if (this.cur() === 0x0a || this.cur() === EOF) break;
        this.next();
      }
    } else {
      this.next();
      let closed = false;
      while (this.ch !== EOF) {
        this.skipPlainASCII(0x2a, 0x2a);
        const c = this.ch;
        if (c === 0x0a && nl < 0) {
          nl = this.offset;
          nlLine = this.line;
        }
        this.next();
        if (c === 0x2a && this.ch === 0x2f) {
          this.next();
          closed = true;
          break;
        }
      }
      if (!closed) this.error(offset, 'comment not terminated');
    }
    const lit = this.text(offset, this.offset).replace(/\r/g, '');
    if (this.insertSemi && nl >= 0) {
      // A /*...*/ spanning lines ends the statement: ';' follows the comment.
      this.nlPending = nl;
      this.nlLine = nlLine;
      this.insertSemi = false;
    }
    return { kind: 'COMMENT', lit, offset, line };
  }

  private scanEscape(quote: number): boolean {
    const offs = this.offset;
    let n: number;
    let base: number;
    let max: number;
    switch (this.ch) {
      case 0x61:
      case 0x62:
      case 0x66:
      case 0x6e:
      case 0x72:
      case 0x74:
      case 0x76:
      case 0x5c:
      case quote:
        this.next();
        return true;
      case 0x78:
        this.next();
        [n, base, max] = [2, 16, 255];
        break;
      case 0x75:
        this.next();
        [n, base, max] = [4, 16, 0x10ffff];
        break;
      case 0x55:
        this.next();
        [n, base, max] = [8, 16, 0x10ffff];
        break;
      default:
        if (this.ch >= 0x30 && this.ch <= 0x37) {
          [n, base, max] = [3, 8, 255];
          break;
        }
        this.error(offs, this.ch === EOF ? 'escape sequence not terminated' : 'unknown escape sequence');
        return false;
    }
    let x = 0;
    for (; n > 0; n--) {
      const d = this.ch === EOF ? 16 : digitVal(this.ch);
      if (d >= base) {
        this.error(
          this.offset,
          this.ch === EOF ? 'escape sequence not terminated' : 'illegal character in escape sequence',
        );
        return false;
      }
      x = x * base + d;
      this.next();
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) {
      this.error(offs, 'escape sequence is invalid Unicode code point');
      return false;
    }
    return true;
  }

  private scanRune(offs: number): void {
    let valid = true;
    let n = 0;
    for (;;) {
      const c = this.ch;
      if (c === 0x0a || c === EOF) {
        if (valid) this.error(offs, 'rune literal not terminated');
        valid = false;
        break;
      }
      this.next();
      if (c === 0x27) break;
      n++;
      if (c === 0x5c && !this.scanEscape(0x27)) valid = false;
    }
    if (valid && n !== 1) this.error(offs, 'illegal rune literal');
  }

  private scanString(offs: number): void {
    for (;;) {
      this.skipPlainASCII(0x22, 0x5c);
      const c = this.ch;
      if (c === 0x0a || c === EOF) {
        this.error(offs, 'string literal not terminated');
        break;
      }
      this.next();
      if (c === 0x22) break;
      if (c === 0x5c) this.scanEscape(0x22);
    }
  }

  private scanRawString(offs: number): void {
    for (;;) {
      const c = this.ch;
      if (c === EOF) {
        this.error(offs, 'raw string literal not terminated');
        break;
      }
      this.next();
      if (c === 0x60) break;
    }
  }

  /** Digits of `base` (and '_'); returns bit 0 = digit seen, bit 1 = '_' seen. */
  private digits(base: number, invalid: { at: number }): number {
    let sep = 0;
    if (base <= 10) {
      const max = 0x30 + base;
      while (isDecimal(this.ch) || this.ch === 0x5f) {
        if (this.ch === 0x5f) sep |= 2;
        else {
          sep |= 1;
          if (this.ch >= max && invalid.at < 0) invalid.at = this.offset;
        }
        this.next();
      }
    } else {
      while (isHex(this.ch) || this.ch === 0x5f) {
        sep |= this.ch === 0x5f ? 2 : 1;
        this.next();
      }
    }
    return sep;
  }

  private scanNumber(): void {
    const offs = this.offset;
    let isInt = false;
    let isFloat = false;
    let base = 10;
    let prefix = 0; // 0 decimal, '0' legacy octal, 'x', 'o', 'b'
    let sep = 0;
    const invalid = { at: -1 };
    if (this.ch !== 0x2e) {
      isInt = true;
      if (this.ch === 0x30) {
        this.next();
        const l = lower(this.ch);
        if (l === 0x78 || l === 0x6f || l === 0x62) {
          this.next();
          prefix = l;
          base = l === 0x78 ? 16 : l === 0x6f ? 8 : 2;
        } else {
          [base, prefix, sep] = [8, 0x30, 1];
        }
      }
      sep |= this.digits(base, invalid);
    }
    if (this.ch === 0x2e) {
      isFloat = true;
      if (prefix === 0x6f || prefix === 0x62) this.error(this.offset, 'invalid radix point');
      this.next();
      sep |= this.digits(base, invalid);
    }
    if ((sep & 1) === 0) this.error(this.offset, 'number has no digits');
    const e = lower(this.ch);
    if (e === 0x65 || e === 0x70) {
      if (e === 0x65 && prefix !== 0 && prefix !== 0x30)
        this.error(this.offset, "'e' exponent requires decimal mantissa");
      if (e === 0x70 && prefix !== 0x78) this.error(this.offset, "'p' exponent requires hexadecimal mantissa");
      this.next();
      isFloat = true;
      if (this.ch === 0x2b || this.ch === 0x2d) this.next();
      const ds = this.digits(10, { at: 0 });
      sep |= ds;
      if ((ds & 1) === 0) this.error(this.offset, 'exponent has no digits');
    } else if (prefix === 0x78 && isFloat) {
      this.error(this.offset, "hexadecimal mantissa requires a 'p' exponent");
    }
    if (this.ch === 0x69) {
      isInt = false;
      this.next();
    }
    if (isInt && !isFloat && invalid.at >= 0) this.error(invalid.at, 'invalid digit');
    if (sep & 2 && invalidSeparator(this.text(offs, this.offset)) >= 0) {
      this.error(offs, "'_' must separate successive digits");
    }
  }
}

/** Index of the first '_' that does not sit between digits (or after a base prefix), or -1. */
function invalidSeparator(x: string): number {
  let x1 = 0x20;
  let d = 0x2e; // '.' = other, '0' = digit, '_' = separator
  let i = 0;
  if (x.length >= 2 && x[0] === '0') {
    x1 = lower(x.charCodeAt(1));
    if (x1 === 0x78 || x1 === 0x6f || x1 === 0x62) [d, i] = [0x30, 2];
  }
  for (; i < x.length; i++) {
    const p = d;
    d = x.charCodeAt(i);
    if (d === 0x5f) {
      if (p !== 0x30) return i;
    } else if (isDecimal(d) || (x1 === 0x78 && isHex(d))) d = 0x30;
    else {
      if (p === 0x5f) return i - 1;
      d = 0x2e;
    }
  }
  return d === 0x5f ? x.length - 1 : -1;
}
