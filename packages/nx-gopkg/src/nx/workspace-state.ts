// One inference per workspace state, shared by createNodes and createDependencies and kept
// on disk in Nx's workspace data directory. The key hashes every file inference reads the
// structure from (.go, go.mod, go.sum, go.work, vendor/modules.txt) through Nx's own file
// index, plus options and the plugin version, so a warm run only re-reads a JSON file.
//
// This module is loaded in every Nx plugin worker: it imports only the few Nx modules the warm
// path needs (from their own files, not @nx/devkit's index; see docs/design.md), and the scanner and
// inference are required only on a cache miss.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashArray } from 'nx/src/hasher/file-hasher';
import { workspaceDataDirectory } from 'nx/src/utils/cache-directory';
import { logger } from 'nx/src/utils/logger';
import { getAllFileDataInContext, hashMultiGlobWithWorkspaceContext } from 'nx/src/utils/workspace-context';
import type { Problem } from '../scan/types';
import { NEWEST_KNOWN_GO } from '../scan/go-release';
import { NormalizedOptions, scanModeOf } from './options';
import type { GoGraph } from './graph-output';
import { declaredProjects, PROJECT_FILE_GLOBS } from './declared-projects';
import { writeFileAtomic } from './write-file-atomic';

const PLUGIN_VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package's own file, read at run time (outside the compiled rootDir)
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
  // A golangci config decides where go-lint is inferred and which file it hashes.
  '**/.golangci.{yml,yaml,toml,json}',
  // Other projects' declared outputs decide which Go tasks wait for them (mixed TS/Go).
  ...PROJECT_FILE_GLOBS,
];

let memo: { key: string; graph: GoGraph } | undefined;

/**
 * The Go graph, or an empty one when inference itself fails: nx-gopkg runs inside every nx command
 * of the workspace, and a bug here must not take the TypeScript projects down with it.
 */
export async function goGraphOrNothing(root: string, options: NormalizedOptions): Promise<GoGraph> {
  try {
    return await goGraph(root, options);
  } catch (err) {
    logger.warn(`nx-gopkg: inferring the Go projects failed, so none are shown: ${(err as Error)?.stack ?? err}`);
    return { nodes: {}, dependencies: [], problems: [] };
  }
}

export async function goGraph(root: string, options: NormalizedOptions): Promise<GoGraph> {
  const [filesHash] = await hashMultiGlobWithWorkspaceContext(root, [STRUCTURE_GLOBS]);
  const env = [process.env.GOFLAGS ?? '', process.env.GOWORK ?? ''];
  const key = hashArray([PLUGIN_VERSION, JSON.stringify(options), root, filesHash, installedGoVersion(), ...env]);
  if (memo?.key === key) return memo.graph;
  const graph = (await loadOrInfer(root, options, key));
  reportProblems(root, graph.problems);
  memo = { key, graph };
  return graph;
}

