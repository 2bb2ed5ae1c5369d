// Projects declared in project.json files (and package.json files with an "nx" section): their
// names, so a Go project never takes a name another project has (Nx would refuse the whole
// graph) and joins the project that already has its directory as root; and the outputs their
// targets declare, so a Go package that embeds a directory another task writes (a web app's
// build, say) can depend on that task. Targets other plugins infer are not visible to
// createNodes; for those the `embedTargets` option names the task (see docs/mixed.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globWithWorkspaceContext } from 'nx/src/utils/workspace-context';

export interface DeclaredOutput {
  /** Task id, `project:target`. */
  task: string;
  /** Workspace-relative posix directory or file the task writes. */
  path: string;
}

export interface DeclaredProject {
  name: string;
  /** Workspace-relative posix root ('.' for the workspace root). */
  root: string;
  /** The file that declares it. */
  file: string;
}

export const PROJECT_FILE_GLOBS = ['**/project.json', '**/package.json'];

export async function declaredProjects(
  root: string,
): Promise<{ projects: DeclaredProject[]; outputs: DeclaredOutput[] }> {
  const files = await globWithWorkspaceContext(root, PROJECT_FILE_GLOBS);
  const outputs: DeclaredOutput[] = [];
  const projects: DeclaredProject[] = [];
  for (const file of files) {
    const json = readJson(path.join(root, file));
    if (!json) continue;
    const projectRoot = path.posix.dirname(file);
    const isPackageJson = file.endsWith('package.json');
    const config = isPackageJson ? json.nx : json;
    const name: unknown = config?.name ?? json.name;
    if (typeof name !== 'string' || !config) continue;
    projects.push({ name, root: projectRoot, file });
    const targets = config.targets;
    if (!targets || typeof targets !== 'object') continue;
    for (const [target, t] of Object.entries(targets as Record<string, { outputs?: unknown }>)) {
      if (!Array.isArray(t?.outputs)) continue;
      for (const out of t.outputs) {
        const resolved = typeof out === 'string' ? resolveOutput(out, projectRoot) : undefined;
        if (resolved) outputs.push({ task: `${name}:${target}`, path: resolved });
      }
    }
  }
  return { projects, outputs };
}

/** `{workspaceRoot}/x` and `{projectRoot}/x` → workspace-relative; other tokens are unknowable here. */
function resolveOutput(output: string, projectRoot: string): string | undefined {
  let p = output
    .replace(/^\{workspaceRoot\}\/?/, '')
    .replace(/^\{projectRoot\}/, projectRoot === '.' ? '' : projectRoot);
  if (p.includes('{') || /[*?[]/.test(p)) p = p.slice(0, p.search(/[{*?[]/));
  p = path.posix.normalize(p.replace(/^\/+/, '')).replace(/\/+$/, '');
  return p === '' || p === '.' || p.startsWith('..') ? undefined : p;
}

/** The fields read of a project.json, or of a package.json (whose `nx` holds the same). */
interface ProjectFile {
  name?: unknown;
  targets?: unknown;
  nx?: ProjectFile;
}

function readJson(file: string): ProjectFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
