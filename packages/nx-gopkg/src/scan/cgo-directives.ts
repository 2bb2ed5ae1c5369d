// The checks go list makes of the `#cgo` lines in the comment above `import "C"`
// (cmd/go/internal/modindex/build.go, saveCgo): a malformed line makes the file invalid
// (InvalidGoFiles), though it stays in its file list. Only the checks: the flags themselves
// are cmd/go's business when it builds, and not needed for the graph.
import * as path from 'node:path';
import { goFields, goTrimSpace, isGoSpace } from './go-text';

const VERBS = new Set(['CFLAGS', 'CPPFLAGS', 'CXXFLAGS', 'FFLAGS', 'LDFLAGS', 'pkg-config']);

/**
 * The first problem of the `#cgo` lines in `text` (the comments above a file's `import "C"`
 * declarations, markers removed) in go's words, without the file name go puts first; undefined
 * when they are well formed. `dir` is the package dir (`${SRCDIR}`), and `matches` decides a
 * line's GOOS/GOARCH/tag conditions (go/build's matchAuto).
 */
export function cgoDirectiveProblem(text: string, dir: string, matches: (cond: string) => boolean): string | undefined {
  const srcdir = path.sep === '\\' ? dir.replace(/\\/g, '/') : dir; // filepath.ToSlash
  // Lines are quoted trimmed, as go list quotes them (its index keeps them so).
  for (const raw of text.split('\n')) {
    const line = goTrimSpace(raw);
    if (line.length < 5 || !line.startsWith('#cgo') || (line[4] !== ' ' && line[4] !== '\t')) continue;
    const fields = goFields(line);
    if (fields.length === 3 && (fields[1] === 'nocallback' || fields[1] === 'noescape')) continue;
    const rest = goTrimSpace(line.slice(4));
    const colon = rest.indexOf(':');
    const head = colon < 0 ? [] : goFields(rest.slice(0, colon));
    if (head.length === 0) return `invalid #cgo line: ${line}`;
    const conds = head.slice(0, -1);
    if (conds.length > 0 && !conds.some(matches)) continue;
    const args = splitQuoted(rest.slice(colon + 1));
    if (args === undefined) return `invalid #cgo line: ${line}`;
    for (const arg of args) {
      const expanded = expandSrcDir(arg, srcdir);
      if (expanded.ok === false) return `malformed #cgo argument: ${expanded.value}`;
    }
    if (!VERBS.has(head[head.length - 1])) return `invalid #cgo verb: ${line}`;
  }
  return undefined;
}

/**
 * cmd/go's splitQuoted: words split at runs of white space, with '...' and "..." quoting and
 * backslash escapes; undefined for an unclosed quote or a trailing backslash.
 */
export function splitQuoted(s: string): string[] | undefined {
  const args: string[] = [];
  let arg = '';
  let escaped = false;
  let quoted = false;
  let quote = '';
  for (const ch of s) {
    if (escaped) escaped = false;
    else if (ch === '\\') {
      escaped = true;
      continue;
    } else if (quote !== '') {
      if (ch === quote) {
        quote = '';
        continue;
      }
    } else if (ch === '"' || ch === "'") {
      quoted = true;
      quote = ch;
      continue;
    } else if (isGoSpace(ch)) {
      if (quoted || arg !== '') {
        quoted = false;
        args.push(arg);
        arg = '';
      }
      continue;
    }
    arg += ch;
  }
  if (quoted || arg !== '') args.push(arg);
  return quote !== '' || escaped ? undefined : args;
}

/** Characters (besides non-ASCII ones) that cmd/go accepts in #cgo arguments. */
const SAFE = new Set('+-.,/0123456789=ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz:$@%! ~^');

function safeCgoName(s: string): boolean {
  if (s === '') return false;
  for (const ch of s) if (ch < '\x80' && !SAFE.has(ch)) return false;
  return true;
}

/** cmd/go's expandSrcDir: `${SRCDIR}` replaced by the package dir, every piece safe. */
function expandSrcDir(arg: string, srcdir: string): { value: string; ok: boolean } {
  const chunks = arg.split('${SRCDIR}');
  if (chunks.length < 2) return { value: arg, ok: safeCgoName(arg) };
  const value = chunks.join(srcdir);
  const ok = chunks.every((c) => c === '' || safeCgoName(c)) && (srcdir === '' || safeCgoName(srcdir));
  return { value, ok: ok && value !== '' };
}
