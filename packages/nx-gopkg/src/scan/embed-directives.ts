// //go:embed directives: found in files importing "embed" (read to the end) and split into
// patterns like go/ast's Directive.ParseArgs; embed.ts resolves the patterns to files.
import { LineCounter } from './fast-header';
import { quotedPrefix, unquoteGoString } from './go-strings';
import { isGoSpace } from './go-text';

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
 * It cannot fail, so the regular expression engine never backtracks into it.
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
  for (let i = start; ;) {
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
