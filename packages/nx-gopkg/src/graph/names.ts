// Nx project names for Go packages. Default: the import path (unique within a module, stable
// across moves of the checkout). Option `path`: the workspace-relative directory.
// Collisions are never merged: every colliding package falls back to its directory (unique
// by construction), and each collision is reported with both paths. A package whose directory
// is already a declared project's root takes that project's name (nx-gopkg adds its targets there);
// a declared project elsewhere keeps its name and the package falls back.
import type { Problem } from '../scan/types';
import type { GoPackage } from './model';

export type NameScheme = 'importPath' | 'path';

/** A project some other file declares (project.json, package.json). */
export interface ReservedName {
  name: string;
  root: string;
  file: string;
}

export function projectNames(
  packages: GoPackage[],
  scheme: NameScheme,
  root: string,
  declared: ReservedName[] = [],
): { names: Map<GoPackage, string>; problems: Problem[] } {
  const declaredAtRoot = new Map(declared.map((d) => [d.root, d.name]));
  const declaredByName = new Map(declared.map((d) => [d.name, d]));
  const preferred = (pkg: GoPackage) =>
    declaredAtRoot.get(pkg.dir) ?? (scheme === 'path' && pkg.dir !== '.' ? pkg.dir : pkg.importPath);
  const byName = new Map<string, GoPackage[]>();
  for (const pkg of packages) {
    const name = preferred(pkg);
    byName.set(name, [...(byName.get(name) ?? []), pkg]);
  }
  const names = new Map<GoPackage, string>();
  const problems: Problem[] = [];
  const clashesWithDeclared = (name: string, owners: GoPackage[]) => {
    const other = declaredByName.get(name);
    return other !== undefined && !(owners.length === 1 && other.root === owners[0].dir);
  };
  // Names nobody else claims are settled first, so no fallback can take one of them.
  const taken = new Set<string>(declared.map((d) => d.name));
  for (const [name, owners] of byName) {
    if (owners.length === 1 && !clashesWithDeclared(name, owners)) {
      names.set(owners[0], name);
      taken.add(name);
    }
  }
  for (const [name, owners] of byName) {
    if (names.has(owners[0])) continue;
    const other = declaredByName.get(name);
    const claimants = owners.map((p) => `"${p.dir}"`).join(' and ');
    problems.push({
      kind: 'project-name',
      file: `${root}/${owners[0].dir}`,
      message: clashesWithDeclared(name, owners)
        ? `project name "${name}" is taken by ${other!.file}; the Go package in ${claimants} is named by its directory instead`
        : `project name "${name}" is claimed by Go packages in ${claimants}; each is named by its directory instead`,
    });
    for (const pkg of owners) names.set(pkg, uniqueFallback(pkg, taken));
  }
  return { names, problems };
}

function uniqueFallback(pkg: GoPackage, taken: Set<string>): string {
  const fallback = taken.has(pkg.dir) ? `go:${pkg.dir}` : pkg.dir;
  taken.add(fallback);
  return fallback;
}
