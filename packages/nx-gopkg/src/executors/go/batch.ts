// Batch implementation of `nx-gopkg:go`: Nx hands over many go tasks at once (run-many, affected); go
// runs once per command, module root and flag set, and each task gets exactly its own result and
// terminal output (see batch-parse.ts for how go's JSON output is attributed).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import type { BatchExecutorTaskResult, TaskResult } from 'nx/src/config/misc-interfaces';
import { goProcessEnv, pluginCacheSettings } from './cacheprog-env';
import { targetGoos } from '../../scan/go-names';
import { goInvocation } from './go-command';
import type { CapturedRun } from './capture';
import { captureGo, runGo } from './run-go';
import { excludedByContext, takeExcludedLine } from './no-go-files';
import { TargetOptions, withProjectDefaults } from './project-options';
import {
  Attribution,
  attributeBuild,
  attributeTest,
  attributeVet,
  depsFromList,
  DepsMap,
  needsDeps,
  parseJsonStream,
  type ListedDeps,
} from './batch-parse';
import { BatchTask, chunkArgs, GoGroup, listFlags, planBatch } from './batch-plan';
import { splitCoverProfile } from './coverage-profile';
import { runFmt } from './fmt';
import { runLint } from './lint';
import { prepareReports, renderTestStream, writeCoverage, writeJunit } from './test-reports';

const ARG_LIMIT = process.platform === 'win32' ? 24_000 : 500_000;

/** Dependencies (transitive, with test imports for test/vet) of pkgs, as go list sees them. */
async function listDeps(group: GoGroup, pkgs: string[], env: NodeJS.ProcessEnv): Promise<DepsMap | undefined> {
  const records: ListedDeps[] = [];
  for (const chunk of chunkArgs(pkgs, ARG_LIMIT)) {
    const argv = [
      'list',
      '-e',
      ...(group.command === 'build' ? [] : ['-test']),
      ...listFlags(group.flags),
      '-json=ImportPath,Deps',
      ...chunk,
    ];
    const r = await captureGo(argv, group.cwd, env);
    if (r.code !== 0) return undefined;
    records.push(...parseJsonStream<ListedDeps>(r.stdout).values);
  }
  return depsFromList(records);
}

function attribute(group: GoGroup, r: CapturedRun, pkgs: string[], deps?: DepsMap): Attribution {
  switch (group.command) {
    case 'build':
      return attributeBuild(r.stdout, r.stderr, r.code, pkgs, deps);
    case 'test':
      return attributeTest(r.stdout, r.stderr, r.code, pkgs);
    case 'vet':
      return attributeVet(r.stdout, r.stderr, r.code, pkgs, group.cwd, path.relative, deps);
  }
}

function argvFor(group: GoGroup, pkgs: string[], outDir?: string, coverFile?: string): string[] {
  switch (group.command) {
    case 'build':
      return ['build', '-json', '-trimpath', ...group.flags, ...(outDir ? ['-o', outDir + path.sep] : []), ...pkgs];
    case 'test':
      return ['test', '-json', ...(coverFile ? [`-coverprofile=${coverFile}`] : []), ...group.flags, ...pkgs];
    case 'vet':
      return ['vet', '-json', ...group.flags, ...pkgs];
  }
}

export interface GroupOutcome {
  /** Per import path of the group; nothingBuilt: go had no file of it to build (no-go-files.ts). */
  results: Map<string, { success: boolean; output: string; nothingBuilt?: boolean }>;
  startTime: number;
  endTime: number;
}

/**
 * Runs one group: go once over all its packages (in chunks if the command line would be too
 * long); when go fails, packages go said nothing about are explained with go list (importers of a
 * broken package) or run again without the packages already explained.
 */
