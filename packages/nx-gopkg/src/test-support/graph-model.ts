// In-memory models for unit tests of graph/ and nx/.
import type { GoModFile, GoPackageFacts } from '../scan/types';
import type { GoModule, GoPackage, GoWorkspaceModel } from '../graph/model';
import { packageKind } from '../graph/model';

export function goMod(module: string, extra: Partial<GoModFile> = {}): GoModFile {
  return {
    file: `/ws/${module}/go.mod`,
    module,
    go: '1.24',
    require: [],
    replace: [],
    exclude: [],
    retract: [],
    godebug: [],
    tool: [],
    ignore: [],
    problems: [],
    ...extra,
  };
}

export function module(dir: string, mod: GoModFile, extra: Partial<GoModule> = {}): GoModule {
  return {
    dir,
    path: mod.module,
    goMod: { ...mod, file: `/ws/${dir}/go.mod` },
    sum: [],
    vendored: false,
    vendorPackages: new Map(),
    ...extra,
  };
}

export function facts(dir: string, f: Partial<GoPackageFacts> = {}): GoPackageFacts {
  const empty = (): string[] => [];
  return {
    dir: `/ws/${dir}`,
    name: 'lib',
    goFiles: ['a.go'],
    cgoFiles: empty(),
    ignoredGoFiles: empty(),
    ignoredOtherFiles: empty(),
    testGoFiles: empty(),
    xTestGoFiles: empty(),
    cFiles: empty(),
    cxxFiles: empty(),
    mFiles: empty(),
    hFiles: empty(),
    fFiles: empty(),
    sFiles: empty(),
    swigFiles: empty(),
    swigCXXFiles: empty(),
    sysoFiles: empty(),
    imports: empty(),
    testImports: empty(),
    xTestImports: empty(),
    importPos: new Map(),
    testImportPos: new Map(),
    xTestImportPos: new Map(),
    embedPatterns: empty(),
    embedFiles: empty(),
    testEmbedPatterns: empty(),
    testEmbedFiles: empty(),
    xTestEmbedPatterns: empty(),
    xTestEmbedFiles: empty(),
    testdataFiles: empty(),
    problems: [],
    ...f,
  };
}

export function pkg(dir: string, importPath: string, mod: GoModule, f: Partial<GoPackageFacts> = {}): GoPackage {
  const fx = facts(dir, f);
  for (const [list, pos] of [
    ['imports', 'importPos'],
    ['testImports', 'testImportPos'],
    ['xTestImports', 'xTestImportPos'],
  ] as const) {
    const positions = new Map(fx[pos]);
    for (const ip of fx[list]) if (!positions.has(ip)) positions.set(ip, { file: `/ws/${dir}/a.go`, line: 3 });
    fx[pos] = positions;
  }
  return { dir, importPath, module: mod, facts: fx, kind: packageKind(fx) };
}

export function model(modules: GoModule[], packages: GoPackage[]): GoWorkspaceModel {
  return { root: '/ws', modules, packages, workFiles: new Map(), problems: [] };
}
