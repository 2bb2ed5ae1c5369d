// Resolves //go:embed patterns to files like cmd/go's resolveEmbed: path.Match globs relative
// to the package directory; a matched directory embeds its tree except `.`/`_` names (unless
// `all:`), nested modules and symlinks; a bad pattern or an empty match is a problem and, as
// in go list, leaves the group with no files at all.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, ProblemKind } from './types';

export interface EmbedResult {
  /** Matched files relative to the package dir, '/'-separated, sorted, unique. */
  files: string[];
  /** Files per pattern (only when every pattern resolved). */
  byPattern: Record<string, string[]>;
  problems: Problem[];
}

/** resolveEmbed's errors; kind says whether files could make the pattern resolve. */
class EmbedError extends Error {
  constructor(
    message: string,
    readonly kind: ProblemKind = 'embed-file',
  ) {
    super(message);
  }
}

/** path.Match as a RegExp over one path element; undefined when the pattern is malformed. */
export function globToRegExp(glob: string): RegExp | undefined {
  let re = '';
  const chars = Array.from(glob);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (++i >= chars.length) return undefined;
      re += escapeOutsideClass(chars[i]);
    } else if (c === '[') {
      const cls = classToRegExp(chars, i + 1);
      if (!cls) return undefined;
      re += cls.re;
      i = cls.end;
    } else re += escapeOutsideClass(c);
  }
  return new RegExp(`^${re}$`, 'su');
}

const escapeRe = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
/** Outside a class the `u` flag rejects `\-` (an embed pattern like `a-*.txt` threw). */
const escapeOutsideClass = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** A `[...]` class starting after '['; returns the RegExp text and the index of ']'. */
function classToRegExp(chars: string[], i: number): { re: string; end: number } | undefined {
  let re = '[';
  if (chars[i] === '^') {
    re += '^';
    i++;
  }
  let n = 0;
  const esc = (): string | undefined => {
    let c = chars[i];
    if (c === undefined || c === '-' || c === ']') return undefined;
    if (c === '\\') c = chars[++i];
    if (c === undefined) return undefined;
    i++;
    return c;
  };
  for (;;) {
    if (chars[i] === ']' && n > 0) return { re: re + ']', end: i };
    const lo = esc();
    if (lo === undefined) return undefined;
    let hi = lo;
    if (chars[i] === '-') {
      i++;
      const h = esc();
      if (h === undefined) return undefined;
      hi = h;
    }
    // An inverted range matches nothing (names never hold NUL, so NUL stands in for it).
    re += lo.codePointAt(0)! > hi.codePointAt(0)! ? '\\u0000' : `${escapeRe(lo)}-${escapeRe(hi)}`;
    n++;
    if (chars[i] === undefined) return undefined;
  }
}

