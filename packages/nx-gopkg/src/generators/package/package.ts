// nx g nx-gopkg:package <dir>: a Go library package with a test, in the module that owns <dir>.
import { formatFiles, logger, type Tree } from '@nx/devkit';
import { newGoPackage } from '../go-code/new-package';
import { normalizeDirectory } from '../go-code/workspace-dirs';
import type { PackageGeneratorSchema } from './schema';

export async function packageGenerator(tree: Tree, options: PackageGeneratorSchema): Promise<void> {
  const created = newGoPackage(tree, {
    dir: normalizeDirectory(tree, options.directory),
    name: options.name,
    kind: 'library',
  });
  if (created.written.length)
    logger.info(`Go package ${created.importPath} (package ${created.packageName}) in ${created.dir}`);
  if (!options.skipFormat) await formatFiles(tree);
}

export default packageGenerator;
