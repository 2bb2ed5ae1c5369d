// go-fmt: `gofmt -l` over the package's own .go files (all of them, test files and other
// platforms' files too, as `go fmt` does; not nested packages). One gofmt serves many packages:
// it names each file it lists or cannot parse, so results are attributed by directory.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureProgram } from './capture';
import { splitArgs } from './go-command';
import { chunkArgs } from './batch-plan';
import { GO_MISSING } from './messages';
import type { GoExecutorOptions } from './schema';

export interface FmtTask {
  /** How the user reruns it: `project:target`. */
  label: string;
  options: GoExecutorOptions;
}

export interface FmtResult {
  success: boolean;
  output: string;
}

/** The package's .go files as gofmt should see them (go/build skips names starting with _ or .). */
function packageGoFiles(dirAbs: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dirAbs, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.go') && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

const gofmtByRoot = new Map<string, string>();

/** The gofmt of the go on PATH (`$(go env GOROOT)/bin/gofmt`), so both come from one toolchain. */
async function gofmtBinary(cwd: string, env: NodeJS.ProcessEnv): Promise<string | { error: string }> {
  const r = await captureProgram('go', ['env', 'GOROOT'], cwd, env);
  if (r.notFound) return { error: GO_MISSING };
  if (r.code !== 0) return { error: r.stderr || 'nx-gopkg: go env GOROOT failed\n' };
  const goroot = r.stdout.trim();
  const cached = gofmtByRoot.get(goroot);
  if (cached) return cached;
  const bin = path.join(goroot, 'bin', process.platform === 'win32' ? 'gofmt.exe' : 'gofmt');
  gofmtByRoot.set(goroot, bin);
  return bin;
}

const fixing = (o: GoExecutorOptions) => o.fix === true || splitArgs(o.args).includes('-w');

/** Runs gofmt once for tasks sharing fix/args; returns a result per task label. */
export async function runFmt(
  tasks: FmtTask[],
  workspaceRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, FmtResult>> {
  const results = new Map<string, FmtResult>();
  const groups = new Map<string, FmtTask[]>();
  for (const t of tasks) {
    const key = JSON.stringify([fixing(t.options), splitArgs(t.options.args).filter((a) => a !== '-w' && a !== '-l')]);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  for (const [key, group] of groups) {
    const [fix, extra] = JSON.parse(key) as [boolean, string[]];
    const gofmt = await gofmtBinary(workspaceRoot, env);
    if (typeof gofmt !== 'string') {
      for (const t of group) results.set(t.label, { success: false, output: gofmt.error });
      continue;
    }
    // Workspace-relative, '/'-separated file names: what gofmt prints is what the user sees.
    const byDir = new Map<string, FmtTask[]>();
    const files: string[] = [];
    for (const t of group) {
      const dir = t.options.packageDir ?? '.';
      if (!byDir.has(dir))
        for (const f of packageGoFiles(path.resolve(workspaceRoot, dir))) files.push(dir === '.' ? f : `${dir}/${f}`);
      byDir.set(dir, [...(byDir.get(dir) ?? []), t]);
    }
    const fileSet = new Set(files);
    const listed = new Map<string, string>();
    const errors = new Map<string, string>();
    let general = '';
    let failedToRun = false;
    for (const chunk of chunkArgs(files, 100_000)) {
      const r = await captureProgram(gofmt, ['-l', ...(fix ? ['-w'] : []), ...extra, ...chunk], workspaceRoot, env);
      if (r.notFound) {
        general += `nx-gopkg: ${gofmt} was not found: the Go installation has no gofmt\n`;
        failedToRun = true;
        break;
      }
      for (const line of r.stdout.split('\n')) if (line) append(listed, dirOf(line), line + '\n');
      for (const line of r.stderr.split('\n')) {
        if (!line) continue;
        const m = /^(.+?\.go):\d+(:\d+)?: /.exec(line);
        if (m && fileSet.has(m[1])) append(errors, dirOf(m[1]), line + '\n');
        else general += line + '\n';
      }
      if (r.code !== 0 && r.stderr.trim() === '') general += `nx-gopkg: gofmt exited ${r.code}\n`;
    }
    for (const [dir, dirTasks] of byDir) {
      for (const t of dirTasks) {
        const err = errors.get(dir) ?? '';
        const list = listed.get(dir) ?? '';
        if (failedToRun || err) {
          results.set(t.label, { success: false, output: err + list + general });
        } else if (list && !fix) {
          const n = list.split('\n').filter(Boolean).length;
          const hint = `nx-gopkg: gofmt -l lists ${n} file${n === 1 ? '' : 's'} that ${n === 1 ? 'is' : 'are'} not formatted; run \`nx run ${t.label} --fix\` to rewrite ${n === 1 ? 'it' : 'them'}\n`;
          results.set(t.label, { success: false, output: list + hint });
        } else {
          results.set(t.label, { success: true, output: list });
        }
      }
    }
  }
  return results;
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '.' : file.slice(0, i);
}

function append(map: Map<string, string>, key: string, text: string): void {
  map.set(key, (map.get(key) ?? '') + text);
}
