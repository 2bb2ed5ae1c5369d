// Runs the pipeline once per workspace state: walk → scan → model → resolution → names.
// createNodes and createDependencies share the result (same plugin process).
import * as path from 'node:path';
import { buildWorkspaceModel } from '../graph/build-model';
import { computeImports, PackageImports } from '../graph/edges';
import { ExternalNodes } from '../graph/external';
import type { GoPackage, GoWorkspaceModel } from '../graph/model';
import { projectNames } from '../graph/names';
import { ImportResolver } from '../graph/resolve';
import { scanPackageDir } from '../scan/package';
import type { Problem, ScanMode } from '../scan/types';
import { modFlagFromGoflags } from '../scan/vendor';
import { discoverWorkspace } from '../scan/walk';
import { embedBase, EmbedTasks, embedTasks, overlaps } from './embed-tasks';
import { globToRegExp, matchesAny } from './glob';
import type { HeaderCache } from './header-cache';
import type { NormalizedOptions } from './options';
import type { DeclaredOutput, DeclaredProject } from './declared-projects';

export interface Inference {
  model: GoWorkspaceModel;
  /** Packages that become Nx projects (after include/exclude and Nx's ignore rules). */
  packages: GoPackage[];
  names: Map<GoPackage, string>;
  imports: Map<GoPackage, PackageImports>;
  external: ExternalNodes;
  /** Non-Go tasks whose outputs packages embed (mixed TS/Go workspaces). */
  embeds: EmbedTasks;
  /** Projects other files declare (module projects take their names at their roots). */
  declaredProjects: DeclaredProject[];
  problems: Problem[];
}

export interface InferInputs {
  root: string;
  options: NormalizedOptions;
  mode: ScanMode;
  /** Where .go file headers come from (a HeaderCache, or a wrapper of one). */
  headers?: Pick<HeaderCache, 'read'>;
  /** Workspace-relative .go files Nx tracks (its ignore rules applied); undefined = all. */
  trackedGoFiles?: Set<string>;
  /** Outputs other projects' targets declare (see declared-projects.ts). */
  declaredOutputs?: DeclaredOutput[];
  /** Projects other files declare: their names are taken, their roots keep their names. */
  declaredProjects?: DeclaredProject[];
}

export function infer({
  root,
  options,
  mode,
  headers,
  trackedGoFiles,
  declaredOutputs = [],
  declaredProjects = [],
}: InferInputs): Inference {
  // GOFLAGS=-mod=… and GOWORK change which modules and vendor trees go uses; so they do here.
  const layout = discoverWorkspace(root, {
    skipDirs: options.skipDirs,
    modFlag: modFlagFromGoflags(process.env.GOFLAGS),
    gowork: process.env.GOWORK,
  });
  const model = buildWorkspaceModel(layout, (dir, entries) =>
    scanPackageDir(dir, mode, { readHeader: headers?.read, entries }),
  );
  const problems = [...model.problems];

  const include = options.include.map(globToRegExp);
  const exclude = options.exclude.map(globToRegExp);
  const packages = model.packages.filter((pkg) => {
    if (include.length && !matchesAny(pkg.dir, include)) return false;
    if (matchesAny(pkg.dir, exclude)) return false;
    return !trackedGoFiles || checkTracked(pkg, trackedGoFiles, problems);
  });
  const kept = new Set(packages);
  const projectModel = { ...model, packages };

  const resolver = new ImportResolver(projectModel);
  const { imports, problems: importProblems } = computeImports(projectModel, resolver);
  problems.push(...importProblems);
  for (const [pkg, edges] of imports) {
    edges.packages = edges.packages.filter((e) => kept.has(e.target));
    edges.testPackages = edges.testPackages.filter((e) => kept.has(e.target));
    if (!kept.has(pkg)) imports.delete(pkg);
  }
  const { names, problems: nameProblems } = projectNames(packages, options.projectNameScheme, root, declaredProjects);
  problems.push(...nameProblems);
  const external = new ExternalNodes(projectModel, resolver.requiredModules());
  const manual = Object.entries(options.embedTargets).map(([dir, task]) => ({ task, path: dir.replace(/\/+$/, '') }));
  const embeds = embedTasks(packages, imports, [...declaredOutputs, ...manual]);
  return {
    model: projectModel,
    packages,
    names,
    imports,
    external,
    embeds,
    declaredProjects,
    problems: withoutProducedEmbeds(problems, packages, embeds),
  };
}

/**
 * Nx hashes only files it tracks (.gitignore/.nxignore applied). A package none of whose
 * .go files Nx tracks is left out (its inputs could never change a hash); a tracked package
 * with an ignored compiled file gets a warning, since edits to that file cannot miss the cache.
 */
function checkTracked(pkg: GoPackage, tracked: Set<string>, problems: Problem[]): boolean {
  const f = pkg.facts;
  const files = [...f.goFiles, ...f.cgoFiles, ...f.testGoFiles, ...f.xTestGoFiles, ...(f.invalidGoFiles ?? [])];
  const rel = (name: string) => (pkg.dir === '.' ? name : `${pkg.dir}/${name}`);
  const ignored = files.filter((name) => !tracked.has(rel(name)));
  if (files.length > 0 && ignored.length === files.length) {
    problems.push({
      kind: 'untracked',
      file: path.join(f.dir),
      message: 'Go package skipped: Nx ignores its files (.gitignore/.nxignore), so it could not hash them',
    });
    return false;
  }
  for (const name of ignored) {
    problems.push({
      kind: 'untracked',
      file: path.join(f.dir, name),
      message: 'compiled by go but ignored by Nx (.gitignore/.nxignore): edits to it do not invalidate cached tasks',
    });
  }
  return true;
}

/**
 * An embed pattern into a directory another task writes matches nothing on a fresh clone;
 * that is expected (the task runs first), so it is not reported.
 */
function withoutProducedEmbeds(problems: Problem[], packages: GoPackage[], embeds: EmbedTasks): Problem[] {
  if (embeds.producedPaths.length === 0) return problems;
  const expected = new Set<string>();
  for (const pkg of packages) {
    const f = pkg.facts;
    for (const pattern of [...f.embedPatterns, ...f.testEmbedPatterns, ...f.xTestEmbedPatterns]) {
      const base = embedBase(pkg.dir, pattern);
      if (embeds.producedPaths.some((p) => overlaps(base, p))) expected.add(pattern);
    }
  }
  // Only a pattern that matches nothing yet: a syntax error or a refused file stays wrong.
  return problems.filter((p) => !(p.kind === 'embed-match' && p.pattern !== undefined && expected.has(p.pattern)));
}
