// One inference per workspace state, shared by createNodes and createDependencies and kept
// on disk in Nx's workspace data directory (inference-cache.ts). The state is keyed by the
// plugin version, options, toolchain and environment ("base") and by Nx's hash of every file
// inference reads the structure from (.go, go.mod, go.sum, go.work, vendor/modules.txt, ...).
// When only the second differs, the files are compared one by one: an edit that leaves every
// package's facts as they were (a function body) returns the stored graph and re-infers
// nothing; anything else re-infers, with unchanged files' headers taken from the header cache.
//
// Three parts, each timed for NX_PERF_LOGGING: cache read, inference, cache write. With
// NX_CACHE_PROJECT_GRAPH=false (Nx's switch for its own graph cache) nothing is read or
// written: every run infers from the files.
//
// This module is loaded in every Nx plugin worker: it imports only the few Nx modules the warm
// path needs (from their own files, not @nx/devkit's index; see docs/design.md), and the scanner and
// inference are required only on a cache miss.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashArray, hashFile } from 'nx/src/hasher/file-hasher';
import { workspaceDataDirectory } from 'nx/src/utils/cache-directory';
import { logger } from 'nx/src/utils/logger';
import { getAllFileDataInContext, hashMultiGlobWithWorkspaceContext } from 'nx/src/utils/workspace-context';
import type { Problem } from '../scan/types';
import { NEWEST_KNOWN_GO } from '../scan/go-release';
import { NormalizedOptions, scanModeOf } from './options';
import type { GoGraph } from './graph-output';
import { declaredProjects, PROJECT_FILE_GLOBS } from './declared-projects';
import { applyDelta, entry, FileEntries, headerDigest, InferenceCache, unchangedFacts } from './inference-cache';
import { removeStaleCacheFiles } from './stale-cache-files';

const PLUGIN_VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package's own file, read at run time (outside the compiled rootDir)
    return require('../../package.json').version;
  } catch {
    return 'dev';
  }
})();

/**
 * Files whose content or presence decides the inferred graph, by name: every `.go` file, the
 * files below, and vendor/modules.txt. One list serves both Nx's hash (STRUCTURE_GLOBS) and the
 * listing from Nx's file data (isStructureFile), so the comparison sees every file the hash covers.
 */
const STRUCTURE_FILE_NAMES = [
  'go.mod',
  'go.sum',
  'go.work',
  'go.work.sum',
  // A golangci config decides where go-lint is inferred and which file it hashes.
  '.golangci.yml',
  '.golangci.yaml',
  '.golangci.toml',
  '.golangci.json',
  // Other projects' declared outputs decide which Go tasks wait for them (mixed TS/Go).
  ...PROJECT_FILE_GLOBS.map((g) => g.slice(g.lastIndexOf('/') + 1)),
];
const NAMES = new Set(STRUCTURE_FILE_NAMES);

export const STRUCTURE_GLOBS = ['**/*.go', ...STRUCTURE_FILE_NAMES.map((n) => `**/${n}`), '**/vendor/modules.txt'];

export function isStructureFile(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return (
    base.endsWith('.go') || NAMES.has(base) || file === 'vendor/modules.txt' || file.endsWith('/vendor/modules.txt')
  );
}

let memo: { key: string; graph: GoGraph } | undefined;
/** Requests being answered, by key: Nx may ask twice at once (the daemon starts a second graph build while one runs). */
const pending = new Map<string, Promise<GoGraph>>();

/**
 * The Go graph, or an empty one when inference itself fails: nx-gopkg runs inside every nx command
 * of the workspace, and a bug here must not take the TypeScript projects down with it.
 */
export async function goGraphOrNothing(
  root: string,
  options: NormalizedOptions,
  sharedInputs: string[] = [],
): Promise<GoGraph> {
  try {
    return await goGraph(root, options, sharedInputs);
  } catch (err) {
    logger.warn(`nx-gopkg: inferring the Go projects failed, so none are shown: ${(err as Error)?.stack ?? err}`);
    return { nodes: {}, dependencies: [], problems: [] };
  }
}

