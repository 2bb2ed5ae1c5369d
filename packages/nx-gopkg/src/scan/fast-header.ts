// The first tier of header reading, for the usual Go file: leading comments, `package name`
// ended by a newline, then import declarations whose specs are plain "..." paths, each ended by
// a newline (`import "C"` with its preamble included), then a top-level declaration starting
// with a letter; and the usual leading comments of other source files. It walks a latin1 string
// of the head with sticky regular expressions; why that is faster than the exact path's byte
// loops (header-reader.ts), with the figures, is in docs/benchmarks-scan.md.
//
// It accepts a subset of what the exact path accepts without error, and returns what the import
// reader and the parser would have found. Comments may hold any valid UTF-8 (checked natively);
// names and import paths must be ASCII. Anything else returns undefined and goes down the
// exact path. Tests compare the two on every GOROOT file and on mutants.
import { isUtf8 } from 'node:buffer';
import { GO_KEYWORDS } from './go-token';

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
  /** The comment groups above the `import "C"` declarations that have one, joined by newlines. */
  cgoPreamble?: string;
}

// Tested with test() and read through lastIndex: exec() would allocate a match array per use.
/** Blanks and comments. Block comments in the unrolled form, so no backtracking per byte. */
const SKIP = /(?:[ \t\r\n]+|\/\/[^\n]*|\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\/)*/y;
/** The package keyword and the blanks after it. */
const PACKAGE = /package[ \t\r]+/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
/** The import keyword and the blanks after it (then `(` for a group). */
const IMPORT = /import(?![A-Za-z0-9_])[ \t\r]*/y;
/** A spec through its opening quote: an optional name or `.`. */
const SPEC_START = /(?:[A-Za-z_][A-Za-z0-9_]*|\.)?[ \t\r]*"/y;
/** An import path through its closing quote, of the characters that make it valid at once (see isValidImportPath). */
const PATH = /[A-Za-z0-9._~+\-/]+"/y;
/** The rest of a line after a name, a string or `)`: blanks, an optional comment, the newline or the end. */
const LINE_END = /[ \t\r]*(?:\/\/[^\n]*)?(?:\n|$)/y;
/** The run of ASCII without NUL from the start. */
// eslint-disable-next-line no-control-regex -- \x01 is the lower bound of the range, to exclude NUL
const ASCII = /[\x01-\x7f]*/y;
/** A byte order mark, as latin1: go/scanner rejects one anywhere but at the start. */
const BOM = '\xef\xbb\xbf';

/**
 * A string kept after the head is read, as its own copy, so that it never keeps the head's
 * string alive (docs/benchmarks-scan.md, "Strings that kept heads alive"). Copies are interned,
 * since the same import paths recur from file to file; the table is emptied when it grows past
 * what a large workspace uses.
 */
function keep(t: string): string {
  if (t.length < SLICED_MIN) return t; // a shorter substring is a copy already
  let v = kept.get(t);
  if (v === undefined) {
    if (kept.size >= MAX_KEPT) kept.clear();
    v = Buffer.from(t, 'latin1').toString('latin1'); // ASCII only here: names, paths, expressions
    kept.set(v, v);
  }
  return v;
}
const kept = new Map<string, string>();
const MAX_KEPT = 1 << 16;
const SLICED_MIN = 13;

/** Offset after `re` matches s at i, or -1. */
function after(re: RegExp, s: string, i: number): number {
  re.lastIndex = i;
  return re.test(s) ? re.lastIndex : -1;
}

/** A `//go:build` line's text: printable ASCII after a blank, then trailing blanks. */
const GO_BUILD_TEXT = /[ \t]+[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?[ \t\r]*\n/y;

/**
 * The expression of the `//go:build` line whose `go:build` is at `at`, when it starts its line
 * and no `/*` comment comes before it (so go/build's line scan takes exactly that line);
 * undefined when constraintLines must decide. The caller has made sure no other line may be one.
 */
function goBuildLine(s: string, at: number, firstToken: number): string | undefined {
  if (at > firstToken || (at > 2 && s.charCodeAt(at - 3) !== 0x0a) || s.lastIndexOf('/*', at) >= 0) return undefined;
  const end = after(GO_BUILD_TEXT, s, at + 8);
  // Printable ASCII with blanks and a carriage return at the ends: trim() is strings.TrimSpace.
  return end < 0 ? undefined : keep(s.slice(at + 8, end).trim());
}

/**
 * Whether the text from the start of `at`'s line up to `at` is only what may come before a
 * directive: blanks, slashes and bytes of non-ASCII characters (strings.TrimSpace trims Unicode
 * spaces too). Anything else there makes the directive's words text, as in a doc comment that
 * mentions `//go:build`.
 */
const DIRECTIVE_PREFIX = /[ \t\r\v\f/\x80-\xff]*/y;
function mayStartLine(s: string, at: number): boolean {
  return after(DIRECTIVE_PREFIX, s, s.lastIndexOf('\n', at - 1) + 1) >= at;
}

/** A letter or `_` other than `i`: a declaration keyword that cannot begin `import`. */
function isStopByte(c: number): boolean {
  return ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f) && c !== 0x69;
}

