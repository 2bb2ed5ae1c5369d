// Options an inferred target leaves out, taken from the project nx-gopkg inferred: the import
// path and module root from the project's `metadata.go`, the package directory from its root.
// Inferred targets carry only what differs between them (the command, outputs, reports), so Nx
// does not store, merge and ship the same values once per target (docs/design.md, "A lean
// configuration"). Options written in project.json or on the command line win.
import type { ProjectConfiguration } from '@nx/devkit';
import type { GoExecutorOptions } from './schema';

/** What a target's options may omit: the executor fills it in from the project. */
export type TargetOptions = Omit<GoExecutorOptions, 'importPath' | 'moduleRoot'> &
  Partial<Pick<GoExecutorOptions, 'importPath' | 'moduleRoot'>>;

interface GoProjectMetadata {
  importPath?: string;
  module?: string;
  moduleRoot?: string;
}

/**
 * The options with the project's defaults filled in, or an error naming what is missing (a
 * hand-written target on a project nx-gopkg did not infer must give importPath and moduleRoot).
 */
export function withProjectDefaults(
  options: TargetOptions,
  project: Pick<ProjectConfiguration, 'root' | 'metadata'> | undefined,
): { options: GoExecutorOptions } | { error: string } {
  const go = (project?.metadata as { go?: GoProjectMetadata } | undefined)?.go ?? {};
  // A module project (module-level targets only) has no package: the module path stands for it.
  const importPath = options.importPath ?? go.importPath ?? go.module;
  const moduleRoot = options.moduleRoot ?? go.moduleRoot;
  if (importPath === undefined || moduleRoot === undefined) {
    return {
      error:
        'nx-gopkg: the target needs importPath and moduleRoot options (or a project that nx-gopkg inferred, whose metadata holds them)',
    };
  }
  const packageDir = options.packageDir ?? project?.root;
  return { options: { ...options, importPath, moduleRoot, ...(packageDir !== undefined ? { packageDir } : {}) } };
}
