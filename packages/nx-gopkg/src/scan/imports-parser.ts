// go/parser's ParseFile in ImportsOnly mode over the header the import reader found: the
// package clause and import declarations, with go/parser's error recovery and error texts.
import { GoScanner } from './go-scanner';
import type { Token } from './go-token';
import { isGoSpace } from './go-text';

export interface ParsedImport {
  lit: string;
  line: number;
  doc?: string;
}

export interface ParsedHeader {
  name: string;
  nameLine: number;
  imports: ParsedImport[];
  error?: { line: number; message: string };
}

const STMT_START = new Set([
  'break',
  'const',
  'continue',
  'defer',
  'fallthrough',
  'for',
  'go',
  'goto',
  'if',
  'return',
  'select',
  'switch',
  'type',
  'var',
]);
const EXPR_END_OPS = new Set([':', ']']);

/** go/parser gives up (returning no file, so no package name) after too many errors. */
class Bailout {}

/**
 * go/parser's parseFile in ImportsOnly mode, including its error recovery: the recovery
 * matters because more than ten errors make go/parser discard the package name too.
 */
export class HeaderParser {
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
      this.advance(
        (x) =>
          x.kind === 'COMMA' ||
          x.kind === 'SEMI' ||
          x.kind === 'RPAREN' ||
          x.kind === 'RBRACE' ||
          (x.kind === 'OP' && EXPR_END_OPS.has(x.lit)),
      );
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
