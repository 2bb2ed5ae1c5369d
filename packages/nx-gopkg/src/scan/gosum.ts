// go.sum reading, following cmd/go/internal/modfetch (readGoSum).
import type { GoSumEntry, Problem } from './types';

// An old cmd/go bug wrote this hash (a 0-length go.mod) for non-modules; go drops it.
const EMPTY_GO_MOD_HASH = 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=';

/** Parses go.sum text: `<module> <version>[/go.mod] <hash>` per line. Never throws. */
export function parseGoSum(text: string, file: string): { entries: GoSumEntry[]; problems: Problem[] } {
  const entries: GoSumEntry[] = [];
  const problems: Problem[] = [];
  text.split('\n').forEach((raw, i) => {
    const f = raw.trim().split(/\s+/).filter(Boolean);
    if (f.length === 0) return;
    if (f.length !== 3) {
      // go stops with "malformed go.sum" (only `go mod tidy` skips such lines).
      problems.push({
        kind: 'module-file',
        file,
        line: i + 1,
        message: `malformed go.sum: wrong number of fields ${f.length}`,
      });
      return;
    }
    if (f[2] === EMPTY_GO_MOD_HASH) return;
    const goMod = f[1].endsWith('/go.mod');
    entries.push({ module: f[0], version: goMod ? f[1].slice(0, -'/go.mod'.length) : f[1], goMod, hash: f[2] });
  });
  return { entries, problems };
}
