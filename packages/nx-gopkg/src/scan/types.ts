// The facts the scanner produces. Pure data: no Nx types, nothing that throws.
// Field names follow `go list -json` (camelCased) so the oracle tests compare them directly.
import type { Dirent } from 'node:fs';

/** Where a problem or an import was found. `file` is absolute; `line` is 1-based. */
export interface Position {
  file: string;
  line: number;
}

/**
 * What went wrong, so that callers decide by kind and never by message text (go/build's typed
 * errors: MultiplePackageError, NoGoError, …).
 */
export type ProblemKind =
  /** A file or directory that cannot be read (I/O error, NUL byte in a header). */
  | 'read'
  /** Go source go/parser rejects, or leading comments go/build cannot lex. */
  | 'syntax'
  /** An import path go/build rejects (invalid characters, empty, ...). */
  | 'import-path'
  /** A //go:build line that does not parse, or more than one of them. */
  | 'build-constraint'
  /** Files of two packages in one directory (go/build's MultiplePackageError). */
  | 'package-name'
  /** cgo in a test file, or a #cgo directive go rejects. */
  | 'cgo'
  /** A //go:embed pattern go rejects as syntax: no file can fix it. */
  | 'embed-pattern'
  /** A //go:embed pattern that matches no embeddable file (yet). */
  | 'embed-match'
  /** A match go refuses to embed: invalid name, another module, an irregular file. */
  | 'embed-file'
  /** go.mod, go.work, go.sum or vendor/modules.txt text that does not parse or is inconsistent. */
  | 'module-file'
  /** Where the walk found Go code it cannot place: outside a module, a go.work use outside the root. */
  | 'layout'
  /** An import that no workspace package or required module provides. */
  | 'unresolved-import'
  /** Two packages that would get the same Nx project name. */
  | 'project-name'
  /** Go files Nx does not track (.gitignore/.nxignore), so it cannot hash them. */
  | 'untracked'
  /** A bug in nx-gopkg, caught so that graph creation goes on. */
  | 'internal';

/** A problem found while scanning, reported like `go list -e` reports errors: as data. */
export interface Problem {
  kind: ProblemKind;
  file: string;
  line?: number;
  /** go's own text where go reports the same problem. */
  message: string;
  /** The //go:embed pattern of an embed-* problem. */
  pattern?: string;
}

/** One platform and tag set, as a single `go build` sees it (scanner mode a). */
export interface BuildContext {
  goos: string;
  goarch: string;
  cgoEnabled: boolean;
  /** Extra build tags, as given to `-tags`. */
  tags: string[];
  /** Tags the toolchain itself sets (`go list -f '{{context.ToolTags}}'`, e.g. goamd64.v1). */
  toolTags: string[];
  /** Release tags go1.1 … go1.N are satisfied up to this Go version ("1.26"). */
  goVersion: string;
}

/**
 * How file selection is decided.
 * - `anyPlatform` (default, mode b): `go mod tidy` semantics. Every tag is satisfied except
 *   `ignore`, every GOOS/GOARCH file-name suffix is accepted. A superset of every platform.
 *   Release tags (go1.N) are the exception: the toolchain fixes them, so they hold up to
 *   `goVersion` (the installed go's, or the newest nx-gopkg knows) and never beyond.
 * - `context` (mode a): exactly what `go list` reports for one BuildContext.
 */
export type ScanMode =
  { kind: 'anyPlatform'; tags?: string[]; goVersion?: string } | { kind: 'context'; context: BuildContext };

/** What the header reader extracts from one `.go` file (go/build's read.go, in TypeScript). */
export interface GoFileHeader {
  /** Package name from the package clause, '' when missing or unreadable. */
  packageName: string;
  /** 1-based line of the package clause (0 when missing). */
  packageLine: number;
  /** The `//go:build` expression text (without the prefix), if any, before the package clause. */
  goBuild?: string;
  /** `// +build` lines (without the prefix), used only when there is no `//go:build`. */
  plusBuild: readonly string[];
  imports: { path: string; line: number }[];
  /** True when the file imports "C" (a cgo file). */
  importsC: boolean;
  /** True when the file imports "embed" (only then `//go:embed` counts). */
  importsEmbed: boolean;
  /** `//go:embed` patterns, in order, with their lines (pattern text already unquoted/split). */
  embeds: { pattern: string; line: number }[];
  /** Syntax problems found while reading the header. The reader never throws. */
  problems: Problem[];
  /**
   * go/parser rejects the package clause or imports (or an import path is invalid): go list
   * still lists the file (and InvalidGoFiles) but takes no imports or embeds from it.
   */
  parseError?: boolean;
  /** go/build cannot read the file (NUL byte in the header, I/O error): it is in no list but InvalidGoFiles. */
  readError?: boolean;
  /** More than one `//go:build` line: go/build rejects the file (InvalidGoFiles). */
  multipleGoBuild?: boolean;
  /**
   * Text of the comments above the `import "C"` declarations (cgo preambles), comment markers
   * removed, joined by newlines: their `#cgo` lines are checked as go list checks them.
   */
  cgoPreamble?: string;
}

