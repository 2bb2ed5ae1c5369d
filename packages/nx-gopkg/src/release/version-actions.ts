// Nx release version actions for Go modules (nx.json: "versionActions": "nx-gopkg/src/release/version-actions").
// A Go module's version is a git tag, not a manifest field: the current version is the newest
// tag of the module (see go-tags.ts), the new version becomes a new tag, made by
// afterAllProjectsVersioned once every project is versioned (listed only, under --dry-run).
// Each project in a release group stands for the module whose go.mod is nearest at or above its
// root, so a group can list a module's packages (`example.com/mod/**`): they ask for one tag.
// Nothing on disk changes: Go has no version field to write, and importers' go.mod require
// lines are updated with `go get`.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { ProjectGraphDependency, Tree } from '@nx/devkit';
import { VersionActions, type AfterAllProjectsVersioned } from 'nx/release';
import { parseGoMod } from '../scan/gomod';
import { PLUGIN_NAME } from '../generators/init/init';
import { latestVersion, majorVersionProblem, tagPrefix } from './go-tags';

const LOG = `${PLUGIN_NAME} release`;

interface ModuleOfProject {
  /** Module path from go.mod. */
  path: string;
  /** Workspace-relative go.mod. */
  goMod: string;
  /** `''` or `dir/`, relative to the git repository root. */
  prefix: string;
}

/** Tags to create, in the order projects were versioned: tag → who asked and the git root. */
const plannedTags = new Map<string, { project: string; version: string; gitRoot: string }>();
/** Module (go.mod) → the version its first project asked for, so that two projects cannot disagree. */
const plannedModules = new Map<string, { project: string; version: string }>();

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function gitRootOf(dir: string): string {
  try {
    return git(dir, ['rev-parse', '--show-toplevel']);
  } catch (e) {
    throw new Error(
      `${LOG}: ${dir} is not in a git repository; Go module versions are git tags (${(e as Error).message.trim()})`,
      {
        cause: e,
      },
    );
  }
}

export default class GoModuleVersionActions extends VersionActions {
  /** go.mod names the module; Nx requires a manifest name for the "disk" resolver, which reads tags here. */
  validManifestFilenames = ['go.mod'];
  excludeManifestsFromFormatting = true;

  private module?: ModuleOfProject;
  private gitRoot = '';

  /** Finds the project's module; refuses a resolver other than "disk" before Nx would use it. */
  async init(tree: Tree): Promise<void> {
    await super.init(tree);
    const name = this.projectGraphNode.name;
    const resolver = this.finalConfigForProject.currentVersionResolver;
    if (resolver !== 'disk') {
      throw new Error(
        `${LOG}: project "${name}" uses currentVersionResolver "${resolver}"; Go module versions are read from the module's ` +
          `own tags by these version actions, so set "currentVersionResolver": "disk" in the release group's "version"`,
      );
    }
    // Nothing is written to go.mod: no manifest is "updated".
    this.manifestsToUpdate = [];
    this.gitRoot = gitRootOf(tree.root);
    const root = this.projectGraphNode.data.root;
    for (let dir = root; ; dir = path.posix.dirname(dir)) {
      const goMod = path.posix.join(dir, 'go.mod');
      if (tree.exists(goMod)) {
        const mod = parseGoMod(tree.read(goMod, 'utf-8') ?? '', goMod);
        const abs = path.resolve(tree.root, dir);
        const repoDir = path.relative(this.gitRoot, abs).split(path.sep).join('/');
        this.module = { path: mod.module, goMod, prefix: tagPrefix(mod.module, repoDir === '' ? '.' : repoDir) };
        return;
      }
      if (dir === '.' || dir === '/' || dir === '') break;
    }
    throw new Error(`${LOG}: project "${name}" (${root}) is in no Go module: there is no go.mod at or above it`);
  }

  /** Nothing to check on disk once pre-version commands have run: init() has checked the module and resolver. */
  async validate(): Promise<void> {}

  private moduleOrThrow(): ModuleOfProject {
    if (!this.module) throw new Error(`${LOG}: project "${this.projectGraphNode.name}" is in no Go module`);
    return this.module;
  }

