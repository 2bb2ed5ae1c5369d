// Which list a file of a package directory lands in, for one ScanMode: go/build's matchFile
// (name, suffix, build constraints) for mode `context`, cmd/go's "any tags" rule for
// `anyPlatform`. Package-level decisions (test vs xtest, cgo, package names) are in package.ts.
import type { BuildContext, GoFileHeader, Problem, ScanMode } from './types';
import type { CommentHeader } from './header-reader';
import { ConstraintExpr, evalAnyTags, evalConstraint, parseGoBuildExpr, parsePlusBuildExpr } from './constraint';
import { isUnixOS, matchFileName } from './syslist';
import { NEWEST_KNOWN_GO, releaseTags, releaseTagValue } from './go-release';

export { releaseTags };

/** GoPackageFacts lists that hold non-Go source files. */
export type OtherFileList =
  'cFiles' | 'cxxFiles' | 'mFiles' | 'hFiles' | 'fFiles' | 'sFiles' | 'swigFiles' | 'swigCXXFiles' | 'sysoFiles';

const LIST_BY_EXT: Record<string, OtherFileList> = {
  '.c': 'cFiles',
  '.cc': 'cxxFiles',
  '.cpp': 'cxxFiles',
  '.cxx': 'cxxFiles',
  '.m': 'mFiles',
  '.h': 'hFiles',
  '.hh': 'hFiles',
  '.hpp': 'hFiles',
  '.hxx': 'hFiles',
  '.f': 'fFiles',
  '.F': 'fFiles',
  '.for': 'fFiles',
  '.f90': 'fFiles',
  '.s': 'sFiles',
  '.S': 'sFiles',
  '.sx': 'sFiles',
  '.swig': 'swigFiles',
  '.swigcxx': 'swigCXXFiles',
  '.syso': 'sysoFiles',
};

/** The extension go/build uses: from the last dot. */
export function fileExt(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? '' : name.slice(i);
}

/** The list a non-Go source file belongs to, by extension (undefined: not a source file). */
export const otherFileList = (name: string): OtherFileList | undefined =>
  Object.prototype.hasOwnProperty.call(LIST_BY_EXT, fileExt(name)) ? LIST_BY_EXT[fileExt(name)] : undefined;

/** go/build's Context.matchTag for one BuildContext. */
export function contextTagMatcher(ctx: BuildContext): (tag: string) => boolean {
  const set = new Set([...ctx.tags, ...ctx.toolTags, ...releaseTags(ctx.goVersion)]);
  return (name) => {
    if (name === 'cgo' && ctx.cgoEnabled) return true;
    if (name === ctx.goos || name === ctx.goarch || name === 'gc') return true;
    if ((ctx.goos === 'android' && name === 'linux') || (ctx.goos === 'illumos' && name === 'solaris')) return true;
    if (ctx.goos === 'ios' && name === 'darwin') return true;
    if (name === 'unix' && isUnixOS(ctx.goos)) return true;
    if (name === 'boringcrypto') name = 'goexperiment.boringcrypto'; // old name
    return set.has(name);
  };
}

/** A constraint evaluator for a mode (with any extra tags made true). */
export interface TagEvaluator {
  /** Does the file name's _GOOS/_GOARCH suffix fit? */
  name(file: string): boolean;
  expr(x: ConstraintExpr): boolean;
  /** go list gives up on a package with a bad //go:build line; go mod tidy skips the file. */
  abortOnBadConstraint: boolean;
}

export function tagEvaluator(mode: ScanMode): TagEvaluator {
  if (mode.kind === 'context') {
    const match = contextTagMatcher(mode.context);
    return { name: (f) => matchFileName(f, match), expr: (x) => evalConstraint(x, match), abortOnBadConstraint: true };
  }
  const extra = new Set(mode.tags ?? []);
  const fixed = releaseTagValue(mode.goVersion ?? NEWEST_KNOWN_GO);
  return { name: () => true, expr: (x) => evalAnyTags(x, extra, true, fixed), abortOnBadConstraint: false };
}

export type FileDecision =
  /** Not a source file, or named `_*`/`.*`: not reported anywhere. */
  | { kind: 'skip' }
  /**
   * Excluded by name suffix or constraints (IgnoredGoFiles / IgnoredOtherFiles). A .go file
   * with a syntax error is still invalid too (`invalid`), as in go list.
   */
  | { kind: 'ignored'; list: 'ignoredGoFiles' | 'ignoredOtherFiles'; invalid?: Problem[] }
  /** A .go file go list cannot use at all (InvalidGoFiles only). */
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'go'; header: GoFileHeader }
  | { kind: 'other'; list: OtherFileList }
  /**
   * A `//go:build` line that does not parse: go list stops reading the package there and
   * reports what it had so far (mode `context` only).
   */
  | { kind: 'abort'; problems: Problem[]; invalid?: Problem[] };

/** Lazily read headers of the file being classified. */
export interface FileReaders {
  goHeader(): GoFileHeader;
  commentHeader(): CommentHeader;
}

