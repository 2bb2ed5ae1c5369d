// Reads what go/build reads from a Go file: the leading comments (build constraints), the
// package clause, the import declarations (with the cgo preamble) and, in files importing
// "embed", every //go:embed directive. The usual header is read by fast-header.ts; everything
// it declines takes the exact path, which mirrors go/build's read.go:
//   1. an import reader finds where the header ends;
//   2. the header is tokenized and parsed like go/parser's ImportsOnly mode, so exactly the
//      files Go rejects are rejected (such files keep no imports, as in go list);
//   3. files importing "embed" are read to the end for //go:embed comments.
// Nothing here throws: problems are returned as data.
// Named imports: `import * as` would reach each through a getter (esModuleInterop), once per file.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { GoFileHeader, Problem, ProblemKind } from './types';
import { GoScanner, Token, decodeRune } from './go-scanner';
import { goTrimSpace, isGoSpace } from './go-text';
import { isGoBuildLine, plusBuildText } from './constraint';
import { FastHeader, LineCounter, readFastCommentHeader, readFastHeader } from './fast-header';

/** Bytes read first; most Go headers (license, package, imports) fit. */
export const FIRST_CHUNK = 8192;
/** Reused for every first read (analysis is synchronous and keeps no reference to it). */
const firstChunk = Buffer.allocUnsafeSlow(FIRST_CHUNK);

type ReadStatus = 'ok' | 'syntax' | 'nul';

/** Where the header ends, as go/build's importReader decides. */
interface Extent {
  start: number; // after a leading BOM
  end: number;
  /** Offset of the first byte that is neither space nor comment (-1: none before the end). */
  firstToken: number;
  status: ReadStatus;
  /** The reader ran off the end of a partial buffer: read the whole file and retry. */
  needMore: boolean;
}

const isIdentByte = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c >= 0x80;

