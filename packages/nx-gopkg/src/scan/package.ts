// Assembles one package directory into GoPackageFacts like go/build's Import: every file
// classified (match-file.ts), package name consistency, test vs external test files, imports
// and embeds per group, then embed patterns resolved (embed.ts). Never throws.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoFileHeader, GoPackageFacts, Position, Problem, ScanMode } from './types';
import { CommentHeader, readCommentHeader, readGoFileHeader } from './header-reader';
import { FileReaders, cgoConditionHolds, classifyFile, fileExt, tagEvaluator } from './match-file';
import { cgoDirectiveProblem } from './cgo-directives';
import { resolveEmbeds } from './embed';
import { NEWEST_KNOWN_GO } from './go-release';
import { compiledBy, realBuilds, someBuild, someBuildOfBoth } from './real-builds';

export interface ScanOptions {
  /** Reads a .go file's header; inject a cache here. Defaults to readGoFileHeader. */
  readHeader?: (absFile: string) => GoFileHeader;
  /** Reads a non-Go source file's leading comments. Defaults to readCommentHeader. */
  readCommentHeader?: (absFile: string) => CommentHeader;
  /**
   * The directory's entries when the caller has already read them (the workspace walk
   * has): saves a second readdir per package. Must be `readdirSync(dir, { withFileTypes: true })`.
   */
  entries?: readonly fs.Dirent[];
}

type Group = 'lib' | 'test' | 'xtest';

/** Imports and embeds of one group (package, in-package tests, external tests). */
class GroupFacts {
  // Maps, not records: import paths as object keys make slow dictionary-mode objects. Made on
  // first use, as most packages have no external tests and no embeds. Each keeps the first
  // position only: the graph needs one, and over GOROOT a list per import was half of the
  // memory the facts held.
  private imports: Map<string, Position> | undefined;
  private embeds: Map<string, Position> | undefined;

  add(file: string, h: GoFileHeader): void {
    if (h.imports.length > 0) {
      const imports = (this.imports ??= new Map());
      for (const imp of h.imports) if (!imports.has(imp.path)) imports.set(imp.path, { file, line: imp.line });
    }
    if (!h.importsEmbed || h.embeds.length === 0) return; // //go:embed counts only in files importing "embed"
    const embeds = (this.embeds ??= new Map());
    for (const e of h.embeds) if (!embeds.has(e.pattern)) embeds.set(e.pattern, { file, line: e.line });
  }

  importList(): string[] {
    return this.imports ? [...this.imports.keys()].sort() : [];
  }

  // Handed over as is: a record keyed by import paths would be a dictionary-mode object.
  importPos(): ReadonlyMap<string, Position> {
    return this.imports ?? NO_POSITIONS;
  }

  patterns(): string[] {
    return this.embeds ? [...this.embeds.keys()].sort() : [];
  }

  firstEmbedPos(pattern: string): Position {
    return this.embeds!.get(pattern)!;
  }
}

// Names are sorted with sort()'s default order, UTF-16 code units: Go sorts bytewise (code
// point order), which differs only past U+FFFF. No comparator function: fewer calls into
// JavaScript from the sort.

const NO_POSITIONS: ReadonlyMap<string, Position> = new Map();

function emptyFacts(dir: string): GoPackageFacts {
  return {
    dir,
    name: '',
    goFiles: [],
    cgoFiles: [],
    ignoredGoFiles: [],
    ignoredOtherFiles: [],
    testGoFiles: [],
    xTestGoFiles: [],
    cFiles: [],
    cxxFiles: [],
    mFiles: [],
    hFiles: [],
    fFiles: [],
    sFiles: [],
    swigFiles: [],
    swigCXXFiles: [],
    sysoFiles: [],
    imports: [],
    testImports: [],
    xTestImports: [],
    importPos: NO_POSITIONS,
    testImportPos: NO_POSITIONS,
    xTestImportPos: NO_POSITIONS,
    embedPatterns: [],
    embedFiles: [],
    testEmbedPatterns: [],
    testEmbedFiles: [],
    xTestEmbedPatterns: [],
    xTestEmbedFiles: [],
    invalidGoFiles: [],
    testdataFiles: [],
    problems: [],
  };
}

/** What scanPackageDir needs of a directory listing. */
interface DirFiles {
  /** Entries that can be package files, sorted like Go's ReadDir. */
  names: string[];
  /** Whether `testdata` may be a directory (readdir follows a symlink, so links count). */
  testdata: boolean;
}

