// Nx project names for Go packages. Default: the import path (unique within a module, stable
// across moves of the checkout). Option `path`: the workspace-relative directory.
// Collisions are never merged: every colliding package falls back to its directory (unique
// by construction), and each collision is reported with both paths.
import type { Problem } from '../scan/types';
import type { GoPackage } from './model';

export type NameScheme = 'importPath' | 'path';

export function projectNames(
  packages: GoPackage[],
  scheme: NameScheme,
  root: string,
): { names: Map<GoPackage, string>; problems: Problem[] } {
  const preferred = (pkg: GoPackage) => (scheme === 'path' && pkg.dir !== '.' ? pkg.dir : pkg.importPath);
  const byName = new Map<string, GoPackage[]>();
  for (const pkg of packages) {
    const name = preferred(pkg);
    byName.set(name, [...(byName.get(name) ?? []), pkg]);
  }
  const names = new Map<GoPackage, string>();
  const problems: Problem[] = [];
  const taken = new Set<string>();
  for (const [name, owners] of byName) {
    if (owners.length === 1) {
      names.set(owners[0], name);
      taken.add(name);
    }
  }
  for (const [name, owners] of byName) {
    if (owners.length === 1) continue;
    problems.push({
      file: `${root}/${owners[0].dir}`,
      message: `project name "${name}" is claimed by Go packages in ${owners
        .map((p) => `"${p.dir}"`)
        .join(' and ')}; each is named by its directory instead`,
    });
    for (const pkg of owners) {
      const fallback = taken.has(pkg.dir) ? `go:${pkg.dir}` : pkg.dir;
      names.set(pkg, fallback);
      taken.add(fallback);
    }
  }
  return { names, problems };
}