const hasBOM = (b: Uint8Array) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

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
    if (c === 0) this.nulError();
    return c;
  }

  peekByte(skipSpace: boolean): number {
    if (this.failed) return 0;
    let c = this.peek === 0 ? this.readByte() : this.peek;
    while (!this.failed && !this.eof) {
      if (skipSpace && (c === 0x20 || c === 0x0c || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x3b)) {
        c = this.readByte();
        continue;
      }
      if (skipSpace && c === 0x2f) {
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
    if (c === 0x2f) this.skipTo(false);
    else if (c === 0x2a) this.skipTo(true);
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
      if (c === 0) {
        this.pos = i;
        this.nulError();
        return;
      }
      if (block ? prev === 0x2a && c === 0x2f : c === 0x0a) {
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
    if (q === 0x60 || q === 0x22) this.skipStringBody(q);
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
      if (c === 0) {
        this.pos = i;
        this.nulError();
        return;
      }
      if (c === q) break;
      if (q === 0x22 && c === 0x0a) {
        this.pos = i;
        this.syntaxError();
        return;
      }
      if (q === 0x22 && c === 0x5c) {
        if (i >= b.length) continue; // EOF: reported on the next turn
        if (b[i++] === 0) {
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
    if (c === 0x2e) this.peek = 0;
    else if (isIdentByte(c)) this.readIdent();
    this.readString();
  }
}

/** The header's extent in a whole file (analyzeGoFile reads a file whole before it comes here). */
function goHeaderExtent(b: Uint8Array): Extent {
  const r = new ImportReader(b);
  const start = r.pos;
  r.peekByte(true);
  const firstToken = r.status === 'ok' && !r.eof ? r.pos - 1 : -1;
  r.readKeyword('package');
  r.readIdent();
  while (r.peekByte(true) === 0x69 /* i */) {
    r.readKeyword('import');
    if (r.peekByte(true) === 0x28) {
      r.nextByte(false);
      while (r.peekByte(true) !== 0x29 && r.status === 'ok') r.readImport();
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
function constraintTextEnd(b: Uint8Array, ext: Extent): number {
  if (ext.firstToken < 0) return ext.end;
  const nl = b.indexOf(0x0a, ext.firstToken);
  return nl < 0 || nl >= ext.end ? ext.end : nl + 1;
}

/** go/build's readComments: the leading run of blank space and comments of any file. */
function commentHeaderExtent(b: Uint8Array, complete: boolean): Extent {
  const r = new ImportReader(b);
  const start = r.pos;
  r.peekByte(true);
  return finishExtent(r, start, b, complete, r.status === 'ok' && !r.eof ? r.pos - 1 : -1);
}

// ---------------------------------------------------------------------------------------------
// Step 2: go/parser, ImportsOnly.

interface ParsedImport {
  lit: string;
  line: number;
  doc?: string;
}

interface ParsedHeader {
  name: string;
  nameLine: number;
  imports: ParsedImport[];
  error?: { line: number; message: string };
}

const STMT_START = new Set(['break', 'const', 'continue', 'defer', 'fallthrough', 'for', 'go', 'goto', 'if', 'return', 'select', 'switch', 'type', 'var']);
const EXPR_END_OPS = new Set([':', ']']);

/** go/parser gives up (returning no file, so no package name) after too many errors. */
class Bailout {}

/**
 * go/parser's parseFile in ImportsOnly mode, including its error recovery: the recovery
 * matters because more than ten errors make go/parser discard the package name too.
 */
class HeaderParser {
  private tok!: Token;
  private prevLine = 0; // line of the previous non-comment token
  private lead?: string[]; // comment group directly above the current token (raw comments)
  private readonly sc: GoScanner;
  private readonly errors: { line: number; message: string }[] = [];
  private syncPos = -1;
  private syncCnt = 0;

  constructor(src: Buffer, start: number, end: number) {
    this.sc = new GoScanner(src, start, end);
    this.sc.onError = (e) => this.errors.push({ line: e.line, message: e.message });
  }

  /** go/parser's error: one per line, and a bailout past ten. */
  private error(message: string): void {
    const line = this.tok.line;
    const n = this.errors.length;
    if (n > 0 && this.errors[n - 1].line === line) return;
    if (n > 10) throw new Bailout();
    this.errors.push({ line, message });
  }

  private expected(what: string): void {
    this.error(`expected ${what}, found ${this.tok.lit === '\n' ? 'newline' : `'${this.tok.lit || this.tok.kind}'`}`);
  }

  /** go/parser's next: skips comments, remembering the group right above the next token. */
  private next(): void {
    let group: string[] = [];
    let groupEnd = -1;
    for (;;) {
      const t = this.sc.scan();
      if (t.kind !== 'COMMENT') {
        this.lead = groupEnd >= 0 && groupEnd + 1 === t.line && group.length ? group : undefined;
        this.tok = t;
        if (t.kind !== 'SEMI' || t.explicit) this.prevLine = t.line;
        return;
      }
      const endLine = t.line + countNewlines(t.lit);
      const trailing = t.line === this.prevLine && groupEnd < 0; // comment after code on the same line
      if (trailing || groupEnd < 0 || t.line > groupEnd + 1) group = [];
      if (!trailing) group.push(t.lit);
      groupEnd = trailing ? -1 : endLine;
    }
  }

  private kind(): Token['kind'] {
    return this.tok.kind;
  }

  private isKeyword(kw: string): boolean {
    return this.tok.kind === 'KEYWORD' && this.tok.lit === kw;
  }

  private expect(kind: Token['kind'], what: string): void {
    if (this.kind() !== kind) this.expected(what);
    this.next();
  }

  private expectSemi(): void {
    const k = this.kind();
    if (k === 'RPAREN' || k === 'RBRACE') return; // a ';' is optional before ')' or '}'
    if (k === 'COMMA') this.expected("';'"); // tolerated like ';', with an error
    if (k === 'COMMA' || k === 'SEMI') {
      this.next();
      return;
    }
    this.expected("';'");
    this.advance((t) => t.kind === 'KEYWORD' && STMT_START.has(t.lit));
  }

  /** Skips to a synchronisation token, forcing progress like go/parser. */
  private advance(to: (t: Token) => boolean): void {
    for (; this.kind() !== 'EOF'; this.next()) {
      if (!to(this.tok)) continue;
      if (this.tok.offset === this.syncPos && this.syncCnt < 10) {
        this.syncCnt++;
        return;
      }
      if (this.tok.offset > this.syncPos) {
        this.syncPos = this.tok.offset;
        this.syncCnt = 0;
        return;
      }
    }
  }

  parse(): ParsedHeader {
    const out: ParsedHeader = { name: '', nameLine: 0, imports: [] };
    try {
      this.next();
      if (this.errors.length) return this.result(out); // not Go source at all
      if (!this.isKeyword('package')) this.expected("'package'");
      this.next();
      const nameTok = this.tok;
      this.expect('IDENT', "'IDENT'");
      this.expectSemi();
      // go/parser gives up (and names no package) when the clause itself is broken.
      if (this.errors.length) return this.result(out);
      out.name = nameTok.lit;
      out.nameLine = nameTok.line;
      while (this.isKeyword('import')) this.importDecl(out.imports);
    } catch (e) {
      if (!(e instanceof Bailout)) throw e;
      out.name = '';
      out.nameLine = 0;
    }
    return this.result(out);
  }

  private result(out: ParsedHeader): ParsedHeader {
    if (this.errors.length) out.error = [...this.errors].sort((a, b) => a.line - b.line)[0];
    return out;
  }

  private importDecl(into: ParsedImport[]): void {
    const declDoc = this.lead;
    this.next(); // 'import'
    if (this.kind() !== 'LPAREN') {
      this.importSpec(into, declDoc);
      return;
    }
    this.next();
    while (this.kind() !== 'RPAREN' && this.kind() !== 'EOF') this.importSpec(into, this.lead);
    this.expect('RPAREN', "')'");
    this.expectSemi();
  }

  private importSpec(into: ParsedImport[], doc: string[] | undefined): void {
    if (this.kind() === 'IDENT' || this.kind() === 'PERIOD') this.next();
    const t = this.tok;
    if (t.kind === 'STRING') {
      // Only the cgo preamble (the comment above import "C") is ever needed as text.
      const isC = t.lit === '"C"' || t.lit === '`C`';
      into.push({ lit: t.lit, line: t.line, doc: isC && doc ? doc.map(commentText).join('\n') : undefined });
      this.next();
    } else if (t.kind === 'LITERAL' || t.kind === 'IDENT') {
      // go/token counts identifiers as literals too.
      this.error('import path must be a string');
      this.next();
    } else {
      this.error('missing import path');
      this.advance((x) => x.kind === 'COMMA' || x.kind === 'SEMI' || x.kind === 'RPAREN' || x.kind === 'RBRACE' || (x.kind === 'OP' && EXPR_END_OPS.has(x.lit)));
    }
    this.expectSemi();
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Comment text without its markers (enough for the cgo preamble). */
function commentText(lit: string): string {
  return lit.startsWith('//') ? lit.slice(2) : lit.slice(2, lit.endsWith('*/') ? -2 : undefined);
}

/** strconv.Unquote for a string token the scanner accepted. */
export function unquoteGoString(lit: string): string {
  if (lit.startsWith('`') || !lit.includes('\\')) return lit.slice(1, -1);
  const bytes: number[] = [];
  const body = Buffer.from(lit.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c !== 0x5c) {
      bytes.push(c);
      i++;
      continue;
    }
    const e = String.fromCharCode(body[i + 1]);
    const simple = 'abfnrtv\\"\''.indexOf(e);
    if (simple >= 0) {
      bytes.push([7, 8, 12, 10, 13, 9, 11, 0x5c, 0x22, 0x27][simple]);
      i += 2;
    } else if (e === 'x' || (e >= '0' && e <= '7')) {
      const len = e === 'x' ? 2 : 3;
      const digits = body.toString('latin1', e === 'x' ? i + 2 : i + 1, (e === 'x' ? i + 2 : i + 1) + len);
      bytes.push(parseInt(digits, e === 'x' ? 16 : 8) & 0xff);
      i += (e === 'x' ? 2 : 1) + len;
    } else {
      const len = e === 'u' ? 4 : 8;
      const cp = parseInt(body.toString('latin1', i + 2, i + 2 + len), 16);
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      i += 2 + len;
    }
  }
  const buf = Buffer.from(bytes);
  return isValidUTF8(buf) ? buf.toString('utf8') : buf.toString('latin1').replace(/[\x80-\xff]/g, '\ufffd');
}

function isValidUTF8(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; ) {
    const [r, w] = decodeRune(b, i, b.length);
    if (r === -2) return false;
    i += w;
  }
  return true;
}

const ILLEGAL_IMPORT_CHARS = new Set('!"#$%&\'()*,:;<=>?[\\]^{|}`\ufffd');
const GRAPHIC = /[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u;

/** Characters that are always graphic and never illegal in an import path (the usual ones). */
const PLAIN_IMPORT_PATH = /^[A-Za-z0-9._~+\-/]+$/;

/** go/build's isValidImport (the spec's implementation restriction on import paths). */
export function isValidImportPath(s: string): boolean {
  if (s === '') return false;
  if (PLAIN_IMPORT_PATH.test(s)) return true;
  for (const ch of s) {
    if (!GRAPHIC.test(ch) || isGoSpace(ch) || ILLEGAL_IMPORT_CHARS.has(ch)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Build constraint lines: go/build's parseFileHeader over the header text.

interface ConstraintLines {
  goBuild?: string;
  goBuildLine?: number;
  plusBuild: readonly string[];
  multipleGoBuild: boolean;
}

/**
 * In the leading run of `//` comments and blank lines, `//go:build` lines anywhere count;
 * `// +build` lines count only when a blank line follows them (so a package doc comment
 * never carries constraints). Text inside a leading /* comment counts for neither.
 */
export function constraintLines(header: string): ConstraintLines {
  const plusBuild: string[] = [];
  const out: ConstraintLines = { plusBuild, multipleGoBuild: false };
  let end = 0;
  let ended = false;
  let inSlashStar = false;
  const candidates: { text: string; at: number }[] = [];
  let at = 0;
  let lineNo = 0;
  while (at < header.length) {
    const nl = header.indexOf('\n', at);
    const raw = nl < 0 ? header.slice(at) : header.slice(at, nl);
    at = nl < 0 ? header.length : nl + 1;
    lineNo++;
    let line = goTrimSpace(raw);
    if (line.length === 0 && !ended) {
      end = at;
      continue;
    }
    if (!line.startsWith('//')) ended = true;
    if (!inSlashStar && isGoBuildLine(line)) {
      if (out.goBuild !== undefined) {
        out.multipleGoBuild = true;
        return out;
      }
      out.goBuild = goTrimSpace(line.slice('//go:build'.length));
      out.goBuildLine = lineNo;
    }
    if (line.startsWith('//') && line.includes('+build')) candidates.push({ text: line, at });
    let stop = false;
    while (line.length > 0) {
      if (inSlashStar) {
        const i = line.indexOf('*/');
        if (i < 0) break;
        inSlashStar = false;
        line = goTrimSpace(line.slice(i + 2));
        continue;
      }
      if (line.startsWith('//')) break;
      if (line.startsWith('/*')) {
        inSlashStar = true;
        line = goTrimSpace(line.slice(2));
        continue;
      }
      stop = true;
      break;
    }
    if (stop) break;
  }
  for (const c of candidates) {
    if (c.at > end) continue;
    const text = plusBuildText(c.text);
    if (text !== undefined) plusBuild.push(text);
  }
  return out;
}

/** No `// +build` lines: one frozen list shared by the headers of most files. */
const NO_PLUS_BUILD: readonly string[] = Object.freeze([]);
const NO_CONSTRAINTS: ConstraintLines = { plusBuild: NO_PLUS_BUILD, multipleGoBuild: false };

/** The constraint lines of b[0, end) as far as fast-header.ts has read them. */
function fastConstraints(b: Buffer, fast: Pick<FastHeader, 'constraints' | 'goBuild'>, end: number): ConstraintLines {
  if (fast.constraints === 'none') return NO_CONSTRAINTS;
  if (fast.constraints === 'goBuild') return { goBuild: fast.goBuild, plusBuild: NO_PLUS_BUILD, multipleGoBuild: false };
  return constraintLines(b.toString('utf8', 0, end));
}

/**
 * constraintLines over b[start, end), skipping the decoding when neither directive's bytes
 * occur there (most files): both kinds of line contain them literally.
 */
function constraintsIn(b: Buffer, start: number, end: number): ConstraintLines {
  // Searched backwards from the end: indexOf would run on through the rest of the buffer.
  const has = (s: string) => end - start >= s.length && b.lastIndexOf(s, end - s.length, 'latin1') >= start;
  if (!has('go:build') && !has('+build')) return NO_CONSTRAINTS;
  return constraintLines(b.toString('utf8', start, end));
}

// ---------------------------------------------------------------------------------------------
// Step 3: //go:embed directives.

/** Splits the arguments of `//go:embed` like go/ast's Directive.ParseArgs; undefined if malformed. */
export function splitEmbedArgs(args: string): string[] | undefined {
  const out: string[] = [];
  let s = args;
  const skipSpace = () => {
    let i = 0;
    for (const ch of s) {
      if (!isGoSpace(ch)) break;
      i += ch.length;
    }
    s = s.slice(i);
  };
  for (skipSpace(); s !== ''; skipSpace()) {
    if (s[0] !== '"' && s[0] !== '`') {
      let i = 0;
      for (const ch of s) {
        if (isGoSpace(ch)) break;
        i += ch.length;
      }
      out.push(s.slice(0, i));
      s = s.slice(i);
      continue;
    }
    const q = quotedPrefix(s);
    if (q === undefined) return undefined;
    out.push(unquoteGoString(q));
    s = s.slice(q.length);
    if (s !== '' && !isGoSpace(String.fromCodePoint(s.codePointAt(0)!))) return undefined;
  }
  return out;
}

/** strconv.QuotedPrefix for "..." and `...` (escapes checked like strconv.Unquote). */
function quotedPrefix(s: string): string | undefined {
  if (s[0] === '`') {
    const j = s.indexOf('`', 1);
    return j < 0 ? undefined : s.slice(0, j + 1);
  }
  const m = /^"(?:[^"\\\n]|\\(?:[abfnrtv\\"]|[0-7]{3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}))*"/.exec(s);
  if (!m) return undefined;
  for (const e of m[0].matchAll(/\\(?:([0-7]{3})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/g)) {
    const v = e[1] ? parseInt(e[1], 8) : parseInt(e[2] ?? e[3], 16);
    if ((e[1] && v > 255) || (!e[1] && (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)))) return undefined;
  }
  return m[0];
}

/** Parses one comment as a //go:embed directive: patterns, [] when not one, undefined if bad. */
export function embedDirective(lit: string): string[] | undefined {
  // go/ast.ParseDirective: "//tool:name args"; here tool must be "go" and name "embed".
  if (!lit.startsWith('//go:embed')) return [];
  const rest = lit.slice('//go:embed'.length);
  if (rest !== '' && !isGoSpace(String.fromCodePoint(rest.codePointAt(0)!))) return [];
  let args = rest;
  while (args.length && isGoSpace(args[args.length - 1])) args = args.slice(0, -1);
  return splitEmbedArgs(args);
}

/**
 * Skips Go source up to the next `//` comment that starts with `go:embed` or holds a carriage
 * return (go/scanner drops those from comment text, so `//go:em\rbed` is one): plain text, and whole
 * strings, runes, raw strings and comments (each ended as go/scanner ends it, at EOF when
 * unterminated, at a newline for "..." and '...'). Where it stops is such a comment or the end.
 * It cannot fail, so V8 never backtracks into it.
 */
const TO_EMBED_COMMENT =
  /(?:[^"'`/]+|\/(?![/*])|"(?:[^"\\\n]+|\\[^\n])*"?|'(?:[^'\\\n]+|\\[^\n])*'?|`[^`]*`?|\/\*[^*]*(?:\*+[^*/][^*]*)*(?:\*+\/|\**$)|\/\/(?!go:embed)(?![^\n]*\r)[^\n]*)*/y;

/**
 * The //go:embed directives of b from `start`: every `//` comment (not one inside a string or
 * another comment) that starts with `//go:embed`, with its line. The text is skipped by one
 * regular expression rather than tokenized, as files importing "embed" are read to the end.
 */
export function scanEmbeds(b: Buffer, start: number): { pattern: string; line: number }[] {
  const out: { pattern: string; line: number }[] = [];
  const s = b.toString('latin1');
  const lines = new LineCounter(s);
  for (let i = start; ; ) {
    TO_EMBED_COMMENT.lastIndex = i;
    TO_EMBED_COMMENT.test(s);
    i = TO_EMBED_COMMENT.lastIndex;
    if (i >= s.length) return out;
    const line = lines.at(i);
    const nl = s.indexOf('\n', i);
    const end = nl < 0 ? s.length : nl;
    // Malformed lines are left for the compiler to report, as go/build does.
    const lit = b.toString('utf8', i, end).replace(/\r/g, '');
    if (lit.startsWith('//go:embed')) for (const pattern of embedDirective(lit) ?? []) out.push({ pattern, line });
    i = end;
  }
}

// ---------------------------------------------------------------------------------------------
// Public API.

function emptyHeader(): GoFileHeader {
  return { packageName: '', packageLine: 0, plusBuild: [], imports: [], importsC: false, importsEmbed: false, embeds: [], problems: [] };
}

function toBytes(content: Buffer | string): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

/** Parses a whole Go file's content. Never throws. */
export function parseGoFileHeader(content: Buffer | string, file: string): GoFileHeader {
  return analyzeGoFile(toBytes(content), file, true) ?? emptyHeader();
}

/**
 * Parses a file's head: `complete` says whether `b` is the whole file. Returns undefined when
 * a partial head is not enough (read the whole file and call again).
 */
export function analyzeGoFile(b: Buffer, file: string, complete: boolean, n = b.length): GoFileHeader | undefined {
  // The usual header is read by fast-header.ts.
  const fast = hasBOM(b) ? undefined : readFastHeader(b, complete, n);
  if (fast) return fastGoHeader(b, file, complete, n, fast);
  // A head it declines is read whole first: the import reader's byte loop over a partial head
  // would only be run again on all of it.
  if (!complete) return undefined;
  if (n < b.length) b = b.subarray(0, n);
  const ext = goHeaderExtent(b);
  const h = emptyHeader();
  const problem = (kind: ProblemKind, line: number | undefined, message: string) => h.problems.push({ kind, file, line, message });
  const lines = constraintsIn(b, ext.start, constraintTextEnd(b, ext));
  h.goBuild = lines.goBuild;
  h.plusBuild = lines.plusBuild;
  if (lines.multipleGoBuild) {
    h.multipleGoBuild = true;
    problem('build-constraint', undefined, 'multiple //go:build comments');
  }
  if (ext.status === 'nul') {
    h.readError = true;
    problem('read', undefined, 'unexpected NUL in input');
    return h;
  }
  const parsed = new HeaderParser(b, ext.start, ext.end).parse();
  h.packageName = parsed.name;
  h.packageLine = parsed.nameLine;
  if (parsed.error) {
    h.parseError = true;
    problem('syntax', parsed.error.line, parsed.error.message);
    return h; // go/build keeps no imports or embeds from a file it cannot parse
  }
  const imports = parsed.imports.map((imp) => ({ path: unquoteGoString(imp.lit), line: imp.line, doc: imp.doc }));
  const bad = imports.find((imp) => !isValidImportPath(imp.path));
  if (bad) {
    h.parseError = true; // and, as in go/build, the file keeps no imports at all
    problem('import-path', bad.line, `invalid import path: ${bad.path}`);
    return h;
  }
  for (const imp of imports) {
    if (imp.path === 'C') {
      h.importsC = true;
      if (imp.doc !== undefined) h.cgoPreamble = h.cgoPreamble === undefined ? imp.doc : `${h.cgoPreamble}\n${imp.doc}`;
    }
    if (imp.path === 'embed') h.importsEmbed = true;
  }
  h.imports = imports.map(({ path, line }) => ({ path, line }));
  if (h.importsEmbed) {
    // No "//go:embed" bytes at all means no directive: skip the whole-file scan.
    h.embeds = b.indexOf('//go:embed', ext.start) < 0 ? [] : scanEmbeds(b, ext.start);
  }
  return h;
}

/** analyzeGoFile's result for a header the fast tier read (valid import paths, no parse error). */
function fastGoHeader(b: Buffer, file: string, complete: boolean, n: number, fast: FastHeader): GoFileHeader | undefined {
  let importsC = false;
  let importsEmbed = false;
  for (const imp of fast.imports) {
    if (imp.path === 'C') importsC = true;
    else if (imp.path === 'embed') importsEmbed = true;
  }
  if (importsEmbed && !complete) return undefined; // //go:embed lines may be anywhere in the file
  const lines = fastConstraints(b, fast, fast.constraintEnd);
  const h: GoFileHeader = {
    packageName: fast.name,
    packageLine: fast.nameLine,
    plusBuild: lines.plusBuild,
    imports: fast.imports,
    importsC,
    importsEmbed,
    embeds: [],
    problems: [],
    goBuild: lines.goBuild,
  };
  if (lines.multipleGoBuild) {
    h.multipleGoBuild = true;
    h.problems.push({ kind: 'build-constraint', file, line: undefined, message: 'multiple //go:build comments' });
  }
  if (fast.cgoPreamble !== undefined) h.cgoPreamble = fast.cgoPreamble;
  if (importsEmbed) {
    // No "//go:embed" bytes at all means no directive: skip the whole-file scan.
    const at = b.indexOf('//go:embed');
    if (at >= 0 && at < n) h.embeds = scanEmbeds(b.subarray(0, n), 0);
  }
  return h;
}

/** Reads and parses a Go file, reading only its head unless more is needed. Never throws. */
export function readGoFileHeader(absFile: string): GoFileHeader {
  return readWith(absFile, analyzeGoFile, (message) => {
    const h = emptyHeader();
    h.readError = true;
    h.problems.push({ kind: 'read', file: absFile, message });
    return h;
  });
}

/** The constraint lines of a non-Go source file (.c, .s, ...), from its leading comments. */
export interface CommentHeader {
  goBuild?: string;
  plusBuild: readonly string[];
  multipleGoBuild: boolean;
  /** go/build could not read the comments (syntax error or NUL): it then keeps the file. */
  readError: boolean;
  problems: Problem[];
}

export function parseCommentHeader(content: Buffer | string, file: string): CommentHeader {
  return analyzeComments(toBytes(content), file, true)!;
}

/** analyzeGoFile for a non-Go source file's leading comments. */
export function analyzeComments(b: Buffer, file: string, complete: boolean, n = b.length): CommentHeader | undefined {
  const fast = hasBOM(b) ? undefined : readFastCommentHeader(b, complete, n);
  if (fast) {
    const lines = fastConstraints(b, fast, fast.end);
    const problems: Problem[] = lines.multipleGoBuild ? [{ kind: 'build-constraint', file, message: 'multiple //go:build comments' }] : [];
    return { goBuild: lines.goBuild, plusBuild: lines.plusBuild, multipleGoBuild: lines.multipleGoBuild, readError: false, problems };
  }
  if (n < b.length) b = b.subarray(0, n);
  const ext = commentHeaderExtent(b, complete);
  if (ext.needMore) return undefined;
  const lines = constraintsIn(b, ext.start, ext.end);
  const problems: Problem[] = [];
  if (ext.status === 'nul') problems.push({ kind: 'read', file, message: 'unexpected NUL in input' });
  if (ext.status === 'syntax') problems.push({ kind: 'syntax', file, message: 'syntax error in leading comments' });
  if (lines.multipleGoBuild) problems.push({ kind: 'build-constraint', file, message: 'multiple //go:build comments' });
  return { goBuild: lines.goBuild, plusBuild: lines.plusBuild, multipleGoBuild: lines.multipleGoBuild, readError: ext.status !== 'ok', problems };
}

export function readCommentHeader(absFile: string): CommentHeader {
  return readWith(absFile, analyzeComments, (message) => ({
    plusBuild: [],
    multipleGoBuild: false,
    readError: true,
    problems: [{ kind: 'read', file: absFile, message }],
  }));
}

/** Reads the first chunk, then the whole file only if the analysis asks for more. */
function readWith<T>(
  absFile: string,
  analyze: (b: Buffer, file: string, complete: boolean, n: number) => T | undefined,
  fail: (message: string) => T,
): T {
  let fd: number | undefined;
  try {
    fd = openSync(absFile, 'r');
    const head = firstChunk;
    const n = readSync(fd, head, 0, FIRST_CHUNK, 0);
    if (n < FIRST_CHUNK) return analyze(head, absFile, true, n) ?? fail('cannot read file');
    const first = analyze(head, absFile, false, n);
    if (first !== undefined) return first;
    const whole = readFileSync(absFile);
    return analyze(whole, absFile, true, whole.length) ?? fail('cannot read file');
  } catch (e) {
    return fail(`cannot read file: ${(e as Error)?.message ?? String(e)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
