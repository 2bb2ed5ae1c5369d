// A fast path for the usual Go file header: ASCII text, `package name`, then import
// declarations whose paths are plain "..." strings, each spec ended by a newline. On such
// input go/parser (ImportsOnly) cannot fail, so the package name, import paths and lines can
// be read off the bytes without tokens or strings per token. Anything else (non-ASCII bytes,
// `;`, raw strings, escapes, import "C" with its preamble, a name or `.` before a newline, an
// unterminated comment...) returns undefined and goes to the full tokenizer and parser.
import { GO_KEYWORDS } from './go-scanner';

export interface SimpleHeader {
  name: string;
  nameLine: number;
  imports: { path: string; line: number }[];
}

const isIdentStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 0x30 && c <= 0x39);

/** Parses b[start, end) (the import reader's header); undefined when not in the simple form. */
export function parseSimpleHeader(b: Buffer, start: number, end: number): SimpleHeader | undefined {
  // go/scanner reports NUL and checks UTF-8 everywhere, comments included: ASCII only here.
  for (let k = start; k < end; k++) {
    const c = b[k];
    if (c === 0 || c >= 0x80) return undefined;
  }
  let i = start;
  let line = 1;
  let bad = false;

  /** Skips blanks and comments: 1 if a newline was crossed (a ';' after a name or string), else 0. */
  const skip = (): number => {
    let nl = 0;
    while (i < end) {
      const c = b[i];
      if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
      else if (c === 0x0a) {
        nl = 1;
        line++;
        i++;
      } else if (c === 0x2f && i + 1 < end && b[i + 1] === 0x2f) {
        const j = b.indexOf(0x0a, i);
        i = j < 0 || j >= end ? end : j; // the newline itself is taken above
      } else if (c === 0x2f && i + 1 < end && b[i + 1] === 0x2a) {
        const j = b.indexOf('*/', i + 2, 'latin1');
        if (j < 0 || j + 2 > end) {
          bad = true; // not terminated: an error for go/scanner
          i = end;
          break;
        }
        // A newline inside a /*...*/ acts as one for semicolon insertion.
        for (let k = i + 2; k < j; k++) {
          if (b[k] === 0x0a) {
            nl = 1;
            line++;
          }
        }
        i = j + 2;
      } else break;
    }
    return nl;
  };

  const ident = (): string => {
    if (i >= end || !isIdentStart(b[i])) return '';
    const a = i;
    while (i < end && isIdentPart(b[i])) i++;
    return b.toString('latin1', a, i);
  };

  /** The keyword at i, not followed by more identifier bytes. */
  const keyword = (kw: string): boolean => {
    if (i + kw.length > end) return false;
    for (let k = 0; k < kw.length; k++) if (b[i + k] !== kw.charCodeAt(k)) return false;
    if (i + kw.length < end && isIdentPart(b[i + kw.length])) return false;
    i += kw.length;
    return true;
  };

  /** After a name, string or `)`: the automatic ';' at a newline (or at the end of the header). */
  const terminated = (): boolean => skip() === 1 || i >= end;

  const imports: SimpleHeader['imports'] = [];
  /** One import spec; inside `( )` it may also end right before the `)`. */
  const spec = (inGroup: boolean): boolean => {
    if (b[i] === 0x2e) i++;
    else if (isIdentStart(b[i])) {
      if (GO_KEYWORDS.has(ident())) return false;
    }
    if (skip() !== 0 || i >= end || b[i] !== 0x22) return false;
    const strLine = line;
    let j = i + 1;
    while (j < end && b[j] !== 0x22) {
      if (b[j] === 0x5c || b[j] === 0x0a) return false;
      j++;
    }
    if (j >= end) return false;
    const path = b.toString('latin1', i + 1, j);
    if (path === 'C') return false; // the cgo preamble needs go/parser's comment groups
    imports.push({ path, line: strLine });
    i = j + 1;
    if (terminated()) return true;
    return inGroup && b[i] === 0x29;
  };

  skip();
  if (!keyword('package')) return undefined;
  skip(); // no ';' is inserted after a keyword
  const nameLine = line;
  const name = ident();
  if (name === '' || GO_KEYWORDS.has(name) || !terminated()) return undefined;
  while (i < end) {
    if (!keyword('import')) return undefined;
    skip();
    if (i < end && b[i] === 0x28) {
      i++;
      for (;;) {
        skip();
        if (i >= end) return undefined;
        if (b[i] === 0x29) break;
        if (!spec(true)) return undefined;
      }
      i++;
      if (!terminated()) return undefined;
    } else if (i >= end || !spec(false)) return undefined;
  }
  return bad ? undefined : { name, nameLine, imports };
}
