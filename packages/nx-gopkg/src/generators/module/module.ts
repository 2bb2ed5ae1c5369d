// nx g nx-gopkg:module <dir> --module <path>: a go.mod (and, unless --skipPackage, a root library
// package with a test), joined to the Go workspace: a `use` in the governing go.work, or a new
// go.work when this is the second module. Re-running with the same arguments changes nothing.
import { formatFiles, logger, type Tree } from '@nx/devkit';
import { GO_VERSION_RE } from '../../scan/gomod';
import { checkImportPath, pathMajor } from '../../scan/module-path';
import { parseGoWork } from '../../scan/gowork';
import { addModuleToGoWork, findGoWork, otherModules } from '../go-code/go-work';
import { defaultPackageName, goModSource } from '../go-code/go-source';
import { newGoPackage } from '../go-code/new-package';
import { pluginOptions } from '../go-code/plugin-options';
import { findOwningModule, hiddenFromGo, joinDir, normalizeDirectory, readModule } from '../go-code/workspace-dirs';
import { writeNew } from '../go-code/write-new';
import { checkGo, PLUGIN_NAME, type GoChecker } from '../init/init';
import type { ModuleGeneratorSchema } from './schema';

const GENERATOR = `${PLUGIN_NAME}:module`;

/** The go line: as asked, else the governing go.work's, else the enclosing or another module's, else the toolchain's. */
function goVersionFor(
  tree: Tree,
  dir: string,
  options: ModuleGeneratorSchema,
  skipDirs: string[],
  goChecker: GoChecker,
): string {
  if (options.goVersion) {
    const v = options.goVersion.replace(/^go/, '');
    if (!GO_VERSION_RE.test(v))
      throw new Error(`${GENERATOR}: --goVersion ${options.goVersion} is not a Go version (e.g. 1.24 or 1.24.3)`);
    return v;
  }
  const work = findGoWork(tree, dir);
  const fromWork = work ? parseGoWork(tree.read(work, 'utf-8') ?? '', work).go : undefined;
  if (fromWork) return fromWork;
  const parent = dir === '.' ? undefined : findOwningModule(tree, dir);
  const fromModule = parent?.go ?? otherModules(tree, dir, skipDirs).find((m) => m.go)?.go;
  if (fromModule) return fromModule;
  const go = goChecker(tree.root);
  const version = go.found ? /^go(\d+\.\d+(?:\.\d+)?)/.exec(go.version)?.[1] : undefined;
  if (!version)
    throw new Error(
      `${GENERATOR}: cannot tell which Go version to write (${go.found ? go.version : go.reason}); pass --goVersion`,
    );
  return version;
}

export async function moduleGenerator(
  tree: Tree,
  options: ModuleGeneratorSchema,
  goChecker: GoChecker = checkGo,
): Promise<void> {
  const dir = normalizeDirectory(tree, options.directory);
  const { skipDirs } = pluginOptions(tree);
  const hidden = hiddenFromGo(dir, skipDirs);
  if (hidden) throw new Error(`${GENERATOR}: cannot create a module in ${dir}: ${hidden}`);
  const modulePath = (options.module ?? '').trim();
  const bad =
    checkImportPath(modulePath) ??
    (pathMajor(modulePath) === undefined ? `invalid major version suffix in ${modulePath}` : undefined);
  if (bad) throw new Error(`${GENERATOR}: --module: ${bad}`);

  const existing = readModule(tree, dir);
  if (existing && existing.path !== modulePath) {
    throw new Error(
      `${GENERATOR}: ${joinDir(dir, 'go.mod')} already declares module ${existing.path}, not ${modulePath}`,
    );
  }
  const goVersion = existing?.go ?? goVersionFor(tree, dir, options, skipDirs, goChecker);
  if (writeNew(tree, joinDir(dir, 'go.mod'), goModSource(modulePath, goVersion))) {
    logger.info(`Go module ${modulePath} in ${dir} (go ${goVersion})`);
  }

  if (!options.skipPackage) {
    newGoPackage(tree, { dir, name: options.name ?? defaultPackageName(modulePath), kind: 'library' });
  }

  const work = addModuleToGoWork(tree, dir, goVersion, skipDirs);
  if (work.kind === 'added') logger.info(`${work.file}: use ${dir}`);
  else if (work.kind === 'created') logger.info(`${work.file}: a Go workspace of ${work.modules.join(', ')}`);
  else if (work.kind === 'none' && work.otherModules > 1) {
    logger.info(`${GENERATOR}: the workspace has ${work.otherModules} other modules and no go.work; none was created`);
  }

  if (!options.skipFormat) await formatFiles(tree);
}

export default moduleGenerator;
