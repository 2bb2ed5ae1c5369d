// Finds modules, workspaces and package directories under a root, with the same
// directory rules as `go list ./...` run in each module (cmd/go/internal/search
// MatchDirs, cmd/internal/pkgpattern, modload resolveLocalPackage):
// - trees named `.x`, `_x` or `testdata` are skipped (and so are go.mod files inside them);
// - a directory matched by the module's `ignore` directive is skipped with its subtree;
// - `vendor` directories are never descended into (`./...` does not match vendored
//   packages), though a `vendor` directory holding .go files is itself a package, as in go;
// - a subdirectory with a go.mod starts a new (nested) module;
// - symlinked directories are not followed (the root itself may be a symlink);
// - names in `skipDirs` (default node_modules) are skipped at any depth (go itself walks them).
// Skipped and ignored trees are not searched for nested modules either, except that a
// module named by a go.work `use` is always walked (go treats it as a main module).
// A package directory is one holding a `.go` file whose name does not start with `_` or
// `.`. Whether build constraints exclude every file (go's "no Go files") is left to the
// package layer, which knows the build context.
//
// Problems: unreadable directories, go.work `use` entries without a module, and .go
// files outside any module (one problem per such tree; go would report "not in a module")
// go to `layout.problems`, as do go.work and modules.txt problems. go.mod problems stay in
// `ModuleInfo.goMod.problems` only.
//
// Import paths: module path + '/' + relative dir; for GOROOT's `std` module the relative
// dir alone, without GOROOT/src itself and the `builtin` pseudo-package (as `go list std`).
// A go.mod above `root` is not looked for: directories outside every module under root
// are not packages. A module's go.work is the one whose `use` names its directory,
// preferring the nearest enclosing go.work (the one go finds from the module directory).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseGoMod } from './gomod';
import { checkImportPath } from './module-path';
import { parseGoWork } from './gowork';
import type { GoWorkFile, ModuleInfo, Problem, ProblemKind, WorkspaceLayout } from './types';
import {
  checkVendorConsistency,
  parseVendorModulesTxt,
  vendoringInEffect,
  type ModFlag,
  type VendorModulesTxt,
} from './vendor';

export interface DiscoverOptions {
  /** Directory names skipped at any depth. Default `['node_modules']`. */
  skipDirs?: string[];
  /**
   * GOROOT. A module named `std` gets GOROOT's unprefixed import paths only when it lies
   * in `<goroot>/src` (as in go). Unset: every module named `std` is treated as GOROOT's.
   */
  goroot?: string;
  /** An explicit -mod flag (GOFLAGS), which decides vendoring on its own. */
  modFlag?: ModFlag;
  /**
   * The GOWORK setting: unset or '' finds go.work files as go does, 'off' disables
   * workspace mode, an absolute path names the one go.work in effect.
   */
  gowork?: string;
}

/** Walks `root` once and describes every module, go.work and package under it. Never throws. */
export function discoverWorkspace(root: string, opts: DiscoverOptions = {}): WorkspaceLayout {
  const walker = new Walker(path.resolve(root), opts);
  walker.run();
  return walker.layout;
}

/** The module whose tree is being walked. */
interface ModuleScope {
  info: ModuleInfo;
  /** Import path prefix: the module path, '' for GOROOT's std, undefined when unknown. */
  prefix?: string;
  isStd: boolean;
  ignore: IgnorePatterns;
}

/** What one readdir tells about a directory. */
interface DirListing {
  /** The raw entries, handed to the package scan so it need not read the directory again. */
  entries: fs.Dirent[];
  subdirs: string[];
  hasGoFile: boolean;
  goMod: boolean;
  goWork: boolean;
  goSum: boolean;
}