function listFiles(dir: string, given: readonly fs.Dirent[] | undefined): DirFiles | undefined {
  let entries = given;
  if (!entries) {
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
  }
  const names: string[] = [];
  let testdata = false;
  for (const d of entries) {
    const name = d.name;
    if (name === 'testdata' && (d.isDirectory() || d.isSymbolicLink())) testdata = true;
    if (d.isDirectory()) continue;
    if (d.isSymbolicLink() && isDirectory(path.join(dir, name))) continue; // links to dirs are not files
    names.push(name);
  }
  return { names: names.sort(), testdata };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/**
 * What path.join(dir, name) puts before a plain name. A normal absolute POSIX dir (the walk's
 * are) is used as it is: path.join's normalizing loop runs in JavaScript, character by character.
 */
export function filePrefix(dir: string): string {
  return path.sep === '/' && NORMAL_ABSOLUTE.test(dir) ? dir + '/' : path.join(dir, 'x').slice(0, -1);
}
/** `/` then segments that are neither empty, `.` nor `..`. */
const NORMAL_ABSOLUTE = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

/**
 * Scans one directory as a Go package for a mode. Returns undefined when the directory holds
 * no .go file at all (or cannot be read).
 */
export function scanPackageDir(dir: string, mode: ScanMode, opts: ScanOptions = {}): GoPackageFacts | undefined {
  const listing = listFiles(dir, opts.entries);
  if (!listing || !listing.names.some((n) => n.endsWith('.go'))) return undefined;
  const names = listing.names;
  const prefix = filePrefix(dir);
  const readHeader = opts.readHeader ?? readGoFileHeader;
  const readComments = opts.readCommentHeader ?? readCommentHeader;
  const cgoEnabled = mode.kind === 'anyPlatform' || mode.context.cgoEnabled;
  const ev = tagEvaluator(mode);
  const p = emptyFacts(dir);
  const groups: Record<Group, GroupFacts> = { lib: new GroupFacts(), test: new GroupFacts(), xtest: new GroupFacts() };
  const upperS: string[] = []; // .S/.sx: assembled by the C compiler, so only kept with cgo
  let firstFile = '';
  const invalid = new Set<string>();
  const badFile = (name: string, problems: Problem[]) => {
    if (!invalid.has(name)) p.invalidGoFiles!.push(name);
    invalid.add(name);
    p.problems.push(...problems.map((pr) => ({ ...pr, file: path.resolve(dir, pr.file) })));
  };

  let aborted = false;
  const anyPlatform = mode.kind === 'anyPlatform';
  const named: NamedFile[] = [];
  let mismatched = false;
  // One readers object for the whole loop (classifyFile calls it synchronously), not one per file.
  let abs = '';
  const readers: FileReaders = { goHeader: () => readHeader(abs), commentHeader: () => readComments(abs) };
  for (const name of names) {
    abs = prefix + name;
    const d = classifyFile(name, ev, readers);
    if (d.kind === 'abort') {
      // go list stops here: what was read so far stays, imports and embeds are never filled.
      if (d.invalid) badFile(name, d.invalid);
      // The file of a bad //go:build problem is the bare name when the header had no other problem.
      p.problems.push(
        ...d.problems.map((pr) => ({ ...pr, file: path.resolve(dir, pr.file), message: `${name}: ${pr.message}` })),
      );
      aborted = true;
      break;
    }
    switch (d.kind) {
      case 'skip':
        continue;
      case 'ignored':
        if (d.invalid) badFile(name, d.invalid);
        p[d.list].push(name);
        continue;
      case 'invalid':
        badFile(name, d.problems);
        continue;
      case 'other':
        if (fileExt(name) === '.S' || fileExt(name) === '.sx') upperS.push(name);
        else p[d.list].push(name);
        continue;
    }
    const h = d.header;
    if (h.parseError) badFile(name, h.problems); // still listed, without imports
    let pkg = h.packageName;
    if (pkg === 'documentation') {
      p.ignoredGoFiles.push(name);
      continue;
    }
    const isTest = name.endsWith('_test.go');
    const isXTest = isTest && pkg.endsWith('_test') && p.name !== pkg;
    if (isXTest) pkg = pkg.slice(0, -'_test'.length);
    if (anyPlatform) named.push({ name, pkg, abs, header: h });
    if (p.name === '') {
      p.name = pkg;
      firstFile = name;
    } else if (pkg !== p.name) {
      if (anyPlatform)
        mismatched = true; // decided once every file is read (resolveNames)
      else
        badFile(name, [
          {
            file: abs,
            line: h.packageLine || undefined,
            message: `found packages ${p.name} (${firstFile}) and ${pkg} (${name}) in ${dir}`,
            kind: 'package-name',
          },
        ]);
    }
    let isCgo = false;
    if (h.importsC) {
      if (isTest) badFile(name, [{ kind: 'cgo', file: abs, message: `use of cgo in test ${abs} not supported` }]);
      else isCgo = true;
    }
    if (h.cgoPreamble !== undefined) {
      // Checked whether or not cgo is on, and in test files too, as go list does.
      const why = cgoDirectiveProblem(h.cgoPreamble, dir, (cond) => cgoConditionHolds(cond, ev));
      if (why) badFile(name, [{ kind: 'cgo', file: abs, message: why }]);
    }
    if (isCgo && !cgoEnabled) {
      p.ignoredGoFiles.push(name); // its imports and embeds do not count either
      continue;
    }
    const group: Group = isCgo ? 'lib' : isXTest ? 'xtest' : isTest ? 'test' : 'lib';
    const list = isCgo ? p.cgoFiles : isXTest ? p.xTestGoFiles : isTest ? p.testGoFiles : p.goFiles;
    list.push(name);
    groups[group].add(abs, h);
  }

  if (aborted) {
    if (!cgoEnabled) dropCgoSources(p);
    if (listing.testdata) lazyTestdata(p);
    return p;
  }
  if (mismatched && mode.kind === 'anyPlatform') resolveNames(p, named, mode, badFile);
  if (!cgoEnabled) dropCgoSources(p);
  if (p.cgoFiles.length > 0) p.sFiles = [...p.sFiles, ...upperS].sort();
  else p.ignoredOtherFiles = [...p.ignoredOtherFiles, ...upperS].sort();
  fillGroups(p, groups);
  if (listing.testdata) lazyTestdata(p);
  return p;
}

/** A .go file that takes part in the package-name check, with its name after the _test cut. */
interface NamedFile {
  name: string;
  pkg: string;
  abs: string;
  header: GoFileHeader;
}

/**
 * Package names in the any-platform mode, where files no single build compiles together meet
 * (a `//go:build tools` file beside the library, a `//go:build none` generator's package main):
 * the package is named by the first file some real build compiles, and a file with another
 * name is a conflict only when a real build compiles it beside a file of that name (real-builds.ts).
 * The other files stay in their lists: they are inputs, and their imports edges.
 */
function resolveNames(
  p: GoPackageFacts,
  named: NamedFile[],
  mode: Extract<ScanMode, { kind: 'anyPlatform' }>,
  badFile: (name: string, problems: Problem[]) => void,
): void {
  const builds = realBuilds(mode.tags ?? [], mode.goVersion ?? NEWEST_KNOWN_GO);
  const memo = new Map<NamedFile, boolean[]>();
  const compiled = (f: NamedFile) => memo.get(f) ?? memo.set(f, compiledBy(builds, f.name, f.header)).get(f)!;
  const chosen = named.find((f) => someBuild(compiled(f)))?.pkg ?? p.name;
  p.name = chosen;
  for (const f of named) {
    if (f.pkg === chosen) continue;
    const partner = named.find((g) => g.pkg === chosen && someBuildOfBoth(compiled(f), compiled(g)));
    if (!partner) continue;
    badFile(f.name, [
      {
        file: f.abs,
        line: f.header.packageLine || undefined,
        message: `found packages ${chosen} (${partner.name}) and ${f.pkg} (${f.name}) in ${p.dir}`,
        kind: 'package-name',
      },
    ]);
  }
}

/** Without cgo, cmd/go drops the C-side sources (.S, .h, .f and .syso may still serve Go). */
function dropCgoSources(p: GoPackageFacts): void {
  p.cFiles = [];
  p.cxxFiles = [];
  p.mFiles = [];
  p.swigFiles = [];
  p.swigCXXFiles = [];
}

function fillGroups(p: GoPackageFacts, g: Record<Group, GroupFacts>): void {
  [p.imports, p.importPos] = [g.lib.importList(), g.lib.importPos()];
  [p.testImports, p.testImportPos] = [g.test.importList(), g.test.importPos()];
  [p.xTestImports, p.xTestImportPos] = [g.xtest.importList(), g.xtest.importPos()];
  p.embedPatterns = g.lib.patterns();
  p.testEmbedPatterns = g.test.patterns();
  p.xTestEmbedPatterns = g.xtest.patterns();
  p.embedFiles = embedFilesOf(p, g.lib);
  p.testEmbedFiles = embedFilesOf(p, g.test);
  p.xTestEmbedFiles = embedFilesOf(p, g.xtest);
}

function embedFilesOf(p: GoPackageFacts, g: GroupFacts): string[] {
  const patterns = g.patterns();
  if (patterns.length === 0) return [];
  const first = Object.fromEntries(patterns.map((pat) => [pat, g.firstEmbedPos(pat)]));
  const r = resolveEmbeds(p.dir, patterns, first);
  p.problems.push(...r.problems);
  return r.files;
}

/**
 * testdataFiles listed on first read: the graph does not use it, and testdata trees can be
 * large (GOROOT's hold a third of its directories).
 */
function lazyTestdata(p: GoPackageFacts): void {
  Object.defineProperty(p, 'testdataFiles', {
    configurable: true,
    enumerable: true,
    get() {
      const files = listTree(path.join(p.dir, 'testdata'), 'testdata');
      Object.defineProperty(p, 'testdataFiles', { value: files, writable: true, configurable: true, enumerable: true });
      return files;
    },
    set(files: string[]) {
      Object.defineProperty(p, 'testdataFiles', { value: files, writable: true, configurable: true, enumerable: true });
    },
  });
}

/** Every file below `abs` (symlinked dirs not followed), relative paths with '/'. */
function listTree(abs: string, rel: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const d of entries) {
    if (d.isDirectory()) out.push(...listTree(path.join(abs, d.name), `${rel}/${d.name}`));
    else out.push(`${rel}/${d.name}`);
  }
  return out.sort();
}
