// Build constraint expressions (`//go:build` and legacy `// +build`), like go/build/constraint:
// parse a line into a tree, then evaluate the tree against a tag predicate.
import { goFields, goTrimSpace, isTagChar } from './go-text';

export type ConstraintExpr =
  | { op: 'tag'; tag: string }
  | { op: 'not'; x: ConstraintExpr }
  | { op: 'and' | 'or'; x: ConstraintExpr; y: ConstraintExpr };

export type ParseResult = { expr: ConstraintExpr } | { error: string };

const MAX_SIZE = 1000; // //go:build complexity limit
const MAX_OLD_SIZE = 100; // // +build limit on && and || operators

const tag = (t: string): ConstraintExpr => ({ op: 'tag', tag: t });
const not = (x: ConstraintExpr): ConstraintExpr => ({ op: 'not', x });
const and = (x: ConstraintExpr, y: ConstraintExpr): ConstraintExpr => ({ op: 'and', x, y });
const or = (x: ConstraintExpr, y: ConstraintExpr): ConstraintExpr => ({ op: 'or', x, y });

/** Splits `prefix` off a single-line directive; the prefix must be followed by space or end. */
function splitDirective(line: string, afterSlashes: (rest: string) => string | undefined): string | undefined {
  if (line.endsWith('\n')) line = line.slice(0, -1);
  if (line.includes('\n') || !line.startsWith('//')) return undefined;
  return afterSlashes(line);
}

function cutWord(text: string, word: string): string | undefined {
  if (!text.startsWith(word)) return undefined;
  const rest = text.slice(word.length);
  const trimmed = goTrimSpace(rest);
  // "//go:buildx" is another directive; "//go:build" alone counts.
  if (rest !== '' && trimmed.length === rest.length) return undefined;
  return trimmed;
}

/** The expression text of a `//go:build` line, or undefined when the line is not one. */
function goBuildText(line: string): string | undefined {
  return splitDirective(line, (l) => (l.startsWith('//go:build') ? cutWord(goTrimSpace(l), '//go:build') : undefined));
}

/** The expression text of a `// +build` line (the space is optional), or undefined. */
export function plusBuildText(line: string): string | undefined {
  return splitDirective(line, (l) => cutWord(goTrimSpace(l.slice(2)), '+build'));
}

export const isGoBuildLine = (line: string): boolean => goBuildText(line) !== undefined;

class SyntaxError_ {
  constructor(readonly message: string) {}
}

/** Recursive-descent parser for `a || b && !(c)`, with go/build/constraint's error texts. */
class ExprParser {
  private i = 0;
  private tok = '';
  private isTag = false;
  private size = 0;
  constructor(private readonly s: string) {}

  parse(): ConstraintExpr {
    const x = this.or();
    if (this.tok !== '') throw new SyntaxError_('unexpected token ' + this.tok);
    return x;
  }

  private or(): ConstraintExpr {
    let x = this.and();
    while (this.tok === '||') x = or(x, this.and());
    return x;
  }

  private and(): ConstraintExpr {
    let x = this.not();
    while (this.tok === '&&') x = and(x, this.not());
    return x;
  }

  private not(): ConstraintExpr {
    if (++this.size > MAX_SIZE) throw new SyntaxError_('build expression too large');
    this.lex();
    if (this.tok !== '!') return this.atom();
    this.lex();
    if (this.tok === '!') throw new SyntaxError_('double negation not allowed');
    return not(this.atom());
  }

  private atom(): ConstraintExpr {
    if (this.tok === '(') {
      let x: ConstraintExpr;
      try {
        x = this.or();
      } catch (e) {
        if (e instanceof SyntaxError_ && e.message === 'unexpected end of expression') {
          throw new SyntaxError_('missing close paren');
        }
        throw e;
      }
      if ((this.tok as string) !== ')') throw new SyntaxError_('missing close paren');
      this.lex();
      return x;
    }
    if (!this.isTag) {
      throw new SyntaxError_(this.tok === '' ? 'unexpected end of expression' : 'unexpected token ' + this.tok);
    }
    const t = this.tok;
    this.lex();
    return tag(t);
  }

