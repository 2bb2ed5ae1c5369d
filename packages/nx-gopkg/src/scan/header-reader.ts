// Reads what go/build reads from a Go file: the leading comments (build constraints), the
// package clause, the import declarations (with the cgo preamble) and, in files importing
// "embed", every //go:embed directive. The usual header is read by fast-header.ts; everything
// it declines takes the exact path, which mirrors go/build's read.go:
//   1. an import reader finds where the header ends (import-reader.ts), and the constraint
//      lines are taken from its leading comments (constraint-lines.ts);
//   2. the header is tokenized and parsed like go/parser's ImportsOnly mode (imports-parser.ts),
//      so exactly the files Go rejects are rejected (such files keep no imports, as in go list);
//   3. files importing "embed" are read to the end for //go:embed comments (embed-directives.ts).
// Nothing here throws: problems are returned as data.
// Named imports: `import * as` would reach each through a getter (esModuleInterop), once per file.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { GoFileHeader, Problem, ProblemKind } from './types';
import { constraintsIn, fastConstraints } from './constraint-lines';
import { scanEmbeds } from './embed-directives';
import { FastHeader, readFastCommentHeader, readFastHeader } from './fast-header';
import { unquoteGoString } from './go-strings';
import { commentHeaderExtent, constraintTextEnd, goHeaderExtent, hasBOM } from './import-reader';
import { HeaderParser, isValidImportPath } from './imports-parser';

/** Bytes read first; most Go headers (license, package, imports) fit. */
export const FIRST_CHUNK = 8192;
/** Reused for every first read (analysis is synchronous and keeps no reference to it). */
const firstChunk = Buffer.allocUnsafeSlow(FIRST_CHUNK);

function emptyHeader(): GoFileHeader {
  return {
    packageName: '',
    packageLine: 0,
    plusBuild: [],
    imports: [],
    importsC: false,
    importsEmbed: false,
    embeds: [],
    problems: [],
  };
}

function toBytes(content: Buffer | string): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

/**
 * Parses a whole Go file's content. Never throws.
 * @public for the fuzz tests and tools/fuzz-scan.js, which parse content rather than files.
 */
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
  const problem = (kind: ProblemKind, line: number | undefined, message: string) =>
    h.problems.push({ kind, file, line, message });
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
function fastGoHeader(
  b: Buffer,
  file: string,
  complete: boolean,
  n: number,
  fast: FastHeader,
): GoFileHeader | undefined {
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

/**
 * parseGoFileHeader for a non-Go source file's leading comments.
 * @public for the fuzz tests and tools/fuzz-scan.js.
 */
export function parseCommentHeader(content: Buffer | string, file: string): CommentHeader {
  return analyzeComments(toBytes(content), file, true)!;
}

/** analyzeGoFile for a non-Go source file's leading comments. */
export function analyzeComments(b: Buffer, file: string, complete: boolean, n = b.length): CommentHeader | undefined {
  const fast = hasBOM(b) ? undefined : readFastCommentHeader(b, complete, n);
  if (fast) {
    const lines = fastConstraints(b, fast, fast.end);
    const problems: Problem[] = lines.multipleGoBuild
      ? [{ kind: 'build-constraint', file, message: 'multiple //go:build comments' }]
      : [];
    return {
      goBuild: lines.goBuild,
      plusBuild: lines.plusBuild,
      multipleGoBuild: lines.multipleGoBuild,
      readError: false,
      problems,
    };
  }
  if (n < b.length) b = b.subarray(0, n);
  const ext = commentHeaderExtent(b, complete);
  if (ext.needMore) return undefined;
  const lines = constraintsIn(b, ext.start, ext.end);
  const problems: Problem[] = [];
  if (ext.status === 'nul') problems.push({ kind: 'read', file, message: 'unexpected NUL in input' });
  if (ext.status === 'syntax') problems.push({ kind: 'syntax', file, message: 'syntax error in leading comments' });
  if (lines.multipleGoBuild) problems.push({ kind: 'build-constraint', file, message: 'multiple //go:build comments' });
  return {
    goBuild: lines.goBuild,
    plusBuild: lines.plusBuild,
    multipleGoBuild: lines.multipleGoBuild,
    readError: ext.status !== 'ok',
    problems,
  };
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
