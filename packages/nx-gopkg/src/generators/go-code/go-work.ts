// Joining a new module to the Go workspace: a `use` line in the go.work that governs it, or a
// new go.work at the workspace root when the new module is the second one (go needs go.work
// for one module to import another without publishing it). Text edits on the Tree, in the
// layout `go work edit -fmt` writes, so --dry-run shows them.
import * as path from 'node:path';
import { visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { parseGoWork } from '../../scan/gowork';
import { hiddenFromGo, joinDir, readModule, type OwningModule } from './workspace-dirs';

export type GoWorkChange =
  | { kind: 'added'; file: string }
  | { kind: 'already-used'; file: string }
  | { kind: 'created'; file: string; modules: string[] }
  | { kind: 'none'; otherModules: number };

/** Compares Go versions (`1.24`, `1.24.3`, `1.25rc1`) by their numbers; a pre-release sorts first. */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(v) ?? [];
    return [Number(m[1] ?? 0), Number(m[2] ?? 0), Number(m[3] ?? 0), m[4] ? 0 : 1];
  };
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The go.work nearest at or above `dir`, as go looks for it. */
export function findGoWork(tree: Tree, dir: string): string | undefined {
  for (let d = dir; ; d = path.posix.dirname(d)) {
    const file = joinDir(d, 'go.work');
    if (tree.exists(file)) return file;
    if (d === '.' || d === '/') return undefined;
  }
}

/** `use` path of `moduleDir` as written in a go.work in `workDir`: `.`, `./a/b` or `../x`. */
function usePath(workDir: string, moduleDir: string): string {
  const rel = path.posix.relative(workDir === '.' ? '' : workDir, moduleDir === '.' ? '' : moduleDir);
  if (rel === '') return '.';
  return rel.startsWith('..') ? rel : `./${rel}`;
}

function sameDir(a: string, b: string): boolean {
  const norm = (p: string) => path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/** Other modules of the workspace that go would see (not in hidden, testdata or skipped dirs). */
export function otherModules(tree: Tree, moduleDir: string, skipDirs: readonly string[]): OwningModule[] {
  const found: OwningModule[] = [];
  visitNotIgnoredFiles(tree, '.', (file) => {
    if (path.posix.basename(file) !== 'go.mod') return;
    const dir = path.posix.dirname(file);
    if (dir === moduleDir || hiddenFromGo(dir, skipDirs)) return;
    const mod = readModule(tree, dir);
    if (mod) found.push(mod);
  });
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Adds `moduleDir` (whose go.mod says `goVersion`) to the Go workspace; see the file comment. */
export function addModuleToGoWork(
  tree: Tree,
  moduleDir: string,
  goVersion: string,
  skipDirs: readonly string[],
): GoWorkChange {
  const existing = findGoWork(tree, moduleDir);
  if (existing) {
    const workDir = path.posix.dirname(existing);
    const text = tree.read(existing, 'utf-8') ?? '';
    const work = parseGoWork(text, existing);
    const use = usePath(workDir, moduleDir);
    if (work.use.some((u) => sameDir(u, use))) return { kind: 'already-used', file: existing };
    let next = text.endsWith('\n') || text === '' ? text : `${text}\n`;
    const block = /^use\s*\(\s*$/m.exec(next);
    const close = block ? /^\)\s*$/m.exec(next.slice(block.index)) : null;
    if (block && close) {
      const at = block.index + close.index;
      next = `${next.slice(0, at)}\t${use}\n${next.slice(at)}`;
    } else {
      next = `${next}${next.trim() ? '\n' : ''}use ${use}\n`;
    }
    // go refuses a workspace whose go line is older than a module's.
    if (work.go && compareGoVersions(goVersion, work.go) > 0) next = next.replace(/^go\s+\S+/m, `go ${goVersion}`);
    tree.write(existing, next);
    return { kind: 'added', file: existing };
  }
  const others = otherModules(tree, moduleDir, skipDirs);
  if (others.length !== 1) return { kind: 'none', otherModules: others.length };
  const dirs = [others[0].dir, moduleDir].map((d) => usePath('.', d)).sort();
  const version = [goVersion, others[0].go]
    .filter((v): v is string => !!v)
    .sort(compareGoVersions)
    .pop()!;
  tree.write('go.work', `go ${version}\n\nuse (\n${dirs.map((d) => `\t${d}\n`).join('')})\n`);
  return { kind: 'created', file: 'go.work', modules: dirs };
}