async function loadOrInfer(root: string, options: NormalizedOptions, key: string): Promise<GoGraph> {

  const dataDir = path.join(workspaceDataDirectory, 'nx-gopkg');
  const stateFile = path.join(dataDir, `graph-${hashArray([root, JSON.stringify(options)])}.json`);
  const stored = readStored(stateFile, key);
  if (stored) return stored;

  const [{ HeaderCache, hashFingerprint }, { infer }, { graphFromInference }, { contextFromGo }] = await Promise.all([
    import('./header-cache'),
    import('./infer'),
    import('./graph-output'),
    import('../scan/go-env'),
  ]);
  // Nx's index: which .go files it tracks, and their content hashes (the header cache's key).
  const goHashes = new Map<string, string>();
  for (const { file, hash } of await getAllFileDataInContext(root)) {
    if (file.endsWith('.go')) goHashes.set(file, hash);
  }
  const tracked = new Set(goHashes.keys());
  const headers = new HeaderCache(
    path.join(dataDir, `headers-${hashArray([PLUGIN_VERSION, root])}.json`),
    hashFingerprint((abs) => goHashes.get(workspacePath(root, abs))),
  );
  const mode = options.buildContext
    ? scanModeOf(options, ...toolchainFacts(contextFromGo, options.buildContext))
    : scanModeOf(options, installedGoVersion(), []);
  const outputDirPrefix = `${options.outputDir}/`;
  const declared = await declaredProjects(root);
  const outputs = declared.outputs.filter((o) => !`${o.path}/`.startsWith(outputDirPrefix));
  const inference = infer({
    root, options, mode, headers,
    trackedGoFiles: tracked,
    declaredOutputs: outputs,
    declaredProjects: declared.projects,
  });
  const graph = graphFromInference(inference, options);
  // Written once this request has answered: Nx is then merging the returned projects in its own
  // process, so serialising the graph does not delay graph creation (atomic, so an interrupted
  // write only costs the next run a re-inference).
  // Outside goGraphOrNothing's try by then: a failure here must not become an uncaught exception.
  setImmediate(() => {
    try {
      headers.save();
      writeFileAtomic(stateFile, JSON.stringify({ key, graph }));
    } catch {
      // An unwritten cache only costs the next run a re-inference.
    }
  });
  return graph;
}

/** The workspace-relative, '/'-separated path Nx's file index uses for an absolute path. */
function workspacePath(root: string, abs: string): string {
  const rel = abs.startsWith(root) && abs[root.length] === path.sep ? abs.slice(root.length + 1) : path.relative(root, abs);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/** Release and tool tags of one platform come from go itself; without go, a documented fallback. */
function toolchainFacts(
  fromGo: typeof import('../scan/go-env').contextFromGo,
  ctx: { goos: string; goarch: string; cgoEnabled: boolean },
): [string, string[]] {
  try {
    const context = fromGo(ctx.goos, ctx.goarch, ctx.cgoEnabled);
    return [context.goVersion, context.toolTags];
  } catch {
    return [FALLBACK_GO_VERSION, []];
  }
}

/** Used when go is not installed: the newest Go release nx-gopkg knows. */
const FALLBACK_GO_VERSION = NEWEST_KNOWN_GO;

let goVersionMemo: { path: string; version: string } | undefined;

/**
 * The local go's version ("1.26.8"), which fixes the release tags: asked once per PATH, with
 * GOTOOLCHAIN=local so that graph creation never downloads a toolchain.
 */
function installedGoVersion(): string {
  const searchPath = process.env.PATH ?? '';
  if (goVersionMemo?.path === searchPath) return goVersionMemo.version;
  let version = FALLBACK_GO_VERSION;
  try {
    const out = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' }, stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /^go(1\.\d+(?:\.\d+)?)/.exec(out.trim());
    if (m) version = m[1];
  } catch {
    // no go: the fallback
  }
  goVersionMemo = { path: searchPath, version };
  return version;
}

/**
 * The stored graph when it was stored under `key`. The file starts with its key, so a stale one
 * (any .go file edited since) is recognised from its first bytes, without parsing the rest.
 */
function readStored(file: string, key: string): GoGraph | undefined {
  const prefix = storedPrefix(key);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(Buffer.byteLength(prefix));
      fs.readSync(fd, head, 0, head.length, 0);
      if (head.toString('utf8') !== prefix) return undefined;
    } finally {
      fs.closeSync(fd);
    }
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    return stored?.key === key ? stored.graph : undefined;
  } catch {
    return undefined;
  }
}

const storedPrefix = (key: string) => `{"key":${JSON.stringify(key)},`;

/** One warning per problem, naming the file (and line) and the reason. */
function reportProblems(root: string, problems: Problem[]): void {
  const seen = new Set<string>();
  for (const p of problems) {
    const where = `${path.relative(root, p.file) || '.'}${p.line ? `:${p.line}` : ''}`;
    const line = `nx-gopkg: ${where}: ${p.message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    logger.warn(line);
  }
}
