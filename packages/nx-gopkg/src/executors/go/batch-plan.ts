// Groups the tasks of an Nx batch into go invocations: one per command, working directory and
// identical flag set. The directory is the module root, or the go.work directory for the modules
// of one go.work (go-work-dir.ts). Reads go.work files but never runs go, so tests need no go.
import * as path from 'node:path';
import { platformEnv, splitArgs, vcsFlags } from './go-command';
import { defaultExecName, exeSuffix } from '../../scan/go-names';
import { GoWorkDirs } from './go-work-dir';
import type { GoExecutorOptions } from './schema';

export interface BatchTask {
  id: string;
  options: GoExecutorOptions;
}

interface BuildMain {
  task: BatchTask;
  /** File name go writes with `-o dir/` (its default executable name, .exe on windows). */
  goName: string;
  /** Absolute path the binary must end up at (the single-task executor's `-o`). */
  dest: string;
}

export interface GoGroup {
  command: 'build' | 'test' | 'vet';
  /** Absolute working directory: the module root, or the directory of the go.work using it. */
  cwd: string;
  /** -tags plus the task's extra args, identical for every task of the group. */
  flags: string[];
  /** Import path → tasks asking for it (normally one). */
  tasks: Map<string, BatchTask[]>;
  /** build only: main packages whose binary is kept, at most one per go name. */
  mains: BuildMain[];
  /** GOOS/GOARCH of a platform configuration (build), set for go on top of the environment. */
  env?: Record<string, string>;
  /** test: write a coverage profile (split per package afterwards). */
  cover?: boolean;
}

export interface BatchPlan {
  groups: GoGroup[];
  /** Run one by one with the single-task command line (go run, flags that change output files or format). */
  singles: BatchTask[];
}

// Flags whose output cannot be split per package or that write files per invocation.
const UNBATCHABLE: Record<GoGroup['command'], RegExp> = {
  build: /^--?(o|json)(=|$)/,
  test: /^--?(o|c|json|args|exec)(=|$)/,
  vet: /^--?(c|fix|diff|json|vettool)(=|$)/,
};

/** `gowork`: the GOWORK go will run with (unset: go looks for a go.work upwards). */
export function planBatch(tasks: BatchTask[], workspaceRoot: string, goos: string, gowork?: string): BatchPlan {
  const groups = new Map<string, GoGroup>();
  const workDirs = new GoWorkDirs(gowork);
  const order: GoGroup[] = [];
  const singles: BatchTask[] = [];
  for (const task of tasks) {
    const o = task.options;
    if (o.command !== 'build' && o.command !== 'test' && o.command !== 'vet') {
      singles.push(task);
      continue;
    }
    const extra = splitArgs(o.args);
    if (extra.some((a) => UNBATCHABLE[o.command as GoGroup['command']].test(a))) {
      singles.push(task);
      continue;
    }
    const flags = [...vcsFlags(o), ...(o.tags?.length ? ['-tags', o.tags.join(',')] : []), ...extra];
    // Modules of one go.work share a group (and a go invocation) run from the go.work directory.
    const cwd = workDirs.dirFor(path.resolve(workspaceRoot, o.moduleRoot));
    const isMain = o.command === 'build' && !!o.outputPath;
    const env = o.command === 'build' ? platformEnv(o) : undefined;
    const cover = o.command === 'test' && !!o.coverProfile;
    const taskExe = exeSuffix(o.goos || goos);
    const goName = isMain ? defaultExecName(o.importPath) + taskExe : '';
    // A main whose go name is already taken in a group goes to the next group of the same key.
    let n = 0;
    let group: GoGroup | undefined;
    for (; ; n++) {
      const key = JSON.stringify([o.command, cwd, flags, env ?? {}, cover, n]);
      group = groups.get(key);
      if (!group) {
        group = {
          command: o.command as GoGroup['command'],
          cwd,
          flags,
          tasks: new Map(),
          mains: [],
          ...(env ? { env } : {}),
          ...(cover ? { cover } : {}),
        };
        groups.set(key, group);
        order.push(group);
        break;
      }
      const existing = group.tasks.get(o.importPath);
      if (existing) {
        // The same package twice (two targets with equal options): one result serves both, but a
        // main built to two places needs its own invocation.
        if (isMain) continue;
        break;
      }
      if (!isMain || !group.mains.some((m) => m.goName === goName)) break;
    }
    const list = group.tasks.get(o.importPath) ?? [];
    list.push(task);
    group.tasks.set(o.importPath, list);
    if (isMain) {
      const dest = path.resolve(
        workspaceRoot,
        o.outputPath!,
        (o.binaryName ?? defaultExecName(o.importPath)) + taskExe,
      );
      group.mains.push({ task, goName, dest });
    }
  }
  // Build first, then vet, then test: test and vet reuse what build put into GOCACHE.
  const rank = { build: 0, vet: 1, test: 2 };
  order.sort((a, b) => rank[a.command] - rank[b.command]);
  return { groups: order, singles };
}

/** Flags `go list` needs to see the same packages and dependencies as the grouped command. */
export function listFlags(flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i];
    const m = /^--?(tags|mod|modfile|overlay|pgo|race|msan|asan|cover|buildvcs)(=.*)?$/.exec(f);
    if (!m) continue;
    out.push(f);
    if (!m[2] && ['tags', 'mod', 'modfile', 'overlay', 'pgo'].includes(m[1]) && i + 1 < flags.length)
      out.push(flags[++i]);
  }
  return out;
}

/** Splits import paths into chunks whose command line stays under the OS limit. */
export function chunkArgs(pkgs: string[], limit: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const p of pkgs) {
    if (current.length && size + p.length + 1 > limit) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(p);
    size += p.length + 1;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
