// createDependencies: a static edge for every production import between workspace packages
// and to third-party modules, with the importing file as sourceFile. Each edge is validated
// here, because a malformed one makes Nx fail deep inside its graph builder.
import { CreateDependencies, DependencyType, logger, RawProjectGraphDependency, validateDependency } from '@nx/devkit';
import { normalizeOptions, GonxPluginOptions } from './options';
import { goGraph } from './workspace-state';

export const createDependencies: CreateDependencies<GonxPluginOptions> = async (rawOptions, context) => {
  const graph = await goGraph(context.workspaceRoot, normalizeOptions(rawOptions));
  const valid: RawProjectGraphDependency[] = [];
  for (const dep of graph.dependencies) {
    if (!context.projects[dep.source] && !context.externalNodes[dep.source]) continue;
    if (!context.projects[dep.target] && !context.externalNodes[dep.target]) continue;
    try {
      validateDependency(dep, context);
      valid.push(dep);
    } catch (err) {
      // The importing file is unknown to Nx (ignored): keep the edge, without the file.
      const implicit = { source: dep.source, target: dep.target, type: DependencyType.implicit };
      try {
        validateDependency(implicit, context);
        valid.push(implicit);
      } catch {
        logger.warn(`gonx: dropped dependency ${dep.source} -> ${dep.target}: ${(err as Error).message}`);
      }
    }
  }
  return valid;
};
