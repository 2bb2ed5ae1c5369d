// The Go workspace as nx-gopkg sees it: modules and packages with workspace-relative paths.
// Built from the scanner's facts; no Nx types here.
import * as path from 'node:path';
import type { GoModFile, GoPackageFacts, GoSumEntry, Problem } from '../scan/types';

export type PackageKind = 'command' | 'library' | 'test-only';

export interface GoModule {
  /** Workspace-relative posix directory ('.' for the workspace root). */
  dir: string;
  /** Module path from go.mod (`std` and `cmd` in GOROOT/src). */
  path: string;
  goMod: GoModFile;
  /** Workspace-relative go.sum, when the file exists. */
  goSum?: string;
  sum: GoSumEntry[];
  /** Workspace-relative go.work that uses this module, if any. */
  workFile?: string;
  /** True when vendor/modules.txt decides where third-party imports come from. */
  vendored: boolean;
  /** Import path → vendored module path (from vendor/modules.txt). */
  vendorPackages: Map<string, { module: string; version: string }>;
}

export interface GoPackage {
  /** Workspace-relative posix directory ('.' for the workspace root). */
  dir: string;
  importPath: string;
  module: GoModule;
  /** Facts in the scanner's configured mode (any-platform by default). */
  facts: GoPackageFacts;
  kind: PackageKind;
}

export interface GoWorkspaceModel {
  root: string;
  modules: GoModule[];
  packages: GoPackage[];
  /** go.work files (workspace-relative) → the module dirs they use. */
  workFiles: Map<string, string[]>;
  problems: Problem[];
}

/** Converts an absolute path under `root` to the workspace-relative posix form Nx uses. */
export function toWorkspacePath(root: string, abs: string): string {
  // The common case, a normalised path below root, without path.relative's work.
  if (abs.startsWith(root) && abs[root.length] === path.sep && !abs.includes(`${path.sep}.`)) {
    const rel = abs.slice(root.length + 1);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  }
  const rel = path.relative(root, abs).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

/** Joins workspace-relative posix paths, treating '.' as the root. */
export function joinWorkspacePath(dir: string, ...parts: string[]): string {
  return path.posix.join(dir === '.' ? '' : dir, ...parts) || '.';
}

/**
 * .go files of the directory that go cannot use: invalid ones, and ones with a problem that
 * stops go from listing any file (an unparsable //go:build line, say).
 */
function brokenGoFiles(facts: GoPackageFacts): Set<string> {
  const broken = new Set(facts.invalidGoFiles ?? []);
  for (const p of facts.problems) {
    if (p.file.endsWith('.go') && path.dirname(p.file) === facts.dir) broken.add(path.basename(p.file));
  }
  return broken;
}

/** Non-test files go would compile; a broken file still counts (go build reports it). */
function sourceFileCount(facts: GoPackageFacts): number {
  const broken = [...brokenGoFiles(facts)].filter((name) => !name.endsWith('_test.go'));
  return facts.goFiles.length + facts.cgoFiles.length + broken.length;
}

export function packageKind(facts: GoPackageFacts): PackageKind {
  if (facts.name === 'main') return 'command';
  return sourceFileCount(facts) === 0 ? 'test-only' : 'library';
}

/**
 * A directory is a Go package when some platform compiles a file of it (go list's NoGoError
 * otherwise), or when it holds a file go cannot use: that package becomes a project so that its
 * go-build fails with go's own message instead of the package silently disappearing.
 */
export function isPackage(facts: GoPackageFacts): boolean {
  return sourceFileCount(facts) + facts.testGoFiles.length + facts.xTestGoFiles.length + brokenGoFiles(facts).size > 0;
}