const hasMeta = (s: string) => /[*?[\\]/.test(s);

/** io/fs.ValidPath: slash-separated, no empty, `.` or `..` elements. */
function validPath(p: string): boolean {
  if (p === '.') return true;
  return p.split('/').every((e) => e !== '' && e !== '.' && e !== '..');
}

const BAD_WINDOWS = new Set(
  ['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((d) => [`COM${d}`, `LPT${d}`])].map((s) =>
    s.toLowerCase(),
  ),
);
const FILE_NAME_ASCII = /^[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]$/;

/** cmd/go's isBadEmbedName: names that cannot be in a module zip, and VCS directories. */
export function isBadEmbedName(name: string): boolean {
  if (name === '' || name === '.bzr' || name === '.hg' || name === '.git' || name === '.svn') return true;
  if (/^\.+$/.test(name) || name.endsWith('.')) return true;
  for (const ch of name) {
    if (ch.charCodeAt(0) < 0x80 ? !FILE_NAME_ASCII.test(ch) : !/\p{L}/u.test(ch)) return true;
  }
  const dot = name.indexOf('.');
  return BAD_WINDOWS.has((dot < 0 ? name : name.slice(0, dot)).toLowerCase());
}

// throwIfNoEntry: missing files are common here, and exceptions are slow.
const lstat = (p: string) => {
  try {
    return fs.lstatSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
};
const stat = (p: string) => {
  try {
    return fs.statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
};
const exists = (p: string) => stat(p) !== undefined;
const isDir = (p: string) => stat(p)?.isDirectory() ?? false;

/** filepath.Glob below `root` for a '/'-separated pattern; results relative, sorted. */
function glob(root: string, pattern: string): string[] {
  if (!hasMeta(pattern)) return lstat(path.join(root, pattern)) ? [pattern] : [];
  let current = [''];
  for (const seg of pattern.split('/')) {
    const re = globToRegExp(seg)!;
    const next: string[] = [];
    for (const rel of current) {
      const dir = path.join(root, rel);
      if (!isDir(dir)) continue;
      let names: string[];
      try {
        names = fs.readdirSync(dir).sort();
      } catch {
        continue;
      }
      for (const n of names) if (re.test(n)) next.push(rel ? `${rel}/${n}` : n);
    }
    current = next;
  }
  return current;
}

/** Files under a matched directory, skipping hidden/bad names and nested modules. */
function walkEmbedDir(root: string, rel: string, all: boolean, out: string[]): number {
  let count = 0;
  const entries = fs
    .readdirSync(path.join(root, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const d of entries) {
    const name = d.name;
    const childRel = `${rel}/${name}`;
    const hidden = name[0] === '.' || name[0] === '_';
    if (isBadEmbedName(name) || (hidden && !all)) {
      if (d.isDirectory() || hidden) continue;
      throw new EmbedError(`cannot embed file ${childRel}: invalid name ${name}`);
    }
    if (d.isDirectory()) {
      if (!exists(path.join(root, childRel, 'go.mod'))) count += walkEmbedDir(root, childRel, all, out);
      continue;
    }
    if (!d.isFile()) continue;
    count++;
    out.push(childRel);
  }
  return count;
}

/** Checks the path from the package dir down to a match, like resolveEmbed's loop. */
function checkMatchPath(root: string, rel: string, what: string, dirOK: Set<string>): void {
  const parts = rel.split('/');
  for (let n = parts.length; n > 0; n--) {
    const sub = parts.slice(0, n).join('/');
    if (dirOK.has(sub)) break;
    const abs = path.join(root, sub);
    if (exists(path.join(abs, 'go.mod'))) throw new EmbedError(`cannot embed ${what} ${rel}: in different module`);
    if (n < parts.length && !lstat(abs)?.isDirectory()) {
      throw new EmbedError(`cannot embed ${what} ${rel}: in non-directory ${sub}`);
    }
    dirOK.add(sub);
    if (isBadEmbedName(parts[n - 1])) {
      throw new EmbedError(
        n === parts.length
          ? `cannot embed ${what} ${rel}: invalid name ${parts[n - 1]}`
          : `cannot embed ${what} ${rel}: in invalid directory ${parts[n - 1]}`,
      );
    }
  }
}

function resolvePattern(root: string, pattern: string, dirOK: Set<string>): string[] {
  const all = pattern.startsWith('all:');
  const g = all ? pattern.slice(4) : pattern;
  const segs = g.split('/');
  if (g === '.' || !validPath(g) || segs.some((s) => !globToRegExp(s)))
    throw new EmbedError('invalid pattern syntax', 'embed-pattern');
  const list = new Set<string>();
  for (const rel of glob(root, g)) {
    const info = lstat(path.join(root, rel));
    if (!info) continue;
    checkMatchPath(root, rel, info.isDirectory() ? 'directory' : 'file', dirOK);
    if (info.isFile()) list.add(rel);
    else if (info.isDirectory()) {
      const files: string[] = [];
      if (walkEmbedDir(root, rel, all, files) === 0)
        throw new EmbedError(`cannot embed directory ${rel}: contains no embeddable files`, 'embed-match');
      files.forEach((f) => list.add(f));
    } else throw new EmbedError(`cannot embed irregular file ${rel}`);
  }
  if (list.size === 0) throw new EmbedError('no matching files found', 'embed-match');
  return [...list].sort();
}

/** Resolves one group's patterns (EmbedPatterns, TestEmbedPatterns or XTestEmbedPatterns). */
export function resolveEmbeds(
  pkgDir: string,
  patterns: string[],
  positions: Record<string, { file: string; line: number }> = {},
): EmbedResult {
  const byPattern: Record<string, string[]> = {};
  const dirOK = new Set<string>();
  for (const p of patterns) {
    try {
      byPattern[p] = resolvePattern(pkgDir, p, dirOK);
    } catch (e) {
      const pos = positions[p];
      const message = `pattern ${p}: ${e instanceof EmbedError ? e.message : ((e as Error)?.message ?? String(e))}`;
      const kind = e instanceof EmbedError ? e.kind : 'read';
      return {
        files: [],
        byPattern: {},
        problems: [{ kind, file: pos?.file ?? pkgDir, line: pos?.line, message, pattern: p }],
      };
    }
  }
  const files = [...new Set(Object.values(byPattern).flat())].sort();
  return { files, byPattern, problems: [] };
}
