// createDependencies: a static edge for every production import between workspace packages
// and to third-party modules, with the importing file as sourceFile. Each edge is validated
// here, because a malformed one makes Nx fail deep inside its graph builder.
// Nx functions come from their own modules, not @nx/devkit's index (docs/design.md: the warm path).
import type { CreateDependencies } from 'nx/src/project-graph/plugins/public-api';
import { DependencyType } from 'nx/src/config/project-graph';
import { RawProjectGraphDependency, validateDependency } from 'nx/src/project-graph/project-graph-builder';
import { logger } from 'nx/src/utils/logger';
import { normalizeOptions, GopkgPluginOptions } from './options';
import { sharedInputsInNxJson } from './shared-inputs';
import { goGraphOrNothing } from './workspace-state';

export const createDependencies: CreateDependencies<GopkgPluginOptions> = async (rawOptions, context) => {
  const graph = await goGraphOrNothing(
    context.workspaceRoot,
    normalizeOptions(rawOptions),
    sharedInputsInNxJson(context.nxJsonConfiguration?.namedInputs),
  );
  const valid: RawProjectGraphDependency[] = [];
  const external = context.externalNodes ?? {};
  for (const dep of graph.dependencies) {
    // A project another plugin or an option removed: no edge to or from it.
    if (!context.projects[dep.source] && !external[dep.source]) continue;
    if (!context.projects[dep.target] && !external[dep.target]) continue;
    try {
      validateDependency(dep, context);
      valid.push(dep);
    } catch (err) {
      // The importing file is unknown to Nx (ignored): keep the edge, without the file.
      const implicit: RawProjectGraphDependency = {
        source: dep.source,
        target: dep.target,
        type: DependencyType.implicit,
      };
      try {
        validateDependency(implicit, context);
        valid.push(implicit);
      } catch {
        logger.warn(`nx-gopkg: dropped dependency ${dep.source} -> ${dep.target}: ${(err as Error).message}`);
      }
    }
  }
  return valid;
};