/** Runs `fn` between performance marks, so NX_PERF_LOGGING shows `name`. */
async function timed<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  performance.mark(`${name}:start`);
  try {
    return await fn();
  } finally {
    performance.mark(`${name}:end`);
    performance.measure(name, `${name}:start`, `${name}:end`);
  }
}

const structureHash = async (root: string) => (await hashMultiGlobWithWorkspaceContext(root, [STRUCTURE_GLOBS]))[0];

/**
 * `sharedInputs`: the named inputs nx.json defines as nx-gopkg does (shared-inputs.ts), which
 * projects leave out.
 */
export async function goGraph(root: string, options: NormalizedOptions, sharedInputs: string[] = []): Promise<GoGraph> {
  const filesHash = await timed('nx-gopkg:hash-structure', () => structureHash(root));
  const env = [process.env.GOFLAGS ?? '', process.env.GOWORK ?? ''];
  const base = hashArray([
    PLUGIN_VERSION,
    JSON.stringify(options),
    root,
    installedGoVersion(),
    ...env,
    sharedInputs.join(','),
  ]);
  const key = hashArray([base, filesHash]);
  if (memo?.key === key) return memo.graph;
  let answer = pending.get(key);
  if (!answer) {
    answer = loadOrInfer(root, options, sharedInputs, base, filesHash)
      .then((graph) => {
        reportProblems(root, graph.problems);
        memo = { key, graph };
        return graph;
      })
      .finally(() => pending.delete(key));
    pending.set(key, answer);
  }
  return answer;
}

async function loadOrInfer(
  root: string,
  options: NormalizedOptions,
  sharedInputs: string[],
  base: string,
  filesHash: string,
): Promise<GoGraph> {
  const caching = process.env.NX_CACHE_PROJECT_GRAPH !== 'false';
  const dataDir = path.join(workspaceDataDirectory, 'nx-gopkg');
  const id = hashArray([root, JSON.stringify(options)]);
  const cache = caching
    ? new InferenceCache(path.join(dataDir, `state-${id}.json`), path.join(dataDir, `delta-${id}.json`))
    : undefined;

  // 1. Cache read: the stored graph for these files, or the state to compare against.
  const lookup = cache
    ? await timed('nx-gopkg:cache-read', () => cache.read(base, filesHash))
    : ({ kind: 'miss' } as const);
  if (lookup.kind === 'hit') return lookup.graph;
  // Nx's index: which files it tracks, and their content hashes (the comparison's and the header cache's key).
  const fileData = await getAllFileDataInContext(root);
  const structure = structureFiles(fileData);
  if (lookup.kind === 'changed') {
    const changed = await timed('nx-gopkg:compare', () =>
      compareFiles(root, applyDelta(lookup.state, lookup.delta), structure),
    );
    // Written only when Nx's hash did not move while comparing: the verdict is for those files.
    if (changed && (await structureHash(root)) === filesHash) {
      cache!.writeDelta({
        base,
        from: lookup.state.filesHash,
        to: filesHash,
        files: { ...lookup.delta?.files, ...changed },
      });
      return lookup.state.graph;
    }
  }

  // 2. Inference.
  const { graph, files, headers } = await timed('nx-gopkg:infer', () =>
    inferGraph(root, options, sharedInputs, fileData, structure, caching),
  );

  // 3. Cache write, once this request has answered: Nx is then merging the returned projects in
  // its own process, so serialising the state no longer delays graph creation (atomic, so an
  // interrupted write only costs the next run a re-inference). Skipped when the files moved
  // during inference: the graph may describe files other than those filesHash names.
  if (cache) {
    const stillSame = (await structureHash(root)) === filesHash;
    // Outside goGraphOrNothing's try by then: a failure here must not become an uncaught exception.
    setImmediate(() => {
      void timed('nx-gopkg:cache-write', () => {
        try {
          headers?.save();
          if (stillSame) {
            cache.write({ base, filesHash, files, graph });
            removeStaleCacheFiles(dataDir, cache.fileNames().concat(headers?.fileName() ?? []));
          }
        } catch {
          // An unwritten cache only costs the next run a re-inference.
        }
      });
    });
  }
  return graph;
}