  private lex(): void {
    const s = this.s;
    this.isTag = false;
    while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t')) this.i++;
    if (this.i >= s.length) {
      this.tok = '';
      return;
    }
    const c = s[this.i];
    if (c === '(' || c === ')' || c === '!') {
      this.tok = c;
      this.i++;
      return;
    }
    if (c === '&' || c === '|') {
      if (s[this.i + 1] !== c) throw new SyntaxError_('invalid syntax at ' + c);
      this.tok = c + c;
      this.i += 2;
      return;
    }
    let j = this.i;
    while (j < s.length) {
      const cp = s.codePointAt(j)!;
      const w = cp > 0xffff ? 2 : 1;
      if (!isTagChar(cp < 0x80 ? s[j] : s.slice(j, j + w))) break;
      j += w;
    }
    if (j === this.i) throw new SyntaxError_('invalid syntax at ' + String.fromCodePoint(s.codePointAt(this.i)!));
    this.tok = s.slice(this.i, j);
    this.i = j;
    this.isTag = true;
  }
}

/** Parses the text after `//go:build`. */
export function parseGoBuildExpr(text: string): ParseResult {
  try {
    return { expr: new ExprParser(text).parse() };
  } catch (e) {
    if (e instanceof SyntaxError_) return { error: e.message };
    throw e;
  }
}

/** Tags made of these are valid (isTagChar's ASCII part); evaluated per file, so kept cheap. */
const ASCII_TAG = /^[A-Za-z0-9_.]+$/;

function isValidTag(word: string): boolean {
  if (word === '') return false;
  if (ASCII_TAG.test(word)) return true;
  for (const ch of word) if (!isTagChar(ch)) return false;
  return true;
}

/** One `// +build` literal: `tag`, `!tag`; anything malformed means `ignore` (never true). */
function plusBuildLiteral(lit: string): ConstraintExpr {
  if (lit.startsWith('!!') || lit === '!') return tag('ignore');
  const neg = lit.startsWith('!');
  const word = neg ? lit.slice(1) : lit;
  const t = tag(isValidTag(word) ? word : 'ignore');
  return neg ? not(t) : t;
}

/** Parses the text after `// +build`: space-separated OR of comma-separated AND terms. */
export function parsePlusBuildExpr(text: string): ParseResult {
  let size = 0;
  let x: ConstraintExpr | undefined;
  for (const clause of goFields(text)) {
    let y: ConstraintExpr | undefined;
    for (const lit of clause.split(',')) {
      const z = plusBuildLiteral(lit);
      if (y && ++size > MAX_OLD_SIZE) return { error: 'expression too complex for // +build lines' };
      y = y ? and(y, z) : z;
    }
    if (x && ++size > MAX_OLD_SIZE) return { error: 'expression too complex for // +build lines' };
    x = x ? or(x, y!) : y;
  }
  return { expr: x ?? tag('ignore') };
}

/** Evaluates against a predicate (both sides of && and || are visited, like go/build). */
export function evalConstraint(x: ConstraintExpr, ok: (tag: string) => boolean): boolean {
  switch (x.op) {
    case 'tag':
      return ok(x.tag);
    case 'not':
      return !evalConstraint(x.x, ok);
    case 'and': {
      const a = evalConstraint(x.x, ok);
      const b = evalConstraint(x.y, ok);
      return a && b;
    }
    case 'or': {
      const a = evalConstraint(x.x, ok);
      const b = evalConstraint(x.y, ok);
      return a || b;
    }
  }
}

/**
 * cmd/go's "any tags" evaluation (go mod tidy): every valid tag except `ignore` takes the
 * preferred value, which flips under `!`, so both `tag` and `!tag` hold. Tags in `extra` are
 * plainly true (so listing `ignore` there enables it). `fixed` gives the tags whose value no
 * build can choose (release tags): they take that value, never the preferred one.
 */
export function evalAnyTags(
  x: ConstraintExpr,
  extra: ReadonlySet<string> = new Set(),
  prefer = true,
  fixed?: (tag: string) => boolean | undefined,
): boolean {
  switch (x.op) {
    case 'tag':
      return matchAnyTag(x.tag, extra, prefer, fixed);
    case 'not':
      return !evalAnyTags(x.x, extra, !prefer, fixed);
    case 'and':
      return evalAnyTags(x.x, extra, prefer, fixed) && evalAnyTags(x.y, extra, prefer, fixed);
    case 'or':
      return evalAnyTags(x.x, extra, prefer, fixed) || evalAnyTags(x.y, extra, prefer, fixed);
  }
}

function matchAnyTag(
  name: string,
  extra: ReadonlySet<string>,
  prefer: boolean,
  fixed?: (tag: string) => boolean | undefined,
): boolean {
  if (!isValidTag(name)) return false;
  const value = fixed?.(name);
  if (value !== undefined) return value;
  if (name !== 'ignore') return prefer;
  return extra.has(name);
}
