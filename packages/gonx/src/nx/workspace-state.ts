// One inference per workspace state, shared by createNodes and createDependencies and kept
// on disk in Nx's workspace data directory. The key hashes every file inference reads the
// structure from (.go, go.mod, go.sum, go.work, vendor/modules.txt) through Nx's own file
// index, plus options and the plugin version, so a warm run only re-reads a JSON file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashArray, logger } from '@nx/devkit';
import { workspaceDataDirectory } from 'nx/src/utils/cache-directory';
import { globWithWorkspaceContext, hashMultiGlobWithWorkspaceContext } from 'nx/src/utils/workspace-context';
import { contextFromGo } from '../scan/go-env';
import type { Problem } from '../scan/types';
import { HeaderCache, writeFileAtomic } from './header-cache';
import { infer } from './infer';
import { NormalizedOptions, scanModeOf } from './options';
import { graphFromInference, GoGraph } from './graph-output';
import { declaredProjects, PROJECT_FILE_GLOBS } from './declared-projects';

const PLUGIN_VERSION: string = (() => {
  try {
    return require('../../package.json').version;
  } catch {
    return 'dev';
  }
})();

/** Files whose content or presence decides the inferred graph. */
export const STRUCTURE_GLOBS = [
  '**/*.go',
  '**/go.mod',
  '**/go.sum',
  '**/go.work',
  '**/go.work.sum',
  '**/vendor/modules.txt',
  // Other projects' declared outputs decide which Go tasks wait for them (mixed TS/Go).
  ...PROJECT_FILE_GLOBS,
];

let memo: { key: string; graph: GoGraph } | undefined;

/**
 * The Go graph, or an empty one when inference itself fails: gonx runs inside every nx command
 * of the workspace, and a bug here must not take the TypeScript projects down with it.
 */
export async function goGraphOrNothing(root: string, options: NormalizedOptions): Promise<GoGraph> {
  try {
    return await goGraph(root, options);
  } catch (err) {
    logger.warn(`gonx: inferring the Go projects failed, so none are shown: ${(err as Error)?.stack ?? err}`);
    return { nodes: {}, dependencies: [], problems: [] };
  }
}

export async function goGraph(root: string, options: NormalizedOptions): Promise<GoGraph> {
  const [filesHash] = await hashMultiGlobWithWorkspaceContext(root, [STRUCTURE_GLOBS]);
  const env = [process.env.GOFLAGS ?? '', process.env.GOWORK ?? ''];
  const key = hashArray([PLUGIN_VERSION, JSON.stringify(options), root, filesHash, ...env]);
  if (memo?.key === key) return memo.graph;
  const graph = (await loadOrInfer(root, options, key));
  reportProblems(root, graph.problems);
  memo = { key, graph };
  return graph;
}

async function loadOrInfer(root: string, options: NormalizedOptions, key: string): Promise<GoGraph> {

  const dataDir = path.join(workspaceDataDirectory, 'gonx');
  const stateFile = path.join(dataDir, `graph-${hashArray([root, JSON.stringify(options)])}.json`);
  const stored = readStored(stateFile);
  if (stored?.key === key) return stored.graph;

  const headers = new HeaderCache(path.join(dataDir, `headers-${hashArray([PLUGIN_VERSION, root])}.json`));
  const tracked = new Set(await globWithWorkspaceContext(root, ['**/*.go']));
  const mode = options.buildContext
    ? scanModeOf(options, ...toolchainFacts(options.buildContext))
    : scanModeOf(options, '', []);
  const outputDirPrefix = `${options.outputDir}/`;
  const declared = await declaredProjects(root);
  const outputs = declared.outputs.filter((o) => !`${o.path}/`.startsWith(outputDirPrefix));
  const inference = infer({
    root, options, mode, headers,
    trackedGoFiles: tracked,
    declaredOutputs: outputs,
    declaredProjects: declared.projects,
  });
  headers.save();
  const graph = graphFromInference(inference, options);
  writeFileAtomic(stateFile, JSON.stringify({ key, graph }));
  return graph;
}

/** Release and tool tags of one platform come from go itself; without go, a documented fallback. */
function toolchainFacts(ctx: { goos: string; goarch: string; cgoEnabled: boolean }): [string, string[]] {
  try {
    const context = contextFromGo(ctx.goos, ctx.goarch, ctx.cgoEnabled);
    return [context.goVersion, context.toolTags];
  } catch {
    return [FALLBACK_GO_VERSION, []];
  }
}

/** Used for `buildContext` when go is not installed: the Go release gonx is tested with. */
const FALLBACK_GO_VERSION = '1.26';

function readStored(file: string): { key: string; graph: GoGraph } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** One warning per problem, naming the file (and line) and the reason. */
function reportProblems(root: string, problems: Problem[]): void {
  const seen = new Set<string>();
  for (const p of problems) {
    const where = `${path.relative(root, p.file) || '.'}${p.line ? `:${p.line}` : ''}`;
    const line = `gonx: ${where}: ${p.message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    logger.warn(line);
  }
}
