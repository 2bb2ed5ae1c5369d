import { spawnSync } from 'node:child_process';
import {
  formatFiles,
  logger,
  readNxJson,
  updateNxJson,
  writeJson,
  type GeneratorCallback,
  type NxJsonConfiguration,
  type PluginConfiguration,
  type Tree,
} from '@nx/devkit';
import { sharedNamedInputs } from '../../nx/inputs';
import { sharedInputsInNxJson } from '../../nx/shared-inputs';
import type { InitGeneratorSchema } from './schema';

/** The name users put in nx.json `plugins` (the package's main entry exports createNodes). */
export const PLUGIN_NAME = 'nx-gopkg';
/** Where nx-gopkg writes main-package binaries (workspace-relative). */
export const GO_OUTPUT_DIR = 'dist/go';

export type GoCheckResult = { found: true; version: string } | { found: false; reason: string };

/** Runs `go env GOVERSION`; injectable so tests do not depend on the machine's Go. */
export type GoChecker = (cwd: string) => GoCheckResult;

/**
 * Asks the Go on PATH for its version. `GOTOOLCHAIN=local` stops a go.mod
 * `toolchain` line from making the check download another toolchain.
 */
export function checkGo(cwd: string, spawn: typeof spawnSync = spawnSync): GoCheckResult {
  const res = spawn('go', ['env', 'GOVERSION'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local' },
    timeout: 30_000,
    windowsHide: true,
  });
  if (res.error) {
    const code = (res.error as NodeJS.ErrnoException).code;
    return {
      found: false,
      reason:
        code === 'ENOENT' ? '`go` was not found on PATH' : `running \`go env GOVERSION\` failed: ${res.error.message}`,
    };
  }
  const stdout = String(res.stdout ?? '').trim();
  if (res.status !== 0 || !stdout) {
    const stderr = String(res.stderr ?? '').trim();
    return {
      found: false,
      reason: `\`go env GOVERSION\` exited with ${res.status ?? res.signal}${stderr ? `: ${stderr}` : ''}`,
    };
  }
  return { found: true, version: stdout };
}

function isGopkgEntry(entry: PluginConfiguration): boolean {
  return typeof entry === 'string' ? entry === PLUGIN_NAME : entry?.plugin === PLUGIN_NAME;
}

/** Adds `nx-gopkg` to nx.json `plugins` unless some entry (string or object form) already names it. */
export function addPluginToNxJson(tree: Tree): boolean {
  const nxJson: NxJsonConfiguration | null = readNxJson(tree);
  if (!nxJson) {
    writeJson(tree, 'nx.json', {
      $schema: './node_modules/nx/schemas/nx-schema.json',
      plugins: [PLUGIN_NAME],
    });
    return true;
  }
  const plugins = nxJson.plugins ?? [];
  if (plugins.some(isGopkgEntry)) {
    return false;
  }
  updateNxJson(tree, { ...nxJson, plugins: [...plugins, PLUGIN_NAME] });
  return true;
}

/**
 * Defines nx-gopkg's shared named inputs once in nx.json, so that projects need not repeat them
 * (nx/shared-inputs.ts). A name nx.json already defines otherwise is left as it is: projects then
 * keep their own definition, and the user is told. Returns the names added.
 */
export function addSharedInputsToNxJson(tree: Tree): string[] {
  const nxJson = readNxJson(tree) ?? {};
  const namedInputs: Record<string, unknown> = { ...(nxJson.namedInputs ?? {}) };
  const exact = new Set(sharedInputsInNxJson(namedInputs));
  const added: string[] = [];
  for (const [name, definition] of Object.entries(sharedNamedInputs())) {
    if (exact.has(name)) continue;
    if (namedInputs[name] !== undefined) {
      logger.warn(
        `nx-gopkg: nx.json defines the named input "${name}" differently from nx-gopkg, so every Go project keeps its own "${name}" (remove nx.json's and re-run \`nx g nx-gopkg:init\` to share it)`,
      );
      continue;
    }
    namedInputs[name] = definition;
    added.push(name);
  }
  if (added.length) updateNxJson(tree, { ...nxJson, namedInputs } as NxJsonConfiguration);
  return added;
}

/** `dist`, `/dist/`, `dist/**`, `dist/go/` ... → `dist`, `dist/go`. */
function normalizeIgnorePattern(pattern: string): string {
  return pattern
    .replace(/^\//, '')
    .replace(/\/\*\*$/, '')
    .replace(/\/\*$/, '')
    .replace(/\/+$/, '');
}

/**
 * Whether the root .gitignore already ignores `dir`, through the directory
 * itself or one of its parents. Deliberately simple: plain patterns only, in
 * order, with `!` re-including; wildcards in the middle of a pattern are not
 * interpreted (the worst case is one redundant line).
 */
export function isIgnored(gitignore: string, dir: string): boolean {
  const candidates = new Set<string>();
  const parts = dir.split('/');
  for (let i = 1; i <= parts.length; i++) candidates.add(parts.slice(0, i).join('/'));

  let ignored = false;
  for (const raw of gitignore.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = normalizeIgnorePattern(negated ? line.slice(1) : line);
    if (candidates.has(pattern)) ignored = !negated;
  }
  return ignored;
}

/** Appends the Go output dir to .gitignore (creating it) unless it is already ignored. */
export function addGoOutputToGitignore(tree: Tree): boolean {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  if (isIgnored(current, GO_OUTPUT_DIR)) return false;
  const block = `# nx-gopkg: Go binaries built by go-build\n/${GO_OUTPUT_DIR}\n`;
  if (current.trim() === '') {
    tree.write('.gitignore', block);
  } else {
    tree.write('.gitignore', `${current}${current.endsWith('\n') ? '' : '\n'}\n${block}`);
  }
  return true;
}

function warnIfGoMissing(tree: Tree, check: GoChecker): void {
  const result = check(tree.root);
  if (result.found) {
    logger.verbose(`nx-gopkg: using Go ${result.version}`);
    return;
  }
  logger.warn(
    [
      `nx-gopkg: Go is not available (${result.reason}).`,
      'The project graph inference still works; running go-build/go-test needs Go.',
      'Install Go from https://go.dev/dl/ and make sure `go` is on PATH.',
    ].join('\n'),
  );
}

export async function initGenerator(
  tree: Tree,
  options: InitGeneratorSchema = {},
  goChecker: GoChecker = checkGo,
): Promise<GeneratorCallback | void> {
  addPluginToNxJson(tree);
  if (!options.skipSharedInputs) addSharedInputsToNxJson(tree);
  addGoOutputToGitignore(tree);

  if (!options.skipGoCheck) {
    warnIfGoMissing(tree, goChecker);
  }

  if (!options.skipFormat) {
    await formatFiles(tree);
  }
}

export default initGenerator;
