// The first tier of header reading, for the usual Go file: ASCII leading comments, `package
// name` ended by a newline, then import declarations whose specs are plain "..." strings, each
// ended by a newline, then a top-level declaration starting with a letter. It walks a latin1
// string of the head with sticky regular expressions. V8 compiles those to machine code on
// their second run, where the byte loops of the import reader (header-reader.ts) and of
// simple-header.ts run in V8's interpreter for the first few hundred files of a fresh process:
// over GOROOT in a new process this tier takes about a tenth of their time.
//
// It accepts a subset of what the exact path accepts without error, and returns what the import
// reader and the parser would have found. Comments may hold any valid UTF-8 (checked natively);
// names and import paths must be ASCII. Anything else returns undefined and goes down the
// exact path. Tests compare the two on every GOROOT file and on mutants.
import { isUtf8 } from 'node:buffer';
import { GO_KEYWORDS } from './go-scanner';

export interface FastHeader {
  name: string;
  nameLine: number;
  imports: { path: string; line: number }[];
  /** Offset of the `package` keyword: the first token. */
  firstToken: number;
  /** Offset of the first token after the header (where go/build's import reader stops). */
  end: number;
  /** End of the package clause's line: build constraints can only be before it. */
  constraintEnd: number;
  /**
   * What is known of the constraint lines: `none` (neither `go:build` nor `+build` occurs
   * before constraintEnd), `goBuild` (one plain `//go:build` line and nothing else: its text is
   * goBuild), or `general` (header-reader.ts's constraintLines decides).
   */
  constraints: 'none' | 'goBuild' | 'general';
  goBuild?: string;
}

/** Blanks and comments. Block comments in the unrolled form, so no backtracking per byte. */
const SKIP = /(?:[ \t\r\n]+|\/\/[^\n]*|\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\/)*/y;
/** The package clause through its newline or the end (an end-of-line comment allowed). */
const PACKAGE = /package[ \t\r]+([A-Za-z_][A-Za-z0-9_]*)[ \t\r]*(?:\/\/[^\n]*)?(?:\n|$)/y;
/** The import keyword, then `(` for a group. */
const IMPORT = /import(?![A-Za-z0-9_])[ \t\r]*(\()?/y;
/** One spec through its newline: optional name or `.`, a plain string (group 2 its text, at offset index + group 1's length). */
const SPEC = /((?:([A-Za-z_][A-Za-z0-9_]*)|\.)?[ \t\r]*)"([^"\\\n\x00\x80-\xff]*)"[ \t\r]*(?:\/\/[^\n]*)?(?:\n|$)/y;
/** After a group's `)`. */
const LINE_END = /[ \t\r]*(?:\/\/[^\n]*)?(?:\n|$)/y;
/** The run of ASCII without NUL from the start. */
const ASCII = /[\x01-\x7f]*/y;
/** A byte order mark, as latin1: go/scanner rejects one anywhere but at the start. */
const BOM = '\xef\xbb\xbf';

/** Offset after blanks and comments from i. */
function skip(s: string, i: number): number {
  SKIP.lastIndex = i;
  SKIP.test(s);
  return SKIP.lastIndex;
}

/** A `//go:build` line's text: printable ASCII after a blank, trailing blanks dropped. */
const GO_BUILD_TEXT = /[ \t]+([\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)[ \t\r]*\n/y;

/**
 * The expression of the `//go:build` line whose `go:build` is at `at`, when it is the only one,
 * starts its line, and no `/*` comment comes before the package clause (so go/build's line
 * scan takes exactly that line); undefined when constraintLines must decide.
 */
function goBuildLine(s: string, at: number, firstToken: number): string | undefined {
  if (at < 2 || at > firstToken || s.charCodeAt(at - 1) !== 0x2f || s.charCodeAt(at - 2) !== 0x2f) return undefined;
  if ((at > 2 && s.charCodeAt(at - 3) !== 0x0a) || s.lastIndexOf('go:build', at - 1) >= 0 || s.lastIndexOf('/*', firstToken) >= 0) return undefined;
  GO_BUILD_TEXT.lastIndex = at + 8;
  return GO_BUILD_TEXT.exec(s)?.[1];
}

/** A letter or `_` other than `i`: a declaration keyword that cannot begin `import`. */
function isStopByte(c: number): boolean {
  return ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f) && c !== 0x69;
}