export async function runGroup(
  group: GoGroup,
  baseEnv: NodeJS.ProcessEnv = goProcessEnv(process.env),
  workspaceRoot?: string,
): Promise<GroupOutcome> {
  const startTime = Date.now();
  const env = group.env ? { ...baseEnv, ...group.env } : baseEnv;
  const results: GroupOutcome['results'] = new Map();
  const outDir = group.mains.length ? fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-bin-')) : undefined;
  // Coverage of a multi-package go test is one merged profile; JUnit comes from the -json stream.
  const reportTasks = group.command === 'test' && workspaceRoot !== undefined;
  const coverFile =
    reportTasks && group.cover
      ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-cover-')), 'cover.out')
      : undefined;
  if (reportTasks)
    for (const list of group.tasks.values()) for (const t of list) prepareReports(t.options, workspaceRoot!);
  const mainPaths = new Set(group.mains.map((m) => m.task.options.importPath));
  try {
    let pending = [...group.tasks.keys()];
    for (let attempt = 0; pending.length > 0; attempt++) {
      const unknown: string[] = [];
      let general = '';
      for (const chunk of chunkArgs(pending, ARG_LIMIT)) {
        // go refuses `-o dir/` when none of the packages is a main package ("no main packages
        // to build"), as happens on a retry once the mains are explained.
        const withMain = outDir && chunk.some((p) => mainPaths.has(p)) ? outDir : undefined;
        if (coverFile) fs.rmSync(coverFile, { force: true });
        const r = await captureGo(argvFor(group, chunk, withMain, coverFile), group.cwd, env);
        let a = attribute(group, r, chunk);
        if (needsDeps(a) && group.command !== 'test') {
          const deps = await listDeps(
            group,
            chunk.filter((p) => a.results.get(p)!.status === 'unknown'),
            env,
          );
          if (deps) a = attribute(group, r, chunk, deps);
        }
        let chunkGeneral = a.general;
        for (const [pkg, res] of a.results) {
          if (res.status !== 'success') {
            const [line, rest] = takeExcludedLine(chunkGeneral, pkg);
            const note = excludedByContext(pkg, res.output + line);
            if (note) {
              chunkGeneral = rest;
              results.set(pkg, { success: true, output: note, nothingBuilt: true });
              continue;
            }
          }
          if (res.status === 'unknown') unknown.push(pkg);
          else results.set(pkg, { success: res.status === 'success', output: res.output });
        }
        if (reportTasks)
          writeReports(
            group,
            workspaceRoot!,
            r.stdout,
            coverFile,
            chunk.filter((p) => a.results.get(p)!.status !== 'unknown'),
          );
        general += chunkGeneral;
      }
      // Nothing explained (go failed before naming a package), or still failing after retries:
      // go's own message applies to every package left.
      if (unknown.length === pending.length || attempt >= 2) {
        const text = general || `nx-gopkg: go exited with an error without naming a package\n`;
        for (const pkg of unknown) results.set(pkg, { success: false, output: text });
        break;
      }
      pending = unknown;
    }
    if (outDir) placeBinaries(group, outDir, results);
  } finally {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
    if (coverFile) fs.rmSync(path.dirname(coverFile), { recursive: true, force: true });
  }
  return { results, startTime, endTime: Date.now() };
}

/** Each explained package's coverage profile and JUnit report, from one go test -json run. */
function writeReports(
  group: GoGroup,
  workspaceRoot: string,
  stdout: string,
  coverFile: string | undefined,
  pkgs: string[],
): void {
  const wantsJunit = pkgs.some((p) => group.tasks.get(p)!.some((t) => t.options.junitFile));
  const events = wantsJunit ? renderTestStream(stdout).events : [];
  let profiles: Map<string, string> | undefined;
  if (coverFile) {
    try {
      profiles = splitCoverProfile(fs.readFileSync(coverFile, 'utf8'), pkgs);
    } catch {
      profiles = undefined; // go wrote none (nothing was built): leave the packages without one
    }
  }
  for (const pkg of pkgs) {
    for (const t of group.tasks.get(pkg)!) {
      writeJunit(t.options, workspaceRoot, events);
      writeCoverage(t.options, workspaceRoot, profiles?.get(pkg));
    }
  }
}

/** Moves each built main package binary from the shared -o directory to its task's output path. */
function placeBinaries(group: GoGroup, outDir: string, results: GroupOutcome['results']): void {
  for (const main of group.mains) {
    const pkg = main.task.options.importPath;
    const r = results.get(pkg);
    if (!r?.success || r.nothingBuilt) continue;
    const from = path.join(outDir, main.goName);
    try {
      fs.mkdirSync(path.dirname(main.dest), { recursive: true });
      try {
        fs.renameSync(from, main.dest);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
        fs.copyFileSync(from, main.dest);
        fs.chmodSync(main.dest, fs.statSync(from).mode);
      }
    } catch (e) {
      // The package shares its import path with other tasks of this group: only this one fails.
      results.set(pkg, {
        success: false,
        output: r.output + `nx-gopkg: cannot write ${main.dest}: ${(e as Error).message}\n`,
      });
    }
  }
}

