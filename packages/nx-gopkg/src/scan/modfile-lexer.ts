// Tokenizer and statement parser shared by go.mod and go.work, following
// golang.org/x/mod/modfile (read.go). Unlike Go, which stops at the first syntax
// error, this parser records the problem, drops the broken line and goes on, so
// callers still get everything that could be read.
import type { Problem } from './types';

/** A comment attached to a statement, with its `//` prefix. */
export interface ModComment {
  text: string;
  line: number;
}

/** One line of tokens: a top-level statement or a line inside a block. */
export interface ModLine {
  kind: 'line';
  tokens: string[];
  line: number;
  /** Whole-line comments directly above (no blank line in between at top level). */
  before: ModComment[];
  /** The end-of-line comment, if any. */
  suffix: ModComment[];
}

/** A factored block `verb ( ... )`. */
export interface ModBlock {
  kind: 'block';
  /** Tokens before the `(` (normally just the verb). */
  tokens: string[];
  line: number;
  before: ModComment[];
  lines: ModLine[];
}

type ModStatement = ModLine | ModBlock;

export interface ModSyntax {
  file: string;
  statements: ModStatement[];
  problems: Problem[];
}

type Kind = 'eof' | 'eolComment' | 'comment' | 'ident' | 'string' | 'newline' | 'punct';

interface Token {
  kind: Kind;
  text: string;
  line: number;
  /** Set when the lexer gave up on the rest of this line (the line must be dropped). */
  broken?: boolean;
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',']);
// unicode.IsPrint minus spaces: letters, marks, numbers, punctuation, symbols.
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

function isIdentChar(c: string): boolean {
  return !PUNCT.has(c) && PRINTABLE.test(c);
}

function isEol(t: Token): boolean {
  return t.kind === 'eof' || t.kind === 'eolComment' || t.kind === 'newline';
}

/** Splits go.mod/go.work text into tokens; lexical errors become problems. */
function tokenize(text: string, file: string, problems: Problem[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const fail = (message: string): void => {
    problems.push({ kind: 'module-file', file, line, message });
    // Drop the rest of the line; the newline token ends the broken statement.
    const nl = text.indexOf('\n', i);
    i = nl < 0 ? text.length : nl + 1;
    tokens.push({ kind: 'newline', text: '\n', line, broken: true });
    line++;
  };

  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (text.startsWith('//', i)) {
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      const suffix = text.slice(lineStart, i).trim() !== '';
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      tokens.push({ kind: suffix ? 'eolComment' : 'comment', text: text.slice(i, end).replace(/\r$/, ''), line });
      // A comment token swallows its newline, as in Go.
      i = nl < 0 ? text.length : nl + 1;
      if (nl >= 0) line++;
    } else if (text.startsWith('/*', i)) {
      fail('mod files must use // comments (not /* */ comments)');
    } else if (c === '\n') {
      tokens.push({ kind: 'newline', text: c, line });
      i++;
      line++;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else if (c === '"' || c === '`') {
      const end = scanString(text, i);
      if (typeof end === 'string') fail(end);
      else {
        const str = text.slice(i, end);
        tokens.push({ kind: 'string', text: str, line });
        // An escaped newline is (oddly) accepted inside "..." by Go's lexer.
        line += str.split('\n').length - 1;
        i = end;
      }
    } else {
      const cp = String.fromCodePoint(text.codePointAt(i)!);
      if (!isIdentChar(cp)) {
        fail(`unexpected input character ${JSON.stringify(cp)}`);
        continue;
      }
      const start = i;
      let bad = false;
      while (i < text.length) {
        const ch = String.fromCodePoint(text.codePointAt(i)!);
        if (!isIdentChar(ch) || text.startsWith('//', i)) break;
        if (text.startsWith('/*', i)) {
          bad = true;
          break;
        }
        i += ch.length;
      }
      if (bad) fail('mod files must use // comments (not /* */ comments)');
      else tokens.push({ kind: 'ident', text: text.slice(start, i), line });
    }
  }
  tokens.push({ kind: 'eof', text: '', line });
  return tokens;
}

/** Returns the index just past the closing quote, or an error message. */
function scanString(text: string, start: number): number | string {
  const quote = text[start];
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return 'unexpected EOF in string';
    const c = text[i];
    if (c === '\n') return 'unexpected newline in string';
    i++;
    if (c === quote) return i;
    if (c === '\\' && quote === '"') {
      if (i >= text.length) return 'unexpected EOF in string';
      i++;
    }
  }
}

