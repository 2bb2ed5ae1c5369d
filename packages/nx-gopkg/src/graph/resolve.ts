// Import path → what provides it, as the go command decides for the importing module:
// a workspace package (own module, go.work modules, local replaces), the standard library,
// a vendored or required third-party module, or nothing.
import * as path from 'node:path';
import type { ModuleVersion } from '../scan/types';
import { GoModule, GoPackage, GoWorkspaceModel, toWorkspacePath } from './model';

export type Resolution =
  | { kind: 'std' }
  | { kind: 'package'; pkg: GoPackage }
  | { kind: 'module'; module: RequiredModule }
  | { kind: 'unresolved' };

/** A third-party module as one workspace module's build list names it. */
export interface RequiredModule {
  /** Module path as imported. */
  path: string;
  version: string;
  /** Where the code really comes from, when a non-local replace applies. */
  replacement?: ModuleVersion;
}

interface ModuleScope {
  /** Module path → workspace module (self, go.work `use`, local-path replaces). */
  local: Map<string, GoModule>;
  /** GOROOT/src as a workspace: the `std` module provides dot-less import paths. */
  std?: GoModule;
  requires: Map<string, RequiredModule>;
}

export class ImportResolver {
  private readonly packagesByModule = new Map<GoModule, Map<string, GoPackage>>();
  private readonly scopes = new Map<GoModule, ModuleScope>();
  private readonly modulesByDir = new Map<string, GoModule>();

  constructor(private readonly model: GoWorkspaceModel) {
    for (const module of model.modules) {
      this.modulesByDir.set(module.dir, module);
      this.packagesByModule.set(module, new Map());
    }
    for (const pkg of model.packages) this.packagesByModule.get(pkg.module)?.set(pkg.importPath, pkg);
  }

  resolve(from: GoModule, importPath: string): Resolution {
    if (importPath === 'C') return { kind: 'std' };
    const scope = this.scopeOf(from);
    for (const prefix of prefixes(importPath)) {
      const module = scope.local.get(prefix);
      const pkg = module && this.packagesByModule.get(module)?.get(importPath);
      if (pkg) return { kind: 'package', pkg };
    }
    if (isStandardPath(importPath)) {
      const pkg = scope.std && this.packagesByModule.get(scope.std)?.get(importPath);
      return pkg ? { kind: 'package', pkg } : { kind: 'std' };
    }
    if (from.vendored) {
      const vendored = from.vendorPackages.get(importPath);
      if (vendored)
        return {
          kind: 'module',
          module: scope.requires.get(vendored.module) ?? { path: vendored.module, version: vendored.version },
        };
    }
    for (const prefix of prefixes(importPath)) {
      const required = scope.requires.get(prefix);
      if (required) return { kind: 'module', module: required };
    }
    return { kind: 'unresolved' };
  }

  /** Every third-party module some workspace module requires (after replace), keyed by path. */
  requiredModules(): RequiredModule[] {
    const all: RequiredModule[] = [];
    for (const module of this.model.modules) all.push(...this.scopeOf(module).requires.values());
    return all;
  }

  private scopeOf(module: GoModule): ModuleScope {
    let scope = this.scopes.get(module);
    if (!scope) {
      scope = this.buildScope(module);
      this.scopes.set(module, scope);
    }
    return scope;
  }

  private buildScope(module: GoModule): ModuleScope {
    // In a go.work workspace every used module shares one build list; otherwise only the module's own.
    const members = module.workFile ? this.model.modules.filter((m) => m.workFile === module.workFile) : [module];
    const local = new Map<string, GoModule>();
    const requires = new Map<string, RequiredModule>();
    for (const member of members) local.set(member.path, member);
    for (const member of members) {
      for (const req of member.goMod.require) {
        const current = requires.get(req.path);
        if (!current || compareVersions(req.version, current.version) > 0) {
          requires.set(req.path, { path: req.path, version: req.version });
        }
      }
    }
    for (const member of members) {
      for (const rep of member.goMod.replace) {
        if (isLocalPath(rep.new.path)) {
          const target = this.moduleAtLocalPath(member, rep.new.path);
          if (target) {
            local.set(rep.old.path, target);
            requires.delete(rep.old.path);
          }
          continue;
        }
        const req = requires.get(rep.old.path);
        if (req && (!rep.old.version || rep.old.version === req.version)) req.replacement = rep.new;
      }
    }
    const std = this.model.modules.find((m) => m.path === 'std' && sameRoot(m, module));
    return { local, requires, std };
  }

  private moduleAtLocalPath(from: GoModule, target: string): GoModule | undefined {
    const abs = path.resolve(this.model.root, from.dir, target);
    return this.modulesByDir.get(toWorkspacePath(this.model.root, abs));
  }
}

/** GOROOT's std and cmd live side by side; cmd imports std packages. */
function sameRoot(std: GoModule, module: GoModule): boolean {
  return module === std || module.path === 'cmd' || module.path.startsWith('cmd/');
}

/** The go command's rule: a path whose first element has no dot is a standard-library path. */
export function isStandardPath(importPath: string): boolean {
  const first = importPath.split('/', 1)[0];
  return !first.includes('.');
}

function isLocalPath(p: string): boolean {
  return p.startsWith('./') || p.startsWith('../') || p === '.' || p === '..' || path.isAbsolute(p);
}

/** "a/b/c" → ["a/b/c", "a/b", "a"]. */
function* prefixes(importPath: string): Generator<string> {
  let p = importPath;
  for (;;) {
    yield p;
    const slash = p.lastIndexOf('/');
    if (slash < 0) return;
    p = p.slice(0, slash);
  }
}

/** Semantic-version order, enough to pick the highest of two required versions (MVS). */
export function compareVersions(a: string, b: string): number {
  const pa = parseSemver(a);
  const pb = parseSemver(b);
  for (let i = 0; i < 3; i++) if (pa.nums[i] !== pb.nums[i]) return pa.nums[i] - pb.nums[i];
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === '') return 1;
  if (pb.pre === '') return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

function parseSemver(v: string): { nums: number[]; pre: string } {
  const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?/.exec(v);
  if (!m) return { nums: [0, 0, 0], pre: v };
  return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? '' };
}
