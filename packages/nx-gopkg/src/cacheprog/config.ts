// Settings of the cache program, read from the environment it inherits from go (and go from the
// nx-gopkg executor; see executors/go/cacheprog-env.ts and docs/go-build-cache.md).
import * as os from 'node:os';
import * as path from 'node:path';

export interface CacheProgConfig {
  /** Local tier directory. */
  dir: string;
  /** Remote tier base URL (bazel-remote HTTP protocol), or undefined for local only. */
  remote?: string;
  /** Read from the remote but never upload. */
  readOnly: boolean;
  /** Outputs up to this size travel inline in the action entry (one request instead of two). */
  inlineMax: number;
  timeoutMs: number;
  maxSockets: number;
  maxBodyBytes: number;
  /** Local entries unused this long are removed (checked at most daily). 0 disables trimming. */
  maxAgeMs: number;
  /** Append one line per event (hit/miss/put/...) to this file. */
  logFile?: string;
  /** Print a one-line summary on stderr at close. */
  stats: boolean;
}

export const ENV = {
  dir: 'NX_GOPKG_GOCACHE_DIR',
  remote: 'NX_GOPKG_GOCACHE_REMOTE',
  readOnly: 'NX_GOPKG_GOCACHE_REMOTE_READONLY',
  timeout: 'NX_GOPKG_GOCACHE_REMOTE_TIMEOUT_MS',
  log: 'NX_GOPKG_GOCACHE_LOG',
  stats: 'NX_GOPKG_GOCACHE_STATS',
  maxAgeDays: 'NX_GOPKG_GOCACHE_MAX_AGE_DAYS',
} as const;

function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}

/** The default local tier: `<user cache dir>/nx-gopkg/go-build-cache`, like go's own GOCACHE default. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  let base: string;
  if (process.platform === 'win32') base = env.LocalAppData || path.join(os.homedir(), 'AppData', 'Local');
  else if (process.platform === 'darwin') base = path.join(os.homedir(), 'Library', 'Caches');
  else
    base =
      env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
        ? env.XDG_CACHE_HOME
        : path.join(os.homedir(), '.cache');
  return path.join(base, 'nx-gopkg', 'go-build-cache');
}

function num(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): CacheProgConfig {
  const remote = env[ENV.remote]?.trim();
  return {
    dir: path.resolve(env[ENV.dir]?.trim() || defaultCacheDir(env)),
    remote: remote || undefined,
    readOnly: isTrue(env[ENV.readOnly]),
    inlineMax: 4096,
    timeoutMs: num(env[ENV.timeout], 15000),
    maxSockets: 16,
    maxBodyBytes: 2 * 1024 * 1024 * 1024,
    maxAgeMs: num(env[ENV.maxAgeDays], 7) * 24 * 60 * 60 * 1000,
    logFile: env[ENV.log]?.trim() || undefined,
    stats: isTrue(env[ENV.stats]),
  };
}