/**
 * Reads the header of b[0, n) (a file's head, without a leading BOM; `complete` when it is the
 * whole file). Undefined when the header is not in the usual form or may go on past it. Its
 * import paths are valid ones (go/build's isValidImport).
 */
export function readFastHeader(b: Buffer, complete: boolean, n = b.length): FastHeader | undefined {
  return probed(b, n, complete, readHeaderIn);
}

/** Leading comments of a non-Go source file, as go/build's readComments finds them. */
export interface FastCommentHeader {
  /** Offset of the first byte that is not blank or comment (the length at the end of a file). */
  end: number;
  constraints: FastHeader['constraints'];
  goBuild?: string;
}

/**
 * Reads the leading comments of b[0, n) (a non-Go file's head, without a leading BOM). Undefined
 * when they do not end inside `b`, or end in what the exact path must judge (`/`, `;`, a form
 * feed, NUL).
 */
export function readFastCommentHeader(b: Buffer, complete: boolean, n = b.length): FastCommentHeader | undefined {
  return probed(b, n, complete, readCommentsIn);
}

/**
 * Reads the first PROBE bytes of b first, as most headers end there; anything not read there is
 * read again from the whole of b.
 */
function probed<T>(
  b: Buffer,
  n: number,
  complete: boolean,
  read: (b: Buffer, n: number, complete: boolean) => T | undefined,
): T | undefined {
  if (n > PROBE) return read(b, PROBE, false) ?? read(b, n, complete);
  return read(b, n, complete);
}

const PROBE = 1024;

function readCommentsIn(b: Buffer, n: number, complete: boolean): FastCommentHeader | undefined {
  const s = b.toString('latin1', 0, n);
  const end = after(SKIP, s, 0);
  if (end < s.length) {
    const c = s.charCodeAt(end);
    if (c === 0x2f || c === 0x3b || c === 0x0c || c === 0) return undefined;
  } else if (!complete) return undefined;
  const nul = s.indexOf('\0');
  if (nul >= 0 && nul < end) return undefined;
  const h: FastCommentHeader = { end, constraints: 'general' };
  findConstraints(s, end, end, h);
  return h;
}

/**
 * Sets constraints (and goBuild) of a header whose constraint lines are in s[0, end). Only
 * occurrences of `+build` and `//go:build` that may begin their line's text can be directives.
 */
function findConstraints(
  s: string,
  end: number,
  firstToken: number,
  h: { constraints: FastHeader['constraints']; goBuild?: string },
): void {
  for (let at = s.lastIndexOf('+build', end - 6); at >= 0; at = at > 0 ? s.lastIndexOf('+build', at - 1) : -1) {
    if (mayStartLine(s, at)) return;
  }
  let goBuild = -1;
  for (let at = s.lastIndexOf('go:build', end - 8); at >= 0; at = at > 0 ? s.lastIndexOf('go:build', at - 1) : -1) {
    if (at < 2 || s.charCodeAt(at - 1) !== 0x2f || s.charCodeAt(at - 2) !== 0x2f || !mayStartLine(s, at - 2)) continue;
    if (goBuild >= 0) return; // two: constraintLines reports them
    goBuild = at;
  }
  if (goBuild < 0) h.constraints = 'none';
  else if ((h.goBuild = goBuildLine(s, goBuild, firstToken)) !== undefined) h.constraints = 'goBuild';
}

/** Line numbers of increasing offsets of one string, counted forward. */
export class LineCounter {
  private line = 1;
  private counted = 0;
  constructor(private readonly s: string) {}

  at(pos: number): number {
    const s = this.s;
    for (let k = s.indexOf('\n', this.counted); k >= 0 && k < pos; k = s.indexOf('\n', k + 1)) this.line++;
    this.counted = pos;
    return this.line;
  }
}

