// nx-gopkg's files in Nx's workspace data directory are named by what they were made for
// (state-<options>, delta-<options>, headers-<version and root>), so a changed option or a new
// plugin version starts new files and leaves the old ones behind. Files of that kind that no
// run has written for a long time are removed when a new state is written. A file still in use
// that is removed costs one re-inference (it is written again); nothing is read from a file
// this does not name.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** state-*.json, delta-*.json, headers-*.json, and the temporary files of their atomic writes. */
const CACHE_FILE = /^(state|delta|headers)-[^/]*\.json(\.\d+\.tmp)?$/;

/** Thirty days. */
export const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

/** Removes the cache files of `dir` last written more than `maxAgeMs` ago, except `keep` (base names). */
export function removeStaleCacheFiles(
  dir: string,
  keep: string[],
  maxAgeMs = STALE_AFTER_MS,
  now = Date.now(),
): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!CACHE_FILE.test(name) || keep.includes(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs <= maxAgeMs) continue;
      fs.rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: left as it is.
    }
  }
  return removed;
}
