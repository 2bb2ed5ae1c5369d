// Go release facts that no build flag changes: the release tags a toolchain fixes. Kept apart
// from the scanner so the plugin's warm path can load it alone.

/** The newest Go release nx-gopkg knows: the release tags assumed when no go is installed. */
export const NEWEST_KNOWN_GO = '1.26';

function goMinor(goVersion: string): number {
  const m = /^(?:go)?1\.(\d+)/.exec(goVersion);
  return m ? Number(m[1]) : 0;
}

/** Release tags go1.1 … go1.N for goVersion "1.N" (or "go1.N.x"): go/build's Default.ReleaseTags. */
export function releaseTags(goVersion: string): string[] {
  return Array.from({ length: goMinor(goVersion) }, (_, i) => `go1.${i + 1}`);
}

/**
 * A release tag's value for a toolchain (go1.N holds iff N ≤ its minor version); undefined for
 * any other tag. No build flag changes it, unlike GOOS or custom tags.
 */
export function releaseTagValue(goVersion: string): (tag: string) => boolean | undefined {
  const minor = goMinor(goVersion);
  return (tag) => {
    const m = /^go1\.([1-9]\d*)$/.exec(tag);
    return m ? Number(m[1]) <= minor : undefined;
  };
}