/** Parses go.mod/go.work text into lines and blocks (modfile's FileSyntax). Never throws. */
export function parseModSyntax(text: string, file: string): ModSyntax {
  const problems: Problem[] = [];
  const parser = new Parser(tokenize(text, file, problems), file, problems);
  return { file, statements: parser.parseFile(), problems };
}

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
    private readonly problems: Problem[],
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private lex(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  parseFile(): ModStatement[] {
    const statements: ModStatement[] = [];
    let pending: ModComment[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return statements;
      if (t.kind === 'newline' || t.kind === 'eolComment') {
        // A blank line detaches the comments above it from the next statement.
        this.lex();
        pending = [];
      } else if (t.kind === 'comment') {
        this.lex();
        pending.push({ text: t.text, line: t.line });
      } else {
        const stmt = this.parseStatement();
        if (stmt) {
          stmt.before = pending;
          statements.push(stmt);
        }
        pending = [];
      }
    }
  }

  private parseStatement(): ModStatement | undefined {
    const first = this.lex();
    const tokens = [first.text];
    let broken = !!first.broken;
    for (;;) {
      const t = this.lex();
      if (isEol(t)) {
        broken ||= !!t.broken;
        return broken ? undefined : this.makeLine(tokens, first.line, t);
      }
      if (t.text === '(' && t.kind === 'punct') {
        const next = this.peek();
        if (isEol(next) && next.broken) {
          this.lex();
          return undefined;
        }
        if (isEol(next)) return this.parseBlock(tokens, first.line, broken);
        if (next.kind === 'punct' && next.text === ')') {
          this.lex();
          if (isEol(this.peek())) {
            this.lex();
            return broken ? undefined : { kind: 'block', tokens, line: first.line, before: [], lines: [] };
          }
          tokens.push('(', ')');
          continue;
        }
      }
      tokens.push(t.text);
    }
  }

  private makeLine(tokens: string[], line: number, eol: Token): ModLine {
    const suffix = eol.kind === 'eolComment' ? [{ text: eol.text, line: eol.line }] : [];
    return { kind: 'line', tokens, line, before: [], suffix };
  }

  private parseBlock(tokens: string[], line: number, broken: boolean): ModBlock | undefined {
    const block: ModBlock = { kind: 'block', tokens, line, before: [], lines: [] };
    let comments: ModComment[] = [];
    // The '(' may carry an end-of-line comment; it belongs to the paren, not a line.
    if (this.peek().kind === 'eolComment' || this.peek().kind === 'newline') this.lex();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        this.problem(t.line, `syntax error (unterminated block started at ${this.file}:${line}:1)`);
        return undefined;
      }
      if (t.kind === 'eolComment') {
        this.lex();
      } else if (t.kind === 'newline') {
        // Blank lines carry no meaning for the parsed directives.
        this.lex();
      } else if (t.kind === 'comment') {
        this.lex();
        comments.push({ text: t.text, line: t.line });
      } else if (t.kind === 'punct' && t.text === ')') {
        this.lex();
        if (!isEol(this.peek())) {
          this.problem(t.line, 'syntax error (expected newline after closing paren)');
          this.skipLine();
        } else {
          this.lex();
        }
        return broken ? undefined : block;
      } else {
        const l = this.parseBlockLine();
        if (l) {
          l.before = comments;
          block.lines.push(l);
        }
        comments = [];
      }
    }
  }

  private parseBlockLine(): ModLine | undefined {
    const first = this.lex();
    const tokens = [first.text];
    for (;;) {
      const t = this.lex();
      if (isEol(t)) return t.broken || first.broken ? undefined : this.makeLine(tokens, first.line, t);
      tokens.push(t.text);
    }
  }

  private skipLine(): void {
    while (!isEol(this.lex()));
  }

  private problem(line: number, message: string): void {
    this.problems.push({ kind: 'module-file', file: this.file, line, message });
  }
}

/**
 * Unquotes a Go double-quoted string literal (strconv.Unquote), or returns an
 * error message. Raw strings are not accepted by go.mod directives.
 */
export function unquoteGoString(s: string): { value: string } | { error: string } {
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return { error: 'invalid syntax' };
  let out = '';
  const body = s.slice(1, -1);
  for (let i = 0; i < body.length;) {
    const c = body[i];
    if (c === '"' || c === '\n') return { error: 'invalid syntax' };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const r = unescape(body, i + 1);
    if (!r) return { error: 'invalid syntax' };
    out += r.text;
    i = r.next;
  }
  return { value: out };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

function unescape(body: string, i: number): { text: string; next: number } | undefined {
  const c = body[i];
  if (c in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[c], next: i + 1 };
  const hex = (n: number, from: number): number | undefined => {
    const digits = body.slice(from, from + n);
    return digits.length === n && /^[0-9a-fA-F]+$/.test(digits) ? parseInt(digits, 16) : undefined;
  };
  if (c === 'x') {
    const v = hex(2, i + 1);
    // \x escapes are bytes; only ASCII bytes map to one character here.
    return v === undefined ? undefined : { text: String.fromCharCode(v), next: i + 3 };
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    const v = hex(n, i + 1);
    if (v === undefined || v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
    return { text: String.fromCodePoint(v), next: i + 1 + n };
  }
  if (c >= '0' && c <= '7') {
    const digits = body.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) return undefined;
    return { text: String.fromCharCode(parseInt(digits, 8)), next: i + 3 };
  }
  return undefined;
}
