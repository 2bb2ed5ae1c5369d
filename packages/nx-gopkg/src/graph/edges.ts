// Package → package and package → third-party module edges, from the scanner's imports.
import type { Position, Problem } from '../scan/types';
import type { GoPackage, GoWorkspaceModel } from './model';
import { ImportResolver, RequiredModule } from './resolve';

interface PackageEdge<T> {
  target: T;
  /** The first place the import is written (for Nx's `sourceFile`). */
  position: Position;
}

export interface PackageImports {
  /** Workspace packages the package's own (non-test) files import. */
  packages: PackageEdge<GoPackage>[];
  /** Third-party modules the package's own files import. */
  modules: PackageEdge<RequiredModule>[];
  /** Workspace packages only its _test.go files import (itself excluded). */
  testPackages: PackageEdge<GoPackage>[];
  testModules: PackageEdge<RequiredModule>[];
}

export function computeImports(
  model: GoWorkspaceModel,
  resolver: ImportResolver,
): {
  imports: Map<GoPackage, PackageImports>;
  problems: Problem[];
} {
  const imports = new Map<GoPackage, PackageImports>();
  const problems: Problem[] = [];
  for (const pkg of model.packages) {
    const result: PackageImports = { packages: [], modules: [], testPackages: [], testModules: [] };
    const seenPackages = new Set<GoPackage>([pkg]);
    const seenModules = new Set<string>();
    const add = (importPos: ReadonlyMap<string, Position>, list: string[], test: boolean) => {
      for (const importPath of list) {
        const position = importPos.get(importPath) ?? { file: pkg.facts.dir, line: 0 };
        const resolved = resolver.resolve(pkg.module, importPath);
        if (resolved.kind === 'package') {
          if (seenPackages.has(resolved.pkg)) continue;
          seenPackages.add(resolved.pkg);
          (test ? result.testPackages : result.packages).push({ target: resolved.pkg, position });
        } else if (resolved.kind === 'module') {
          if (seenModules.has(resolved.module.path)) continue;
          seenModules.add(resolved.module.path);
          (test ? result.testModules : result.modules).push({ target: resolved.module, position });
        } else if (resolved.kind === 'unresolved') {
          problems.push({
            kind: 'unresolved-import',
            file: position.file,
            line: position.line || undefined,
            message: `no workspace package or required module provides "${importPath}"`,
          });
        }
      }
    };
    const f = pkg.facts;
    add(f.importPos, f.imports, false);
    add(f.testImportPos, f.testImports, true);
    add(f.xTestImportPos, f.xTestImports, true);
    imports.set(pkg, result);
  }
  return { imports, problems };
}