/** A Go package directory, as `go list -e -json` would describe it. */
export interface GoPackageFacts {
  /** Absolute directory. */
  dir: string;
  /** Package name ('' when no file could be read). */
  name: string;
  goFiles: string[];
  cgoFiles: string[];
  ignoredGoFiles: string[];
  ignoredOtherFiles: string[];
  testGoFiles: string[];
  xTestGoFiles: string[];
  cFiles: string[];
  cxxFiles: string[];
  mFiles: string[];
  hFiles: string[];
  fFiles: string[];
  sFiles: string[];
  swigFiles: string[];
  swigCXXFiles: string[];
  sysoFiles: string[];
  /** Import paths exactly as written in the source (not vendor-resolved), sorted, unique. */
  imports: string[];
  testImports: string[];
  xTestImports: string[];
  /**
   * Where each import path is first written (for Nx `sourceFile`): go list's ImportPos[path][0],
   * the first file in name order that imports it. A Map: cheap for thousands of packages.
   */
  importPos: ReadonlyMap<string, Position>;
  testImportPos: ReadonlyMap<string, Position>;
  xTestImportPos: ReadonlyMap<string, Position>;
  embedPatterns: string[];
  /** Files matched by the patterns, relative to `dir`, sorted. */
  embedFiles: string[];
  testEmbedPatterns: string[];
  testEmbedFiles: string[];
  xTestEmbedPatterns: string[];
  xTestEmbedFiles: string[];
  /** .go files go/build could not use (parse or read errors, bad constraints), like go list's InvalidGoFiles. */
  invalidGoFiles?: string[];
  /** Every file under `dir/testdata`, relative to `dir`, sorted (test inputs); listed on first read. */
  testdataFiles: string[];
  problems: Problem[];
}

/** A module version reference (`path` alone for a local-directory replacement). */
export interface ModuleVersion {
  path: string;
  version?: string;
}

/** A parsed `go.mod`. Unknown or malformed lines become problems, never exceptions. */
export interface GoModFile {
  /** Absolute path of the go.mod file. */
  file: string;
  module: string;
  go?: string;
  toolchain?: string;
  require: { path: string; version: string; indirect: boolean; line: number }[];
  replace: { old: ModuleVersion; new: ModuleVersion; line: number }[];
  exclude: ModuleVersion[];
  retract: string[];
  /** The same retractions as intervals (`low === high` for one version), with their rationale comment. */
  retractIntervals?: { low: string; high: string; rationale: string }[];
  /** Text of a `// Deprecated:` paragraph in the comments on the module directive. */
  deprecated?: string;
  godebug: { key: string; value: string }[];
  tool: string[];
  /** Go 1.25 `ignore` directive: directories (relative to the module root) that `./...` skips. */
  ignore: string[];
  problems: Problem[];
}

/** A parsed `go.work`. */
export interface GoWorkFile {
  file: string;
  go?: string;
  toolchain?: string;
  /** Directories named by `use`, as written (relative to the go.work directory or absolute). */
  use: string[];
  replace: { old: ModuleVersion; new: ModuleVersion; line: number }[];
  godebug: { key: string; value: string }[];
  problems: Problem[];
}

/** One line of go.sum: `<module> <version>[/go.mod] <hash>`. */
export interface GoSumEntry {
  module: string;
  version: string;
  /** True for the `/go.mod` hash line. */
  goMod: boolean;
  hash: string;
}

/** `vendor/modules.txt`: which vendored module provides which packages. */
export interface VendorModule {
  path: string;
  version: string;
  replacement?: ModuleVersion;
  explicit: boolean;
  packages: string[];
  /** `## go 1.x` annotation: the vendored module's go version. */
  goVersion?: string;
}

/** A module found in the workspace. */
export interface ModuleInfo {
  /** Absolute module root directory. */
  dir: string;
  goMod: GoModFile;
  /** Absolute path of go.sum when it exists. */
  goSumFile?: string;
  /** Parsed vendor/modules.txt when vendoring is in effect for this module. */
  vendor?: VendorModule[];
  /** Absolute vendor directory in effect (the module's, or the workspace's in workspace mode). */
  vendorDir?: string;
  /** Absolute path of the go.work that uses this module, if any. */
  workFile?: string;
}

/** A package directory found by the walk, with its module and import path. */
interface PackageLocation {
  /** Absolute directory. */
  dir: string;
  /** Absolute root of the owning (innermost) module. */
  moduleDir: string;
  /** Import path: module path + relative dir; for GOROOT's `std` module the relative dir alone. */
  importPath: string;
  /** The walk's readdir of `dir`, for scanPackageDir's `entries` (one readdir per directory). */
  entries?: readonly Dirent[];
}

/** Everything the walk found under a workspace root. */
export interface WorkspaceLayout {
  root: string;
  modules: ModuleInfo[];
  workFiles: GoWorkFile[];
  packages: PackageLocation[];
  problems: Problem[];
}