/** One task with the single-task command line, output captured (go run streams live instead). */
async function runSingle(task: BatchTask, root: string, goos: string, env: NodeJS.ProcessEnv): Promise<TaskResult> {
  const startTime = Date.now();
  const { argv, cwd, env: extraEnv } = goInvocation(task.options, root, goos);
  if (extraEnv) env = { ...env, ...extraEnv };
  if (task.options.command === 'test') prepareReports(task.options, root);
  if (task.options.command === 'run') {
    const success = await runGo(argv, cwd, env);
    return { success, terminalOutput: '', startTime, endTime: Date.now() };
  }
  const r = await captureGo(argv, cwd, env);
  if (task.options.command === 'test' && task.options.junitFile) {
    const { text, events } = renderTestStream(r.stdout);
    const skipped = r.code !== 0 ? excludedByContext(task.options.importPath, text + r.stderr) : undefined;
    if (skipped) return { success: true, terminalOutput: skipped, startTime, endTime: Date.now() };
    writeJunit(task.options, root, events);
    return { success: r.code === 0, terminalOutput: text + r.stderr, startTime, endTime: Date.now() };
  }
  const note = r.code !== 0 ? excludedByContext(task.options.importPath, r.combined) : undefined;
  return { success: r.code === 0 || !!note, terminalOutput: note ?? r.combined, startTime, endTime: Date.now() };
}

async function* mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const running = new Map<number, Promise<[number, R]>>();
  let next = 0;
  const start = () => {
    const i = next++;
    running.set(
      i,
      fn(items[i]).then((r) => [i, r] as [number, R]),
    );
  };
  while (next < items.length && running.size < limit) start();
  while (running.size) {
    const [i, r] = await Promise.race(running.values());
    running.delete(i);
    if (next < items.length) start();
    yield [items[i], r];
  }
}

/**
 * The batch executor. Only tasks whose dependencies inside the batch are done are run; Nx hands
 * the rest to a later wave (go tasks normally have no dependencies on each other).
 */
export default async function* goBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, TargetOptions>,
  _overrides: TargetOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchExecutorTaskResult> {
  const goos = targetGoos(process.env);
  const ready = Object.keys(taskGraph.tasks).filter((id) => (taskGraph.dependencies[id] ?? []).length === 0);
  const tasks: BatchTask[] = [];
  const reported = new Set<string>();
  for (const id of ready) {
    const project = context.projectGraph?.nodes[taskGraph.tasks[id].target.project]?.data;
    const resolved = withProjectDefaults(inputs[id], project);
    if ('error' in resolved) {
      reported.add(id);
      yield { task: id, result: { success: false, terminalOutput: `${resolved.error}\n` } };
    } else tasks.push({ id, options: resolved.options });
  }
  const env = goProcessEnv(process.env, pluginCacheSettings(context.nxJsonConfiguration, context.root));
  try {
    // gofmt and golangci-lint: one run over many packages each, results attributed by directory.
    for (const command of ['fmt', 'lint'] as const) {
      const own = tasks.filter((t) => t.options.command === command).map((t) => ({ label: t.id, options: t.options }));
      if (!own.length) continue;
      const startTime = Date.now();
      const results = await (command === 'fmt' ? runFmt : runLint)(own, context.root, env);
      const endTime = Date.now();
      for (const t of own) {
        const r = results.get(t.label) ?? { success: false, output: `nx-gopkg: no result from ${command}\n` };
        reported.add(t.label);
        yield { task: t.label, result: { success: r.success, terminalOutput: r.output, startTime, endTime } };
      }
    }
    const goTasks = tasks.filter((t) => t.options.command !== 'fmt' && t.options.command !== 'lint');
    const plan = planBatch(goTasks, context.root, goos, env.GOWORK);
    for (const group of plan.groups) {
      const outcome = await runGroup(group, env, context.root);
      for (const [pkg, groupTasks] of group.tasks) {
        const r = outcome.results.get(pkg) ?? { success: false, output: 'nx-gopkg: no result from go\n' };
        for (const t of groupTasks) {
          reported.add(t.id);
          yield {
            task: t.id,
            result: {
              success: r.success,
              terminalOutput: r.output,
              startTime: outcome.startTime,
              endTime: outcome.endTime,
            },
          };
        }
      }
    }
    for await (const [task, result] of mapLimit(plan.singles, Math.max(1, os.cpus().length), (t) =>
      runSingle(t, context.root, goos, env),
    )) {
      reported.add(task.id);
      yield { task: task.id, result };
    }
  } catch (e) {
    const message = `nx-gopkg: batch failed: ${(e as Error).stack ?? e}\n`;
    for (const t of tasks) {
      if (reported.has(t.id)) continue;
      reported.add(t.id);
      yield { task: t.id, result: { success: false, terminalOutput: message } };
    }
  }
}