/** The structure files Nx tracks (isStructureFile), with their Nx hashes. */
function structureFiles(fileData: { file: string; hash: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { file, hash } of fileData) if (isStructureFile(file)) out.set(file, hash);
  return out;
}

/**
 * The unchanged-facts check (inference-cache.ts) with each changed .go file's header read now,
 * between two reads of its hash: a file that is not, on disk, the content Nx hashed is not
 * trusted (the change is then treated as structural).
 */
async function compareFiles(
  root: string,
  stored: FileEntries,
  current: Map<string, string>,
): Promise<FileEntries | undefined> {
  const { readGoFileHeader } = await import('../scan/header-reader');
  return unchangedFacts(stored, current, (file) => {
    const abs = path.join(root, file);
    const expected = current.get(file);
    if (hashFile(abs) !== expected) return undefined;
    const digest = headerDigest(readGoFileHeader(abs));
    return hashFile(abs) === expected ? digest : undefined;
  });
}

async function inferGraph(
  root: string,
  options: NormalizedOptions,
  sharedInputs: string[],
  fileData: { file: string; hash: string }[],
  structure: Map<string, string>,
  caching: boolean,
) {
  const dataDir = path.join(workspaceDataDirectory, 'nx-gopkg');
  const [{ HeaderCache, hashFingerprint }, { infer }, { graphFromInference }, { contextFromGo }] = await Promise.all([
    import('./header-cache'),
    import('./infer'),
    import('./graph-output'),
    import('../scan/go-env'),
  ]);
  const goHashes = new Map<string, string>();
  for (const { file, hash } of fileData) {
    if (file.endsWith('.go')) goHashes.set(file, hash);
  }
  const tracked = new Set(goHashes.keys());
  const headerCache = new HeaderCache(
    caching ? path.join(dataDir, `headers-${hashArray([PLUGIN_VERSION, root])}.json`) : undefined,
    hashFingerprint((abs) => goHashes.get(workspacePath(root, abs))),
  );
  // What the scanner read from each .go file, as a digest: the next run's comparison key.
  const digests = new Map<string, string>();
  const headers = {
    read: (abs: string) => {
      const { header, digest } = headerCache.readWithDigest(abs);
      digests.set(workspacePath(root, abs), digest);
      return header;
    },
  };
  const mode = options.buildContext
    ? scanModeOf(options, ...toolchainFacts(contextFromGo, options.buildContext))
    : scanModeOf(options, installedGoVersion(), []);
  const outputDirPrefix = `${options.outputDir}/`;
  const declared = await declaredProjects(root);
  const outputs = declared.outputs.filter((o) => !`${o.path}/`.startsWith(outputDirPrefix));
  const inference = infer({
    root,
    options,
    mode,
    headers,
    trackedGoFiles: tracked,
    declaredOutputs: outputs,
    declaredProjects: declared.projects,
  });
  const graph = graphFromInference(inference, options, sharedInputs);
  const files: FileEntries = {};
  for (const [file, hash] of structure) files[file] = entry(hash, digests.get(file));
  return { graph, files, headers: caching ? headerCache : undefined };
}

/** The workspace-relative, '/'-separated path Nx's file index uses for an absolute path. */
function workspacePath(root: string, abs: string): string {
  const rel =
    abs.startsWith(root) && abs[root.length] === path.sep ? abs.slice(root.length + 1) : path.relative(root, abs);
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
    const out = execFileSync('go', ['env', 'GOVERSION'], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const m = /^go(1\.\d+(?:\.\d+)?)/.exec(out.trim());
    if (m) version = m[1];
  } catch {
    // no go: the fallback
  }
  goVersionMemo = { path: searchPath, version };
  return version;
}

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
