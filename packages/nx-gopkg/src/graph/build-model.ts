// Layout (modules, package dirs) + per-directory facts → the workspace model.
import * as fs from 'node:fs';
import type { Dirent } from 'node:fs';
import { parseGoSum } from '../scan/gosum';
import type { GoPackageFacts, GoSumEntry, ModuleInfo, Problem, WorkspaceLayout } from '../scan/types';
import { GoModule, GoPackage, GoWorkspaceModel, isPackage, packageKind, toWorkspacePath } from './model';

/** `entries`: the walk's listing of the directory, when it has one (saves a readdir). */
export type ScanDir = (absDir: string, entries?: readonly Dirent[]) => GoPackageFacts | undefined;

export function buildWorkspaceModel(layout: WorkspaceLayout, scanDir: ScanDir): GoWorkspaceModel {
  const root = layout.root;
  const problems: Problem[] = [...layout.problems];
  const modulesByDir = new Map<string, GoModule>();
  for (const info of layout.modules) {
    const module = toGoModule(root, info, problems);
    modulesByDir.set(info.dir, module);
  }

  const packages: GoPackage[] = [];
  for (const location of layout.packages) {
    const module = modulesByDir.get(location.moduleDir);
    if (!module) continue;
    const facts = scanDir(location.dir, location.entries);
    if (!facts) continue;
    problems.push(...facts.problems);
    if (!isPackage(facts)) continue;
    packages.push({
      dir: toWorkspacePath(root, location.dir),
      importPath: location.importPath,
      module,
      facts,
      kind: packageKind(facts),
    });
  }
  packages.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));

  const workFiles = new Map<string, string[]>();
  for (const work of layout.workFiles) {
    const rel = toWorkspacePath(root, work.file);
    workFiles.set(
      rel,
      [...modulesByDir.values()].filter((m) => m.workFile === rel).map((m) => m.dir),
    );
  }

  return {
    root,
    modules: [...modulesByDir.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)),
    packages,
    workFiles,
    problems,
  };
}

function toGoModule(root: string, info: ModuleInfo, problems: Problem[]): GoModule {
  problems.push(...info.goMod.problems);
  let sum: GoSumEntry[] = [];
  if (info.goSumFile) {
    try {
      const parsed = parseGoSum(fs.readFileSync(info.goSumFile, 'utf8'), info.goSumFile);
      sum = parsed.entries;
      problems.push(...parsed.problems);
    } catch (err) {
      problems.push({ kind: 'read', file: info.goSumFile, message: `cannot read go.sum: ${(err as Error).message}` });
    }
  }
  const vendorPackages = new Map<string, { module: string; version: string }>();
  for (const vendored of info.vendor ?? []) {
    for (const pkg of vendored.packages) vendorPackages.set(pkg, { module: vendored.path, version: vendored.version });
  }
  return {
    dir: toWorkspacePath(root, info.dir),
    path: info.goMod.module,
    goMod: info.goMod,
    goSum: info.goSumFile ? toWorkspacePath(root, info.goSumFile) : undefined,
    sum,
    workFile: info.workFile ? toWorkspacePath(root, info.workFile) : undefined,
    vendored: info.vendor !== undefined,
    vendorPackages,
  };
}