/** Parsed //go:build expressions by text: most files of a tree share a handful of lines. */
const goBuildCache = new Map<string, ReturnType<typeof parseGoBuildExpr>>();
const plusBuildCache = new Map<string, ReturnType<typeof parsePlusBuildExpr>>();

function cached<T>(cache: Map<string, T>, text: string, parse: (t: string) => T): T {
  let r = cache.get(text);
  if (r === undefined) {
    if (cache.size > 10_000) cache.clear();
    r = parse(text);
    cache.set(text, r);
  }
  return r;
}

/**
 * Whether a `#cgo` line's condition holds (go/build's matchAuto): a //go:build expression when
 * it holds `&`, `|` or parentheses, a +build one otherwise; one that does not parse never holds.
 */
export function cgoConditionHolds(text: string, ev: TagEvaluator): boolean {
  const r = /[&|()]/.test(text)
    ? cached(goBuildCache, text, parseGoBuildExpr)
    : cached(plusBuildCache, text, parsePlusBuildExpr);
  return 'expr' in r && ev.expr(r.expr);
}

/** What a file's build constraints decide: kept, excluded, or go's error for a bad //go:build line. */
export type ConstraintOutcome = 'match' | 'no-match' | { error: string };

const outcome = (ok: boolean): ConstraintOutcome => (ok ? 'match' : 'no-match');

/** go/build's shouldBuild over the constraint lines a header holds. */
export function constraintOutcome(
  h: { goBuild?: string; plusBuild: readonly string[]; multipleGoBuild?: boolean },
  ev: TagEvaluator,
): ConstraintOutcome {
  if (h.multipleGoBuild) return { error: 'multiple //go:build comments' };
  if (h.goBuild !== undefined) {
    const r = cached(goBuildCache, h.goBuild, parseGoBuildExpr);
    return 'error' in r ? { error: `parsing //go:build line: ${r.error}` } : outcome(ev.expr(r.expr));
  }
  let ok = true;
  for (const line of h.plusBuild) {
    const r = cached(plusBuildCache, line, parsePlusBuildExpr); // malformed +build lines are ignored, as in go/build
    if ('expr' in r && !ev.expr(r.expr)) ok = false;
  }
  return outcome(ok);
}

/**
 * Decides one directory entry (a non-directory) of a package dir, in the order of go list's
 * module index (cmd/go/internal/modindex), which go list uses for every directory whose files
 * are older than two seconds: every source file is read first, so unreadable and unparsable
 * .go files are invalid even where their name or constraints exclude them.
 */
export function classifyFile(name: string, ev: TagEvaluator, read: FileReaders): FileDecision {
  if (name.startsWith('_') || name.startsWith('.')) return { kind: 'skip' };
  const isGo = fileExt(name) === '.go';
  const other = isGo ? undefined : otherFileList(name);
  if (!isGo && !other) return { kind: 'skip' };
  if (other === 'sysoFiles') return ev.name(name) ? { kind: 'other', list: other } : ignoredOther; // binary: never read
  return isGo ? classifyGo(name, ev, read.goHeader()) : classifyOther(name, other!, ev, read.commentHeader());
}

const ignoredOther: FileDecision = { kind: 'ignored', list: 'ignoredOtherFiles' };

function classifyGo(name: string, ev: TagEvaluator, h: GoFileHeader): FileDecision {
  if (h.readError || h.multipleGoBuild) return { kind: 'invalid', problems: h.problems };
  const invalid = h.parseError ? h.problems : undefined; // listed anyway, without imports
  const ignored: FileDecision = { kind: 'ignored', list: 'ignoredGoFiles', invalid };
  if (!ev.name(name)) return ignored;
  const ok = constraintOutcome(h, ev);
  if (typeof ok === 'object') return badConstraint(ok.error, problemFile(h, name), ev, ignored);
  return ok === 'match' ? { kind: 'go', header: h } : ignored;
}

function classifyOther(name: string, list: OtherFileList, ev: TagEvaluator, h: CommentHeader): FileDecision {
  if (!ev.name(name)) return ignoredOther;
  // Leading comments go list cannot read carry no constraints: the file is kept.
  if (h.readError || h.multipleGoBuild) return { kind: 'other', list };
  const ok = constraintOutcome(h, ev);
  if (typeof ok === 'object') return badConstraint(ok.error, h.problems[0]?.file ?? name, ev, ignoredOther);
  return ok === 'match' ? { kind: 'other', list } : ignoredOther;
}

function badConstraint(message: string, file: string, ev: TagEvaluator, otherwise: FileDecision): FileDecision {
  const problems: Problem[] = [{ kind: 'build-constraint', file, message }];
  // A syntax error found before (invalid) is recorded even when go list stops.
  if (ev.abortOnBadConstraint)
    return { kind: 'abort', problems, invalid: otherwise.kind === 'ignored' ? otherwise.invalid : undefined };
  return otherwise.kind === 'ignored'
    ? { ...otherwise, invalid: [...(otherwise.invalid ?? []), ...problems] }
    : otherwise;
}

function problemFile(h: GoFileHeader, name: string): string {
  return h.problems[0]?.file ?? name;
}