class Walker {
  readonly layout: WorkspaceLayout;
  private readonly skipDirs: Set<string>;
  private readonly moduleDirs = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly opts: DiscoverOptions,
  ) {
    this.layout = { root, modules: [], workFiles: [], packages: [], problems: [] };
    this.skipDirs = new Set(opts.skipDirs ?? ['node_modules']);
  }

  run(): void {
    try {
      this.visit(this.root, undefined, false);
      if (this.opts.gowork && this.opts.gowork !== 'off') this.explicitWorkFile(path.resolve(this.opts.gowork));
      this.walkExplicitUses();
      this.associateWorkspaces();
      this.applyVendoring();
    } catch (err) {
      // Every expected failure is handled where it happens; this keeps the promise anyway.
      this.problem(this.root, `internal error while scanning: ${(err as Error).stack ?? err}`, 'internal');
    }
  }

  /** Visits `dir`; `outsideReported` is set once .go files outside any module were reported. */
  private visit(dir: string, scope: ModuleScope | undefined, outsideReported: boolean): void {
    const listing = this.list(dir);
    if (!listing) return;
    if (listing.goMod) {
      scope = this.startModule(dir, listing);
      // `ignore ./` (or `.`) matches the module root itself: go then lists nothing in it.
      if (scope.ignore.shouldIgnore('')) return;
    }
    if (listing.goWork) this.readWorkFile(path.join(dir, 'go.work'));
    if (listing.hasGoFile) {
      if (scope) this.addPackage(dir, scope, listing.entries);
      else if (!outsideReported) {
        // Reported once per tree: its subdirectories are still searched for modules.
        this.problem(
          dir,
          'directory has .go files but is not in a module (no go.mod in it or above it under the root); not a package',
        );
        outsideReported = true;
      }
    }
    for (const name of listing.subdirs) {
      const sub = path.join(dir, name);
      if (!this.wantDir(name, sub, scope)) continue;
      if (name === 'vendor') this.visitVendorDir(sub, scope);
      else this.visit(sub, scope, outsideReported);
    }
  }

  /** `vendor` trees hold vendored code, never walked; a vendor dir with .go files is itself a package. */
  private visitVendorDir(dir: string, scope: ModuleScope | undefined): void {
    const listing = this.list(dir);
    if (listing?.hasGoFile && !listing.goMod && scope) this.addPackage(dir, scope, listing.entries);
  }

  private wantDir(name: string, dir: string, scope: ModuleScope | undefined): boolean {
    if (name.startsWith('.') || name.startsWith('_') || name === 'testdata' || this.skipDirs.has(name)) return false;
    return !scope || scope.ignore.isEmpty || !scope.ignore.shouldIgnore(relSlash(scope.info.dir, dir));
  }

  private list(dir: string): DirListing | undefined {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      this.problem(dir, `cannot read directory: ${(err as Error).message}`, 'read');
      return undefined;
    }
    const listing: DirListing = { entries, subdirs: [], hasGoFile: false, goMod: false, goWork: false, goSum: false };
    for (const e of entries) {
      const name = e.name;
      if (e.isDirectory()) {
        listing.subdirs.push(name);
      } else if (name === 'go.mod' || name === 'go.work' || name === 'go.sum') {
        if (isFileEntry(e, dir)) listing[name === 'go.mod' ? 'goMod' : name === 'go.work' ? 'goWork' : 'goSum'] = true;
      } else if (!listing.hasGoFile && isGoSourceName(name) && isFileEntry(e, dir)) {
        listing.hasGoFile = true;
      }
    }
    listing.subdirs.sort();
    return listing;
  }

  private startModule(dir: string, listing: DirListing): ModuleScope {
    const file = path.join(dir, 'go.mod');
    const goMod = parseGoMod(readText(file, this.layout.problems), file);
    const info: ModuleInfo = { dir, goMod };
    if (listing.goSum) info.goSumFile = path.join(dir, 'go.sum');
    this.layout.modules.push(info);
    this.moduleDirs.add(dir);
    const isStd = goMod.module === 'std' && this.inGorootSrc(dir);
    if (!goMod.module) {
      // Kept, not skipped: a commit that breaks go.mod must fail the tasks it touches, with go's
      // own message, rather than leave nothing for `nx affected` to run. The provisional path
      // is go/build's "_" prefix for a directory without an import path: no import can name it.
      goMod.module = provisionalModulePath(relSlash(this.root, dir));
      this.problem(
        file,
        `go.mod has no module path; its packages are kept under ${goMod.module}/… so that their tasks run and fail with go's message until it is fixed`,
        'module-file',
      );
    }
    const prefix = isStd ? '' : goMod.module;
    return { info, prefix, isStd, ignore: new IgnorePatterns(goMod.ignore) };
  }

  private inGorootSrc(dir: string): boolean {
    if (this.opts.goroot === undefined) return true;
    return isInside(path.join(path.resolve(this.opts.goroot), 'src'), dir);
  }

  private addPackage(dir: string, scope: ModuleScope, entries: fs.Dirent[]): void {
    if (scope.prefix === undefined) return;
    const rel = relSlash(scope.info.dir, dir);
    // GOROOT/src is not a package, and "builtin" is a documentation-only pseudo-package.
    if (scope.isStd && (rel === '' || rel === 'builtin')) return;
    const importPath = scope.prefix === '' ? rel : rel === '' ? scope.prefix : `${scope.prefix}/${rel}`;
    this.layout.packages.push({ dir, moduleDir: scope.info.dir, importPath, entries });
    // go still lists such a package (with this error), so it stays in the layout.
    const invalid = checkImportPath(importPath);
    if (invalid) this.problem(dir, invalid, 'import-path');
  }

  private readWorkFile(file: string): void {
    const work = parseGoWork(readText(file, this.layout.problems), file);
    this.layout.workFiles.push(work);
    this.layout.problems.push(...work.problems);
  }

  /** A module named by a go.work `use` is a main module even in a tree the walk skips. */
  private walkExplicitUses(): void {
    // Indexed loop: a module walked here may bring more go.work files.
    for (let i = 0; i < this.layout.workFiles.length; i++) {
      const work = this.layout.workFiles[i];
      if (!this.inEffect(work)) continue;
      for (const use of work.use) {
        const dir = path.resolve(path.dirname(work.file), use);
        if (this.moduleDirs.has(dir)) continue;
        if (!isInside(this.root, dir)) {
          this.problem(work.file, `go.work uses ${use}, which is outside ${this.root}; not scanned`);
        } else if (!fs.existsSync(path.join(dir, 'go.mod'))) {
          this.problem(work.file, `go.work uses ${use}, but ${dir} has no go.mod`);
        } else {
          this.visit(dir, undefined, false);
        }
      }
    }
  }

  /** ModuleInfo.workFile: the go.work using the module, preferring the nearest enclosing one. */
  private associateWorkspaces(): void {
    const gowork = this.opts.gowork;
    const works = this.layout.workFiles.filter((w) => this.inEffect(w));
    const users = new Map<string, GoWorkFile[]>();
    for (const work of works) {
      for (const use of work.use) {
        const dir = path.resolve(path.dirname(work.file), use);
        users.set(dir, [...(users.get(dir) ?? []), work]);
      }
    }
    for (const m of this.layout.modules) {
      const candidates = users.get(m.dir) ?? [];
      // With GOWORK set, go uses that file wherever it runs.
      const enclosing = gowork ? works[0] : nearestEnclosingWork(m.dir, works);
      const chosen = enclosing && candidates.includes(enclosing) ? enclosing : candidates[0];
      if (chosen) m.workFile = chosen.file;
      if (enclosing && !candidates.includes(enclosing) && !gowork) {
        this.problem(
          path.join(m.dir, 'go.mod'),
          `module is inside the workspace ${enclosing.file} but not listed in its use directives; go commands run in it fail unless GOWORK=off`,
        );
      }
    }
  }

  /** Whether go can use this go.work at all under the GOWORK setting. */
  private inEffect(work: GoWorkFile): boolean {
    const gowork = this.opts.gowork;
    return !gowork || (gowork !== 'off' && work.file === path.resolve(gowork));
  }

  /** The go.work named by GOWORK, read if the walk did not meet it. */
  private explicitWorkFile(file: string): GoWorkFile {
    const known = this.layout.workFiles.find((w) => w.file === file);
    if (known) return known;
    this.readWorkFile(file);
    return this.layout.workFiles[this.layout.workFiles.length - 1];
  }

  private applyVendoring(): void {
    const parsed = new Map<string, VendorModulesTxt | undefined>();
    const checked = new Set<string>();
    for (const m of this.layout.modules) {
      const work = m.workFile ? this.layout.workFiles.find((w) => w.file === m.workFile) : undefined;
      const vendorDir = path.join(work ? path.dirname(work.file) : m.dir, 'vendor');
      const modulesTxtFile = path.join(vendorDir, 'modules.txt');
      if (!parsed.has(vendorDir)) parsed.set(vendorDir, this.readModulesTxt(modulesTxtFile));
      const modulesTxt = parsed.get(vendorDir);
      const decision = vendoringInEffect({
        goVersion: work ? work.go : m.goMod.go,
        vendorDirExists: isDirectory(vendorDir),
        modulesTxt,
        workspaceMode: !!work,
        modFlag: this.opts.modFlag,
      });
      if (!decision.vendor) continue;
      m.vendorDir = vendorDir;
      m.vendor = modulesTxt?.modules ?? [];
      if (modulesTxt && !checked.has(vendorDir)) {
        checked.add(vendorDir);
        const mains = work ? this.layout.modules.filter((x) => x.workFile === work.file) : [m];
        this.layout.problems.push(...checkVendorConsistency(modulesTxt, modulesTxtFile, mains, work));
      }
    }
  }

  private readModulesTxt(file: string): VendorModulesTxt | undefined {
    if (!fs.existsSync(file)) return undefined;
    const txt = parseVendorModulesTxt(readText(file, this.layout.problems), file);
    this.layout.problems.push(...txt.problems);
    return txt;
  }

  private problem(file: string, message: string, kind: ProblemKind = 'layout'): void {
    this.layout.problems.push({ kind, file, message });
  }
}