  /** The newest tag of the module; `0.0.0` (go's v0.0.0 pseudo-version base) when it has none yet. */
  async readCurrentVersionFromSourceManifest(): Promise<{ currentVersion: string; manifestPath: string }> {
    const mod = this.moduleOrThrow();
    const tags = git(this.gitRoot, ['tag', '--list', `${mod.prefix}v*`])
      .split('\n')
      .filter(Boolean);
    const latest = latestVersion(tags, mod.prefix, mod.path);
    return latest
      ? { currentVersion: latest.version, manifestPath: `git tag ${latest.tag} (module ${mod.path})` }
      : { currentVersion: '0.0.0', manifestPath: `no ${mod.prefix}v* tag yet (module ${mod.path}, v0.0.0)` };
  }

  async readCurrentVersionFromRegistry(): Promise<null> {
    return null;
  }

  /** Refuses versions whose major the module path does not carry (v2+ without /vN). */
  async calculateNewVersion(
    currentVersion: string | null,
    newVersionInput: string,
    newVersionInputReason: string,
    newVersionInputReasonData: Record<string, unknown>,
    preid: string,
  ): Promise<{ newVersion: string; logText: string }> {
    const result = await super.calculateNewVersion(
      currentVersion,
      newVersionInput,
      newVersionInputReason,
      newVersionInputReasonData,
      preid,
    );
    const mod = this.moduleOrThrow();
    const problem = majorVersionProblem(mod.path, mod.goMod, result.newVersion);
    if (problem) throw new Error(`${LOG}: ${problem}`);
    return result;
  }

  /** Go modules are versioned on their own: a release does not bump the modules that import it. */
  async readDependencies(): Promise<ProjectGraphDependency[]> {
    return [];
  }

  async readCurrentVersionOfDependency(): Promise<{
    currentVersion: string | null;
    dependencyCollection: string | null;
  }> {
    return { currentVersion: null, dependencyCollection: null };
  }

  async updateProjectDependencies(): Promise<string[]> {
    return [];
  }

  /** Plans the module's tag; it is created (or, under --dry-run, listed) after all projects are versioned. */
  async updateProjectVersion(_tree: Tree, newVersion: string): Promise<string[]> {
    const mod = this.moduleOrThrow();
    const tag = `${mod.prefix}v${newVersion}`;
    const name = this.projectGraphNode.name;
    const other = plannedModules.get(mod.goMod);
    if (other && other.version !== newVersion) {
      throw new Error(
        `${LOG}: projects "${other.project}" and "${name}" are both in module ${mod.path} but were given versions ` +
          `${other.version} and ${newVersion}; a module has one version: put its projects in one release group with "projectsRelationship": "fixed"`,
      );
    }
    if (!other) {
      plannedModules.set(mod.goMod, { project: name, version: newVersion });
      plannedTags.set(tag, { project: name, version: newVersion, gitRoot: this.gitRoot });
    }
    return [`🏷️  Go module ${mod.path} will be tagged ${tag}`];
  }
}

/** Creates the planned tags on HEAD (annotated, like Nx's own release tags), or lists them under --dry-run. */
export const afterAllProjectsVersioned: AfterAllProjectsVersioned = async (_cwd, { dryRun }) => {
  const tags = [...plannedTags.entries()];
  plannedTags.clear();
  plannedModules.clear();
  for (const [tag, { gitRoot }] of tags) {
    let exists: boolean;
    try {
      git(gitRoot, ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}`]);
      exists = true;
    } catch {
      exists = false;
    }
    if (exists) throw new Error(`${LOG}: tag ${tag} already exists; a released Go module version cannot be moved`);
  }
  for (const [tag, { gitRoot }] of tags) {
    if (dryRun) {
      console.log(`${LOG}: would create tag ${tag}`);
    } else {
      git(gitRoot, ['tag', '--annotate', tag, '--message', tag]);
      console.log(`${LOG}: created tag ${tag}`);
    }
  }
  return { changedFiles: [], deletedFiles: [] };
};
