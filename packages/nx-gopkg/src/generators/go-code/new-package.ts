// A new Go package (library or command) with a test, in the module that owns its directory.
// Shared by nx-gopkg:package and nx-gopkg:command; idempotent (files that exist are left as they are).
import * as path from 'node:path';
import { logger, type Tree } from '@nx/devkit';
import { PLUGIN_NAME } from '../init/init';
import {
  commandSource,
  commandTestSource,
  defaultPackageName,
  librarySource,
  libraryTestSource,
  packageClause,
  packageNameProblem,
} from './go-source';
import { pluginOptions } from './plugin-options';
import { findOwningModule, hiddenFromGo, importPathIn, inVendor, joinDir } from './workspace-dirs';
import { writeNew } from './write-new';

export interface NewPackageOptions {
  /** Workspace-relative directory (from normalizeDirectory). */
  dir: string;
  /** Package name of a library (default: from the directory). */
  name?: string;
  kind: 'library' | 'command';
}

export interface NewPackage {
  dir: string;
  importPath: string;
  packageName: string;
  /** Files written by this run (empty on a re-run). */
  written: string[];
}

export function newGoPackage(tree: Tree, options: NewPackageOptions): NewPackage {
  const dir = options.dir;
  const generator = `${PLUGIN_NAME}:${options.kind === 'command' ? 'command' : 'package'}`;
  const hidden = hiddenFromGo(dir, pluginOptions(tree).skipDirs);
  if (hidden) throw new Error(`${generator}: cannot create a package in ${dir}: ${hidden}`);
  const mod = findOwningModule(tree, dir);
  if (!mod) {
    throw new Error(
      `${generator}: no go.mod at or above ${dir}. Create the module first: nx g ${PLUGIN_NAME}:module <dir> --module <module path>`,
    );
  }
  if (inVendor(mod, dir)) throw new Error(`${generator}: ${dir} is inside the vendor directory of module ${mod.path}`);

  const packageName = options.kind === 'command' ? 'main' : (options.name ?? defaultPackageName(dir));
  if (options.kind === 'library') {
    const problem = packageNameProblem(packageName);
    if (problem) throw new Error(`${generator}: ${problem}; choose a package name with --name`);
  }
  // Go files already there must be of the same package, or go would refuse the directory.
  for (const child of tree.exists(dir) ? tree.children(dir) : []) {
    const file = joinDir(dir, child);
    if (!child.endsWith('.go') || !tree.isFile(file)) continue;
    const clause = packageClause(tree.read(file, 'utf-8') ?? '');
    const allowed = child.endsWith('_test.go') ? [packageName, `${packageName}_test`] : [packageName];
    if (clause && !allowed.includes(clause)) {
      throw new Error(
        `${generator}: ${dir} already holds package ${clause} (${file}); a directory holds one Go package`,
      );
    }
  }

  const files: [string, string][] =
    options.kind === 'command'
      ? [
          ['main.go', commandSource(path.posix.basename(dir === '.' ? tree.root : dir))],
          ['main_test.go', commandTestSource()],
        ]
      : [
          [`${packageName}.go`, librarySource(packageName)],
          [`${packageName}_test.go`, libraryTestSource(packageName)],
        ];
  const written = files
    .map(([name, text]) => [joinDir(dir, name), text] as const)
    .filter(([file, text]) => writeNew(tree, file, text));
  const importPath = importPathIn(mod, dir);
  if (written.length === 0) logger.info(`${generator}: ${importPath} already exists in ${dir}; nothing to do`);
  return { dir, importPath, packageName, written: written.map(([file]) => file) };
}
