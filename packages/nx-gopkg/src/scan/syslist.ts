// Known platforms and go/build's file-name suffix rule (`name_GOOS_GOARCH_test.go`).
import { KNOWN_ARCH, KNOWN_OS, PORTS, UNIX_OS } from './syslist.data';

export { KNOWN_ARCH, KNOWN_OS, PORTS };

const knownOS = new Set(KNOWN_OS);
const knownArch = new Set(KNOWN_ARCH);
const unixOS = new Set(UNIX_OS);

/** GOOS values for which the `unix` tag holds. */
export const isUnixOS = (goos: string): boolean => unixOS.has(goos);

/** The platform tags a file name implies: `{ goos, goarch }` (either may be absent). */
export interface NameConstraint {
  goos?: string;
  goarch?: string;
}

/**
 * Reads the `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix of a file name (before the first dot,
 * ignoring a trailing `_test`). Only text after the first `_` counts, so `linux.go` is not tagged.
 */
export function fileNameConstraint(name: string): NameConstraint {
  const dot = name.indexOf('.');
  const stem = dot < 0 ? name : name.slice(0, dot);
  const us = stem.indexOf('_');
  if (us < 0) return {};
  const parts = stem.slice(us).split('_'); // parts[0] is the empty text before the first '_'
  if (parts[parts.length - 1] === 'test') parts.pop();
  const n = parts.length;
  if (n >= 2 && knownOS.has(parts[n - 2]) && knownArch.has(parts[n - 1])) {
    return { goos: parts[n - 2], goarch: parts[n - 1] };
  }
  const last = parts[n - 1];
  if (n >= 1 && knownOS.has(last)) return { goos: last };
  if (n >= 1 && knownArch.has(last)) return { goarch: last };
  return {};
}

/** go/build's goodOSArchFile: does the name's suffix fit the platform, given a tag predicate? */
export function matchFileName(name: string, tag: (t: string) => boolean): boolean {
  const c = fileNameConstraint(name);
  // go/build tests GOARCH before GOOS; the order only matters for recorded tags, not the answer.
  return (c.goarch === undefined || tag(c.goarch)) && (c.goos === undefined || tag(c.goos));
}
