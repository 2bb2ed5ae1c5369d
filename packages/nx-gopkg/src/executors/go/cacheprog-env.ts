// Extra environment for go when nx-gopkg's shared build cache is enabled: GOCACHEPROG runs the cache
// program shipped with the plugin (src/cacheprog/main.js) under the current Node. Off unless
// NX_GOPKG_GOCACHE_REMOTE (remote tier URL) or NX_GOPKG_GOCACHE_DIR (local tier) is set, in the
// environment or through the `goBuildCache` plugin option (the environment wins); see
// docs/go-build-cache.md. These settings are deliberately NOT task inputs: the program returns
// only bytes whose SHA-256 equals the output ID go recorded for go's own action ID, so they cannot
// change what go produces, only how fast.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultCacheDir, ENV } from '../../cacheprog/config';

/** The compiled program beside this file in the built plugin (dist/.../src/cacheprog/main.js). */
export const CACHEPROG_SCRIPT = path.resolve(__dirname, '../../cacheprog/main.js');

/**
 * Quotes one GOCACHEPROG word the way cmd/go splits it (cmd/internal/quoted.Split): words are
 * separated by spaces, tabs, CR or LF; a word may be wrapped in '…' or "…" with no escapes inside.
 * Returns undefined when the word cannot be expressed (it would need both quote kinds).
 */
export function quoteGoWord(word: string): string | undefined {
  if (word === '') return undefined;
  const needsQuotes = /[ \t\r\n]/.test(word) || word[0] === '"' || word[0] === "'";
  if (!needsQuotes) return word;
  if (!word.includes('"')) return `"${word}"`;
  if (!word.includes("'")) return `'${word}'`;
  return undefined;
}

export interface CacheProgEnvOptions {
  /** Node binary to run the program with (default: the one running Nx). */
  node?: string;
  /** The compiled program (default: {@link CACHEPROG_SCRIPT}). */
  script?: string;
  warn?: (msg: string) => void;
}

/** `{}` when disabled; otherwise GOCACHEPROG plus the resolved local tier directory. */
export function cacheProgEnv(env: NodeJS.ProcessEnv, options: CacheProgEnvOptions = {}): Record<string, string> {
  const warn = options.warn ?? ((msg: string) => console.warn(msg));
  const remote = env[ENV.remote]?.trim();
  const dir = env[ENV.dir]?.trim();
  if (!remote && !dir) return {};
  if (env.GOCACHEPROG) {
    // The user runs their own cache program: leave it alone.
    return {};
  }
  const script = options.script ?? CACHEPROG_SCRIPT;
  if (!fs.existsSync(script)) {
    warn(`nx-gopkg: the go build cache program is missing (${script}); building without ${ENV.remote}`);
    return {};
  }
  const node = quoteGoWord(options.node ?? process.execPath);
  const prog = quoteGoWord(script);
  if (!node || !prog) {
    warn(
      `nx-gopkg: cannot pass a path holding both ' and " to GOCACHEPROG (${options.node ?? process.execPath}, ${script}); building without the shared cache`,
    );
    return {};
  }
  return {
    GOCACHEPROG: `${node} ${prog}`,
    [ENV.dir]: path.resolve(dir || defaultCacheDir(env)),
  };
}

/** The `goBuildCache` option of nx-gopkg's entry in nx.json. */
interface GoBuildCacheOption {
  /** Remote tier base URL (bazel-remote HTTP protocol). */
  remote?: string;
  /** Local tier directory, workspace-relative or absolute. */
  dir?: string;
  /** Download only. */
  readOnly?: boolean;
}

interface NxJsonPlugins {
  plugins?: Array<string | { plugin?: string; options?: unknown }>;
}

/**
 * `goBuildCache` from nx-gopkg's plugin entry as NX_GOPKG_GOCACHE_* settings. Read by the executor (not
 * the graph plugin) because it only changes how go runs, never the graph or task hashes.
 */
export function pluginCacheSettings(nxJson: NxJsonPlugins | undefined, workspaceRoot: string): Record<string, string> {
  const entry = (nxJson?.plugins ?? []).find(
    (p) => typeof p === 'object' && p !== null && typeof p.plugin === 'string' && /(^|[\\/])nx-gopkg$/.test(p.plugin),
  );
  const opt = (
    typeof entry === 'object' ? (entry.options as { goBuildCache?: GoBuildCacheOption } | undefined) : undefined
  )?.goBuildCache;
  if (!opt || typeof opt !== 'object') return {};
  const out: Record<string, string> = {};
  if (typeof opt.remote === 'string' && opt.remote.trim()) out[ENV.remote] = opt.remote.trim();
  if (typeof opt.dir === 'string' && opt.dir.trim()) out[ENV.dir] = path.resolve(workspaceRoot, opt.dir.trim());
  if (opt.readOnly === true) out[ENV.readOnly] = '1';
  return out;
}

/**
 * The environment to run go with: `env`, plus plugin-option settings the environment leaves
 * unset (or empty), plus GOCACHEPROG when the cache is enabled.
 */
export function goProcessEnv(
  env: NodeJS.ProcessEnv,
  fromOptions: Record<string, string> = {},
  options: CacheProgEnvOptions = {},
): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [k, v] of Object.entries(fromOptions)) if (!merged[k]?.trim()) merged[k] = v;
  return { ...merged, ...cacheProgEnv(merged, options) };
}