/**
 * Reads the header of `b` (a file's head, without a leading BOM; `complete` when it is the whole
 * file). Undefined when the header is not in the usual form or may go on past `b`.
 */
export function readFastHeader(b: Buffer, complete: boolean): FastHeader | undefined {
  // Most headers end in the first KB (GOROOT: 92 %): decoding only that keeps the young
  // generation small; anything not read there is read again from the whole of b.
  if (b.length > PROBE) return readHeaderIn(b, PROBE, false) ?? readHeaderIn(b, b.length, complete);
  return readHeaderIn(b, b.length, complete);
}

const PROBE = 1024;

/** readFastHeader over b[0, n). */
function readHeaderIn(b: Buffer, n: number, complete: boolean): FastHeader | undefined {
  const s = b.toString('latin1', 0, n);
  const firstToken = skip(s, 0);
  PACKAGE.lastIndex = firstToken;
  const pkg = PACKAGE.exec(s);
  if (pkg === null || GO_KEYWORDS.has(pkg[1])) return undefined;
  const namePos = firstToken + pkg[0].indexOf(pkg[1], 7);
  // Lines are counted forward from the last position counted.
  let line = 1;
  let counted = 0;
  const lineAt = (pos: number): number => {
    for (let k = s.indexOf('\n', counted); k >= 0 && k < pos; k = s.indexOf('\n', k + 1)) line++;
    counted = pos;
    return line;
  };
  const nameLine = lineAt(namePos);
  const imports: FastHeader['imports'] = [];
  const spec = (at: number): number => {
    SPEC.lastIndex = at;
    const m = SPEC.exec(s);
    if (m === null || (m[2] !== undefined && GO_KEYWORDS.has(m[2])) || m[3] === 'C') return -1; // "C": the preamble needs the parser
    imports.push({ path: m[3], line: lineAt(at + m[1].length) });
    return SPEC.lastIndex;
  };
  let i = skip(s, PACKAGE.lastIndex);
  for (;;) {
    IMPORT.lastIndex = i;
    const imp = IMPORT.exec(s);
    if (imp === null) break;
    i = IMPORT.lastIndex;
    if (imp[1] === undefined) {
      i = spec(i);
      if (i < 0) return undefined;
    } else {
      for (i = skip(s, i); s.charCodeAt(i) !== 0x29 /* ) */; i = skip(s, i)) {
        i = spec(i);
        if (i < 0) return undefined;
      }
      LINE_END.lastIndex = i + 1;
      if (!LINE_END.test(s)) return undefined;
      i = LINE_END.lastIndex;
    }
    i = skip(s, i);
  }
  // A letter ends the header; so does the end of a whole file. The exact path decides the
  // rest: the end of a partial head, `;`, `/`, `i`...
  if (i < s.length ? !isStopByte(s.charCodeAt(i)) : !complete) return undefined;
  ASCII.lastIndex = 0;
  ASCII.test(s);
  // Past ASCII, only comments hold other bytes (the expressions above admit no others):
  // go/scanner accepts them when they are UTF-8 without NUL or a BOM.
  if (ASCII.lastIndex < i) {
    const nul = s.indexOf('\0');
    const bom = s.indexOf(BOM);
    if ((nul >= 0 && nul < i) || (bom >= 0 && bom < i) || !isUtf8(b.subarray(0, i))) return undefined;
  }
  const constraintEnd = PACKAGE.lastIndex;
  const h: FastHeader = { name: pkg[1], nameLine, imports, firstToken, end: i, constraintEnd, constraints: 'general' };
  const goBuild = s.lastIndexOf('go:build', constraintEnd - 8);
  if (s.lastIndexOf('+build', constraintEnd - 6) >= 0) return h;
  if (goBuild < 0) h.constraints = 'none';
  else if ((h.goBuild = goBuildLine(s, goBuild, firstToken)) !== undefined) h.constraints = 'goBuild';
  return h;
}