/** The go.work in the module's directory or its nearest ancestor (where go looks for one). */
function nearestEnclosingWork(dir: string, works: GoWorkFile[]): GoWorkFile | undefined {
  let best: GoWorkFile | undefined;
  for (const w of works) {
    const wdir = path.dirname(w.file);
    if (isInside(wdir, dir) && (!best || wdir.length > path.dirname(best.file).length)) best = w;
  }
  return best;
}

/**
 * The go.mod `ignore` directive (cmd/go/internal/search IgnorePatterns): `./x` ignores the
 * path x relative to the module root; a plain `x` ignores any directory whose path
 * contains the element sequence x, at any depth. Each with its whole subtree.
 */
export class IgnorePatterns {
  private readonly relative: string[] = [];
  private readonly anywhere: string[] = [];

  constructor(patterns: string[]) {
    for (const p of patterns) {
      if (p.startsWith('./')) this.relative.push(normalizeIgnorePath(p.slice(2)));
      else this.anywhere.push(normalizeIgnorePath(p));
    }
  }

  get isEmpty(): boolean {
    return this.relative.length === 0 && this.anywhere.length === 0;
  }

  /** `rel` is slash-separated and relative to the module root ('' for the root). */
  shouldIgnore(rel: string): boolean {
    // go compares search.InDir's result, which is "." for the root itself.
    const dir = normalizeIgnorePath(rel === '' ? '.' : rel);
    return this.relative.some((p) => dir.startsWith(p)) || this.anywhere.some((p) => dir.includes(p));
  }
}

function normalizeIgnorePath(p: string): string {
  const slashed = p.replace(/\\/g, '/');
  const lead = slashed.startsWith('/') ? slashed : '/' + slashed;
  return lead.endsWith('/') ? lead : lead + '/';
}

/** go/build ignores files starting with `_` or `.`. */
function isGoSourceName(name: string): boolean {
  return name.endsWith('.go') && !name.startsWith('_') && !name.startsWith('.');
}

/** A regular file, or a symlink to one (go follows file symlinks). Stats only symlinks. */
function isFileEntry(e: fs.Dirent, dir: string): boolean {
  if (e.isFile()) return true;
  if (!e.isSymbolicLink()) return false;
  try {
    return fs.statSync(path.join(dir, e.name)).isFile();
  } catch {
    return false; // broken link: ignored, as go does
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readText(file: string, problems: Problem[]): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    problems.push({ kind: 'read', file, message: `cannot read: ${(err as Error).message}` });
    return '';
  }
}

/** The module path a go.mod without one is kept under ("_" for the workspace root's). */
function provisionalModulePath(relDir: string): string {
  return relDir === '' ? '_' : `_/${relDir}`;
}

function relSlash(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}