/**
 * One import spec at `at` into `imports`: the offset after its line, or -1 if not plain.
 * `import "C"` is taken only as a declaration of its own (`cgo` set, `at` just after `import`):
 * its preamble, the comment group above, is read by the caller.
 */
function readSpec(s: string, at: number, lines: LineCounter, imports: FastHeader['imports'], cgo: boolean): number {
  const open = after(SPEC_START, s, at);
  if (open < 0) return -1;
  const c = s.charCodeAt(at);
  if (c !== 0x2e && c !== 0x22 && GO_KEYWORDS.has(s.slice(at, after(IDENT, s, at)))) return -1;
  const close = after(PATH, s, open);
  if (close < 0) return -1;
  const path = keep(s.slice(open, close - 1));
  if (path === 'C' && !(cgo && c === 0x22)) return -1;
  imports.push({ path, line: lines.at(open) });
  return after(LINE_END, s, close);
}

/** One comment after blanks; group 1 is the comment. */
const COMMENT = /[ \t\r\n]*(\/\/[^\n]*|\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\/)/y;

/**
 * The doc comment of a declaration at `decl`, from the blanks and comments
 * in s[from, decl), all on lines after the previous token's: go/parser's lead comment, the last
 * group of comments on adjacent lines when it ends on the line just above. Its text as the
 * parser path gives a cgo preamble: each comment without its markers, joined by newlines.
 */
function leadComment(b: Buffer, s: string, from: number, decl: number, lines: LineCounter): string | undefined {
  let group: string[] = [];
  let groupEnd = -1;
  for (COMMENT.lastIndex = from; COMMENT.lastIndex < decl;) {
    const m = COMMENT.exec(s);
    if (m === null) break;
    const start = COMMENT.lastIndex - m[1].length;
    const line = lines.at(start);
    if (groupEnd < 0 || line > groupEnd + 1) group = [];
    const text = b.toString('utf8', start, COMMENT.lastIndex).replace(/\r/g, '');
    group.push(text.startsWith('//') ? text.slice(2) : text.slice(2, -2));
    groupEnd = line + (text.split('\n').length - 1);
  }
  return groupEnd >= 0 && groupEnd + 1 === lines.at(decl) ? group.join('\n') : undefined;
}

/** readFastHeader over b[0, n). */
function readHeaderIn(b: Buffer, n: number, complete: boolean): FastHeader | undefined {
  const s = b.toString('latin1', 0, n);
  const firstToken = after(SKIP, s, 0);
  const nameStart = after(PACKAGE, s, firstToken);
  const nameEnd = nameStart < 0 ? -1 : after(IDENT, s, nameStart);
  if (nameEnd < 0) return undefined;
  const name = keep(s.slice(nameStart, nameEnd));
  const constraintEnd = after(LINE_END, s, nameEnd);
  if (constraintEnd < 0 || GO_KEYWORDS.has(name)) return undefined;
  const lines = new LineCounter(s);
  const nameLine = lines.at(nameStart);
  const imports: FastHeader['imports'] = [];
  let cgoPreamble: string | undefined;
  let gap = constraintEnd; // where the blanks and comments before the next token start
  let i = after(SKIP, s, gap);
  for (let decl = after(IMPORT, s, i); decl >= 0; decl = after(IMPORT, s, i)) {
    if (decl === s.length) return undefined; // charCodeAt out of bounds would deoptimize
    if (s.charCodeAt(decl) !== 0x28 /* ( */) {
      // Lines are counted forward: the comments above come before the spec.
      const doc = s.startsWith('"C"', decl) ? leadComment(b, s, gap, i, lines) : undefined;
      if (doc !== undefined) cgoPreamble = cgoPreamble === undefined ? doc : `${cgoPreamble}\n${doc}`; // every one, as on the parser path
      i = readSpec(s, decl, lines, imports, true);
      if (i < 0) return undefined;
    } else {
      for (i = after(SKIP, s, decl + 1); i < s.length && s.charCodeAt(i) !== 0x29 /* ) */; i = after(SKIP, s, i)) {
        i = readSpec(s, i, lines, imports, false);
        if (i < 0) return undefined;
      }
      if (i === s.length) return undefined;
      i = after(LINE_END, s, i + 1);
      if (i < 0) return undefined;
    }
    gap = i;
    i = after(SKIP, s, i);
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
  const h: FastHeader = { name, nameLine, imports, firstToken, end: i, constraintEnd, constraints: 'general' };
  if (cgoPreamble !== undefined) h.cgoPreamble = cgoPreamble;
  findConstraints(s, constraintEnd, firstToken, h);
  return h;
}
