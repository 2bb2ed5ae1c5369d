// Whether some real build compiles two files of a directory together, for package-name checks in
// the any-platform mode. That mode keeps every file some tag choice could select (the inputs must
// cover them all), but a real build has one GOOS/GOARCH port, cgo on or off, the release tags its
// toolchain fixes, and only the custom tags it is given: a `//go:build tools` file or a
// `//go:build !go1.24` guard with another package name is compiled by no real build beside the
// package, so it is no conflict (go build ./... never sees one either).
import type { BuildContext, GoFileHeader } from './types';
import { constraintOutcome, contextTagMatcher, TagEvaluator } from './match-file';
import { evalConstraint } from './constraint';
import { matchFileName, PORTS } from './syslist';

/** One real build: its tag predicate and whether cgo is on. */
interface RealBuild {
  ev: TagEvaluator;
  cgo: boolean;
}

const buildsMemo = new Map<string, RealBuild[]>();

/**
 * Every port the toolchain builds, with cgo off and (where the port supports it) on; custom tags
 * are the configured ones only. Tool tags (goexperiment.*) are left unset.
 */
export function realBuilds(tags: readonly string[], goVersion: string): RealBuild[] {
  const key = JSON.stringify([tags, goVersion]);
  let builds = buildsMemo.get(key);
  if (builds) return builds;
  builds = [];
  for (const port of PORTS) {
    for (const cgo of port.cgoSupported ? [false, true] : [false]) {
      const ctx: BuildContext = {
        goos: port.goos,
        goarch: port.goarch,
        cgoEnabled: cgo,
        tags: [...tags],
        toolTags: [],
        goVersion,
      };
      const match = contextTagMatcher(ctx);
      builds.push({
        ev: { name: (f) => matchFileName(f, match), expr: (x) => evalConstraint(x, match), abortOnBadConstraint: true },
        cgo,
      });
    }
  }
  buildsMemo.set(key, builds);
  return builds;
}

/** For each real build, whether it compiles the file (name suffix, constraints, and cgo for import "C"). */
export function compiledBy(builds: RealBuild[], name: string, h: GoFileHeader): boolean[] {
  return builds.map((b) => (!h.importsC || b.cgo) && b.ev.name(name) && constraintOutcome(h, b.ev) === 'match');
}

export const someBuild = (a: boolean[]): boolean => a.some(Boolean);
export const someBuildOfBoth = (a: boolean[], b: boolean[]): boolean => a.some((x, i) => x && b[i]);
