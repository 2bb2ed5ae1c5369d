// createNodes: one Nx project per Go package, grouped under the go.mod of its module.
//
// The glob matches only go.mod and go.work: a changed file that matches a plugin's glob counts
// as a project-configuration change for every project created from it, so matching .go files
// would make any edit select every target of a package in `nx affected`. Package discovery
// walks the tree itself (see workspace-state.ts), keyed by Nx's own file hashes.
import type { CreateNodes, CreateNodesResult } from '@nx/devkit';
import { normalizeOptions, GopkgPluginOptions } from './options';
import { sharedInputsInNxJson } from './shared-inputs';
import type { GoGraph } from './graph-output';
import { goGraphOrNothing } from './workspace-state';

export const GO_CONFIG_GLOB = '**/{go.mod,go.work}';

export const createNodes: CreateNodes<GopkgPluginOptions> = [
  GO_CONFIG_GLOB,
  async (configFiles, rawOptions, context) => {
    const graph = await goGraphOrNothing(
      context.workspaceRoot,
      normalizeOptions(rawOptions),
      sharedInputsInNxJson(context.nxJsonConfiguration?.namedInputs),
    );
    const nodes = ownedByNx(graph);
    const results: Array<readonly [string, CreateNodesResult]> = [];
    for (const file of configFiles) {
      const result = nodes[file];
      if (result) results.push([file, result] as const);
    }
    return results;
  },
];

/**
 * Nx's merge adopts a plugin's result objects and grows some of them in place (project metadata
 * arrays such as `technologies` take a later plugin's entries). In a plugin worker Nx receives a
 * copy over its socket. In Nx's own process (NX_ISOLATE_PLUGINS=false, or a sandbox that refuses
 * the worker's socket) it would receive the memoised graph itself, and the daemon's next graph
 * build would get it back with the last merge's additions, once more each time: there Nx gets a
 * copy (the graph is plain JSON).
 */
export function ownedByNx(graph: GoGraph, inPluginWorker = isPluginWorker()): GoGraph['nodes'] {
  return inPluginWorker ? graph.nodes : (JSON.parse(JSON.stringify(graph.nodes)) as GoGraph['nodes']);
}

/** Nx marks its plugin worker processes with this global (nx/src/project-graph/plugins/isolation/plugin-worker). */
function isPluginWorker(): boolean {
  return (globalThis as { NX_PLUGIN_WORKER?: boolean }).NX_PLUGIN_WORKER === true;
}
