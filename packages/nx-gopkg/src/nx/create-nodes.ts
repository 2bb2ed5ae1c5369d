// createNodes: one Nx project per Go package, grouped under the go.mod of its module.
//
// The glob matches only go.mod and go.work: a changed file that matches a plugin's glob counts
// as a project-configuration change for every project created from it, so matching .go files
// would make any edit select every target of a package in `nx affected`. Package discovery
// walks the tree itself (see workspace-state.ts), keyed by Nx's own file hashes.
import type { CreateNodes, CreateNodesResult } from '@nx/devkit';
import { normalizeOptions, GopkgPluginOptions } from './options';
import { sharedInputsInNxJson } from './shared-inputs';
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
    const results: Array<readonly [string, CreateNodesResult]> = [];
    for (const file of configFiles) {
      const result = graph.nodes[file];
      if (result) results.push([file, result] as const);
    }
    return results;
  },
];
