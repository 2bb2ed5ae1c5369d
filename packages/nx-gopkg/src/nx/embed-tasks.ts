// Which Go packages embed files that another Nx task writes, and therefore which Go tasks must
// run after that task and hash its outputs: the embedding package and, transitively, every
// package that imports it (their binaries contain the embedded files too).
import type { PackageImports } from '../graph/edges';
import { GoPackage, joinWorkspacePath } from '../graph/model';
import type { DeclaredOutput } from './declared-projects';

export interface EmbedTasks {
  /** Tasks whose outputs a package's build compiles in (itself or through imports). */
  build: Map<GoPackage, Set<string>>;
  /** The same for the test binary (adds what test-only imports reach). */
  test: Map<GoPackage, Set<string>>;
  /** Workspace-relative paths a task writes that some package embeds (missing before a build is fine). */
  producedPaths: string[];
}

/** The directory part of an embed pattern before its first glob character, workspace-relative. */
export function embedBase(pkgDir: string, pattern: string): string {
  const p = pattern.replace(/^all:/, '');
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (/[*?[\\]/.test(part)) break;
    parts.push(part);
  }
  return joinWorkspacePath(pkgDir, ...parts);
}

/** Whether one workspace-relative path lies under (or is) the other. */
export function overlaps(a: string, b: string): boolean {
  const under = (x: string, y: string) => y === '.' || x === y || x.startsWith(`${y}/`);
  return under(a, b) || under(b, a);
}

export function embedTasks(
  packages: GoPackage[],
  imports: Map<GoPackage, PackageImports>,
  outputs: DeclaredOutput[],
): EmbedTasks {
  const producedPaths = new Set<string>();
  const tasksFor = (pkg: GoPackage, patterns: string[]) => {
    const tasks = new Set<string>();
    for (const pattern of patterns) {
      const base = embedBase(pkg.dir, pattern);
      for (const out of outputs) {
        if (!overlaps(base, out.path)) continue;
        tasks.add(out.task);
        producedPaths.add(out.path);
      }
    }
    return tasks;
  };
  const directBuild = new Map<GoPackage, Set<string>>();
  const directTest = new Map<GoPackage, Set<string>>();
  if (outputs.length > 0) {
    for (const pkg of packages) {
      const f = pkg.facts;
      const b = tasksFor(pkg, f.embedPatterns);
      const t = tasksFor(pkg, [...f.testEmbedPatterns, ...f.xTestEmbedPatterns]);
      if (b.size) directBuild.set(pkg, b);
      if (t.size) directTest.set(pkg, t);
    }
  }
  const build = propagateToImporters(directBuild, imports);
  const test = new Map<GoPackage, Set<string>>();
  for (const pkg of packages) {
    const set = new Set([...(build.get(pkg) ?? []), ...(directTest.get(pkg) ?? [])]);
    for (const e of imports.get(pkg)?.testPackages ?? []) for (const t of build.get(e.target) ?? []) set.add(t);
    if (set.size > 0) test.set(pkg, set);
  }
  return { build, test, producedPaths: [...producedPaths] };
}

/** Each package's tasks, added to every package that imports it, transitively. */
function propagateToImporters(
  direct: Map<GoPackage, Set<string>>,
  imports: Map<GoPackage, PackageImports>,
): Map<GoPackage, Set<string>> {
  const result = new Map<GoPackage, Set<string>>();
  if (direct.size === 0) return result;
  const importers = new Map<GoPackage, GoPackage[]>();
  for (const [pkg, edges] of imports) {
    for (const e of edges.packages) importers.set(e.target, [...(importers.get(e.target) ?? []), pkg]);
  }
  for (const [embedding, tasks] of direct) {
    const stack = [embedding];
    const seen = new Set<GoPackage>(stack);
    while (stack.length) {
      const current = stack.pop()!;
      const set = result.get(current) ?? new Set<string>();
      for (const t of tasks) set.add(t);
      result.set(current, set);
      for (const importer of importers.get(current) ?? []) {
        if (!seen.has(importer)) {
          seen.add(importer);
          stack.push(importer);
        }
      }
    }
  }
  return result;
}
