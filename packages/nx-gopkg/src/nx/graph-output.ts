// The inference rendered as Nx data: createNodes results keyed by go.mod, and the
// dependencies createDependencies returns. Plain JSON so it can be stored between runs.
import * as path from 'node:path';
import type { CreateNodesResult, RawProjectGraphDependency } from '@nx/devkit';
import { GoModule, toWorkspacePath } from '../graph/model';
import type { Problem } from '../scan/types';
import type { Inference } from './infer';
import type { NormalizedOptions } from './options';
import { findLintConfig } from './lint-config';
import { leaveOutSharedInputs } from './shared-inputs';
import { moduleProjectConfiguration, projectConfiguration } from './targets';

export interface GoGraph {
  /** Workspace-relative go.mod → the projects and external nodes inferred from that module. */
  nodes: Record<string, CreateNodesResult>;
  dependencies: RawProjectGraphDependency[];
  problems: Problem[];
}

/** `sharedInputs`: named inputs nx.json defines as nx-gopkg does, left out of the projects (shared-inputs.ts). */
export function graphFromInference(
  inference: Inference,
  options: NormalizedOptions,
  sharedInputs: string[] = [],
): GoGraph {
  const { model, names, imports, external } = inference;
  const nodes: Record<string, CreateNodesResult> = {};
  const dependencies: RawProjectGraphDependency[] = [];
  const placed = new Set<string>();
  const root = model.root;
  const lintConfigs = new Map<GoModule, string | undefined>();
  const lintConfigOf = (m: GoModule) => {
    if (!lintConfigs.has(m)) lintConfigs.set(m, findLintConfig(root, m.dir));
    return lintConfigs.get(m);
  };
  const modulesWithRootPackage = new Set<GoModule>();

  for (const pkg of inference.packages) {
    const goMod = toWorkspacePath(root, pkg.module.goMod.file);
    const result = (nodes[goMod] ??= { projects: {}, externalNodes: {} });
    const name = names.get(pkg)!;
    const edges = imports.get(pkg)!;
    const produced = { build: inference.embeds.build.get(pkg), test: inference.embeds.test.get(pkg) };
    const holdsModule = pkg.dir === pkg.module.dir;
    if (holdsModule) modulesWithRootPackage.add(pkg.module);
    const moduleFacts = {
      lintConfig: options.lintTargetName && options.lint !== false ? lintConfigOf(pkg.module) : undefined,
      holdsModule,
    };
    const project = projectConfiguration(pkg, name, model, edges, names, options, produced, moduleFacts);
    leaveOutSharedInputs(project, sharedInputs);
    result.projects![pkg.dir] = project;

    for (const edge of edges.packages) {
      dependencies.push({
        source: name,
        target: names.get(edge.target)!,
        sourceFile: toWorkspacePath(root, edge.position.file),
        type: 'static',
      } as RawProjectGraphDependency);
    }
    for (const edge of edges.modules) {
      const nodeName = external.nameOf(edge.target);
      if (!placed.has(nodeName)) {
        placed.add(nodeName);
        result.externalNodes![nodeName] = external.nodes.get(nodeName)!;
      }
      dependencies.push({
        source: name,
        target: nodeName,
        sourceFile: toWorkspacePath(root, edge.position.file),
        type: 'static',
      } as RawProjectGraphDependency);
    }
  }
  // Modules whose root directory has no package get a project of their own for the module-level
  // targets (go-tidy, go-generate), named like the root package would be (the module path),
  // unless that name is taken.
  if (options.tidyTargetName || options.generateTargetName) {
    const taken = new Set([...names.values(), ...inference.declaredProjects.map((d) => d.name)]);
    const declaredAtRoot = new Map(inference.declaredProjects.map((d) => [d.root, d.name]));
    const withPackages = new Set(inference.packages.map((p) => p.module));
    for (const module of model.modules) {
      if (modulesWithRootPackage.has(module) || !withPackages.has(module)) continue;
      const declared = declaredAtRoot.get(module.dir);
      const name = declared ?? (options.projectNameScheme === 'path' && module.dir !== '.' ? module.dir : module.path);
      if (!declared && taken.has(name)) continue;
      taken.add(name);
      const goMod = toWorkspacePath(root, module.goMod.file);
      const result = (nodes[goMod] ??= { projects: {}, externalNodes: {} });
      result.projects![module.dir] = moduleProjectConfiguration(module, name, options);
    }
  }
  // Required modules no package imports still appear in the graph.
  const first = Object.values(nodes)[0];
  for (const [nodeName, node] of external.nodes) {
    if (first && !placed.has(nodeName)) first.externalNodes![nodeName] = node;
  }
  return { nodes, dependencies, problems: inference.problems.map((p) => ({ ...p, file: path.resolve(p.file) })) };
}
