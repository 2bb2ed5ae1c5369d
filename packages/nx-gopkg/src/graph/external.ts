// Third-party modules as Nx external nodes: one per module path (per version when modules disagree),
// hashed by the go.sum line of the module zip so a changed line changes exactly that node.
import type { GoWorkspaceModel } from './model';
import type { RequiredModule } from './resolve';

const EXTERNAL_NODE_TYPE = 'gomod';

export interface ExternalModuleNode {
  name: string;
  type: typeof EXTERNAL_NODE_TYPE;
  data: { version: string; packageName: string; hash: string };
}

/** Nx name of a module's external node (see docs/inference.md for the rule). */
function externalNodeName(module: RequiredModule, versionsOfPath: number): string {
  return versionsOfPath > 1
    ? `${EXTERNAL_NODE_TYPE}:${module.path}@${module.version}`
    : `${EXTERNAL_NODE_TYPE}:${module.path}`;
}

function describeVersion(module: RequiredModule): string {
  const rep = module.replacement;
  if (!rep) return module.version;
  return `${module.version} => ${rep.path}${rep.version ? ' ' + rep.version : ''}`;
}

export class ExternalNodes {
  readonly nodes = new Map<string, ExternalModuleNode>();
  private readonly versionCount = new Map<string, Set<string>>();

  constructor(
    private readonly model: GoWorkspaceModel,
    modules: RequiredModule[],
  ) {
    for (const module of modules) {
      const versions = this.versionCount.get(module.path) ?? new Set<string>();
      versions.add(describeVersion(module));
      this.versionCount.set(module.path, versions);
    }
    for (const module of modules) {
      const name = this.nameOf(module);
      if (this.nodes.has(name)) continue;
      this.nodes.set(name, {
        name,
        type: EXTERNAL_NODE_TYPE,
        data: { version: describeVersion(module), packageName: module.path, hash: this.sumHash(module) },
      });
    }
  }

  nameOf(module: RequiredModule): string {
    return externalNodeName(module, this.versionCount.get(module.path)?.size ?? 1);
  }

  /** The `h1:` of the module zip from any workspace go.sum; the go.mod line or the version otherwise. */
  private sumHash(module: RequiredModule): string {
    const source = module.replacement ?? module;
    const version = source.version ?? module.version;
    let goModHash: string | undefined;
    for (const m of this.model.modules) {
      for (const entry of m.sum) {
        if (entry.module !== source.path || entry.version !== version) continue;
        if (!entry.goMod) return entry.hash;
        goModHash ??= entry.hash;
      }
    }
    return goModHash ?? `${source.path}@${version}`;
  }
}
