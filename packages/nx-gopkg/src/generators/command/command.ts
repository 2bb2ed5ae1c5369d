// nx g nx-gopkg:command <dir>: a Go `package main` with a test, in the module that owns <dir>.
import { formatFiles, logger, type Tree } from '@nx/devkit';
import { newGoPackage } from '../go-code/new-package';
import { normalizeDirectory } from '../go-code/workspace-dirs';
import type { CommandGeneratorSchema } from './schema';

export async function commandGenerator(tree: Tree, options: CommandGeneratorSchema): Promise<void> {
  const created = newGoPackage(tree, { dir: normalizeDirectory(tree, options.directory), kind: 'command' });
  if (created.written.length) logger.info(`Go command ${created.importPath} in ${created.dir}`);
  if (!options.skipFormat) await formatFiles(tree);
}

export default commandGenerator;
