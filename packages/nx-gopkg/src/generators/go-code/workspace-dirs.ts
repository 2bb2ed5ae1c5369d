// Where generated Go code goes: the directory the user named (relative to the directory nx was
// run from, as Nx generators take it), whether go would see a package there, and which
// module owns it. Reads only the Tree, so --dry-run and unit tests see the same answers.
import * as path from 'node:path';
import type { Tree } from '@nx/devkit';
import { parseGoMod } from '../../scan/gomod';

/**
 * Workspace-relative posix directory for the generator's `directory` argument. Like Nx's own
 * generators, a relative path is taken from the current directory when nx runs inside the
 * workspace (`cd libs && nx g nx-gopkg:package util` makes `libs/util`).
 */
export function normalizeDirectory(tree: Tree, directory: string, cwd = process.env.INIT_CWD ?? process.cwd()): string {
  if (!directory || !directory.trim())
    throw new Error('a directory is required, e.g. `nx g nx-gopkg:package libs/greet`');
  const root = path.resolve(tree.root);
  const fromCwd = path.resolve(cwd);
  const base = fromCwd === root || fromCwd.startsWith(root + path.sep) ? fromCwd : root;
  const abs = path.resolve(base, directory.replace(/\\/g, '/'));
  const rel = path.relative(root, abs).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${directory} is outside the workspace (${root})`);
  return rel === '' ? '.' : rel;
}

/** Joins workspace-relative posix paths, '.' being the workspace root. */
export function joinDir(dir: string, ...parts: string[]): string {
  return path.posix.join(dir === '.' ? '' : dir, ...parts) || '.';
}

/** Why go (or nx-gopkg) would not see a package in `dir`, or undefined when it would. */
export function hiddenFromGo(dir: string, skipDirs: readonly string[] = ['node_modules']): string | undefined {
  if (dir === '.') return undefined;
  for (const elem of dir.split('/')) {
    if (elem.startsWith('.') || elem.startsWith('_'))
      return `go ignores directories whose name starts with "${elem[0]}" (${elem})`;
    if (elem === 'testdata') return 'go ignores testdata directories';
    if (skipDirs.includes(elem)) return `nx-gopkg skips ${elem} directories (the skipDirs option)`;
  }
  return undefined;
}

export interface OwningModule {
  /** Workspace-relative directory of the go.mod. */
  dir: string;
  /** The module path from its `module` line. */
  path: string;
  /** Its `go` line, when present. */
  go?: string;
}

/** Reads `<dir>/go.mod` from the tree, or undefined when there is none. Throws on a go.mod without a module line. */
export function readModule(tree: Tree, dir: string): OwningModule | undefined {
  const file = joinDir(dir, 'go.mod');
  if (!tree.exists(file)) return undefined;
  const mod = parseGoMod(tree.read(file, 'utf-8') ?? '', file);
  if (!mod.module) throw new Error(`${file} has no module line`);
  return { dir, path: mod.module, go: mod.go };
}

/** The module whose go.mod is nearest at or above `dir` (go's own rule), or undefined. */
export function findOwningModule(tree: Tree, dir: string): OwningModule | undefined {
  for (let d = dir; ; d = path.posix.dirname(d) === d ? '.' : path.posix.dirname(d)) {
    const mod = readModule(tree, d);
    if (mod) return mod;
    if (d === '.') return undefined;
  }
}

/** The import path of the package in `dir` inside `mod`. */
export function importPathIn(mod: OwningModule, dir: string): string {
  if (dir === mod.dir) return mod.path;
  const rel = mod.dir === '.' ? dir : dir.slice(mod.dir.length + 1);
  return `${mod.path}/${rel}`;
}

/** A `vendor` directory at a module root holds vendored code, not the module's own packages. */
export function inVendor(mod: OwningModule, dir: string): boolean {
  const rel = mod.dir === '.' ? dir : dir.slice(mod.dir.length + 1);
  return rel === 'vendor' || rel.startsWith('vendor/');
}
