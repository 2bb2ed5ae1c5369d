// go-lint: golangci-lint run, once per module root and flag set for all the packages asked for,
// with its JSON report attributed to each package by the directory of the file an issue names.
import * as path from 'node:path';
import { captureProgram } from './capture';
import { splitArgs } from './go-command';
import { GOLANGCI_LINT_MISSING } from './messages';
import type { GoExecutorOptions } from './schema';

export interface LintTask {
  label: string;
  options: GoExecutorOptions;
}

export interface LintResult {
  success: boolean;
  output: string;
}

interface Issue {
  FromLinter?: string;
  Text?: string;
  Pos?: { Filename?: string; Line?: number; Column?: number };
}

/**
 * The report's issues per package directory relative to `moduleDir` ('.' for the root), each
 * printed with its file relative to the workspace root. Issues name absolute files (--path-mode=abs).
 */
export function issuesByDir(report: unknown, moduleDir: string, workspaceRoot: string): Map<string, string> {
  const out = new Map<string, string>();
  const issues: Issue[] = (report as { Issues?: Issue[] } | null)?.Issues ?? [];
  for (const i of issues) {
    const file = path.resolve(moduleDir, i.Pos?.Filename ?? '');
    const dir = path.relative(moduleDir, path.dirname(file)).replace(/\\/g, '/') || '.';
    const shown = path.relative(workspaceRoot, file).replace(/\\/g, '/');
    const where = `${shown}:${i.Pos?.Line ?? 0}:${i.Pos?.Column ?? 0}`;
    out.set(dir, (out.get(dir) ?? '') + `${where}: ${i.Text ?? ''} (${i.FromLinter ?? 'golangci-lint'})\n`);
  }
  return out;
}

/** The typecheck issues of a report as text ('' when every package type-checked). */
function typecheckText(report: unknown, moduleDir: string, workspaceRoot: string): string {
  const issues: Issue[] = (report as { Issues?: Issue[] } | null)?.Issues ?? [];
  const only = issues.filter((i) => i.FromLinter === 'typecheck');
  return only.length ? [...issuesByDir({ Issues: only }, moduleDir, workspaceRoot).values()].join('') : '';
}

/** The first JSON object golangci-lint printed (the report); undefined when there is none. */
function parseReport(stdout: string): unknown {
  const start = stdout.indexOf('{');
  if (start < 0) return undefined;
  const line = stdout.slice(start).split('\n')[0];
  try {
    return JSON.parse(line);
  } catch {
    try {
      return JSON.parse(stdout.slice(start));
    } catch {
      return undefined;
    }
  }
}

export async function runLint(
  tasks: LintTask[],
  workspaceRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, LintResult>> {
  const results = new Map<string, LintResult>();
  const groups = new Map<string, LintTask[]>();
  for (const t of tasks) {
    const key = JSON.stringify([
      t.options.moduleRoot,
      t.options.lintConfig ?? '',
      t.options.tags ?? [],
      splitArgs(t.options.args),
    ]);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  for (const [key, group] of groups) {
    const [moduleRoot, config, tags, extra] = JSON.parse(key) as [string, string, string[], string[]];
    const cwd = path.resolve(workspaceRoot, moduleRoot);
    const rel = (t: LintTask) =>
      path.relative(cwd, path.resolve(workspaceRoot, t.options.packageDir ?? moduleRoot)).replace(/\\/g, '/') || '.';
    // Limits off: golangci-lint's default caps (50 per linter, 3 of a kind) count over the whole
    // run, so in a batch they would hide one package's issues behind another's.
    const baseArgv = [
      'run',
      // The config inference found (and hashed): golangci-lint would otherwise search from the
      // first path's directory upwards, and then the home directory, which no input covers.
      ...(config ? ['--config', path.resolve(workspaceRoot, config)] : ['--no-config']),
      '--output.json.path=stdout',
      '--path-mode=abs',
      '--show-stats=false',
      '--max-issues-per-linter=0',
      '--max-same-issues=0',
      ...(tags.length ? ['--build-tags', tags.join(',')] : []),
      ...extra,
    ];
    const outcome = new Map<string, LintResult>();
    /** One golangci-lint run over `dirs`; unexplained dirs returned (see below). */
    const lintOnce = async (dirs: string[]): Promise<string[]> => {
      const r = await captureProgram(
        'golangci-lint',
        [...baseArgv, ...dirs.map((d) => (d === '.' ? '.' : `./${d}`))],
        cwd,
        env,
      );
      if (r.notFound) {
        for (const d of dirs) outcome.set(d, { success: false, output: `${GOLANGCI_LINT_MISSING}\n` });
        return [];
      }
      const report = parseReport(r.stdout);
      // Exit 1 means issues were found; anything else without a report is golangci-lint's own error.
      if ((r.code !== 0 && r.code !== 1) || report === undefined) {
        const output =
          `${r.stderr}${report === undefined ? r.stdout : ''}` || `nx-gopkg: golangci-lint exited ${r.code}\n`;
        for (const d of dirs) outcome.set(d, { success: r.code === 0, output });
        return [];
      }
      const byDir = issuesByDir(report, cwd, workspaceRoot);
      const typecheck = typecheckText(report, cwd, workspaceRoot);
      const rest: string[] = [];
      for (const d of dirs) {
        const own = byDir.get(d);
        if (own) outcome.set(d, { success: false, output: own });
        else if (!typecheck) outcome.set(d, { success: true, output: '' });
        else if (dirs.length === 1) outcome.set(d, { success: false, output: typecheck });
        else rest.push(d);
      }
      return rest;
    };
    // When some package does not type-check, golangci-lint reports only the typecheck errors and
    // drops every other linter's issues: packages without issues of their own are then unknown.
    // They are linted again without the packages already explained, and when that explains none
    // (a broken package outside the batch), one by one; a package that still meets typecheck
    // errors alone imports a broken package and fails with them.
    let pending = [...new Set(group.map(rel))];
    for (let attempt = 0; pending.length; attempt++) {
      const rest = await lintOnce(pending);
      if (rest.length === 0) break;
      if (rest.length < pending.length && attempt < 2) {
        pending = rest;
        continue;
      }
      for (const d of rest) await lintOnce([d]);
      break;
    }
    for (const t of group)
      results.set(
        t.label,
        outcome.get(rel(t)) ?? { success: false, output: 'nx-gopkg: no result from golangci-lint\n' },
      );
  }
  return results;
}
