// How a Go module's versions are named in git (pure; no git, no Nx). A module in directory D
// of the repository is tagged `D/vX.Y.Z` (`vX.Y.Z` at the root). A module path with a major
// version suffix (`/v2`) may live in `D` or in `D/v2`; its tags are `D/v2.Y.Z` either way.
// Semantic import versioning: v0 and v1 need no suffix, vN (N ≥ 2) needs `/vN`
// (`.vN` for gopkg.in). See https://go.dev/ref/mod#vcs-version.
import { pathMajor } from '../scan/module-path';
import { canonicalSemver } from '../scan/semver';

/** Tag prefix (`''` or `dir/`) of the module at repository-relative posix `dir` with module path `modulePath`. */
export function tagPrefix(modulePath: string, dir: string): string {
  let d = dir === '.' ? '' : dir.replace(/\/+$/, '');
  const major = pathMajor(modulePath);
  if (major && major.startsWith('/')) {
    if (d === major.slice(1)) d = '';
    else if (d.endsWith(major)) d = d.slice(0, -major.length);
  }
  return d === '' ? '' : `${d}/`;
}

/** The major version the module path allows, `[0, 1]` without a suffix, `[N]` with `/vN` or `.vN`. */
export function allowedMajors(modulePath: string): number[] {
  const major = pathMajor(modulePath);
  if (!major) return [0, 1];
  return [Number(/(\d+)/.exec(major)![1])];
}

interface Parsed {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

function parse(version: string): Parsed | undefined {
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/.exec(version);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split('.') : [] };
}

function majorOf(version: string): number | undefined {
  return parse(version)?.major;
}

/** Semver precedence: numbers, then a pre-release before its release, identifiers compared per the spec. */
export function compareVersions(a: string, b: string): number {
  const x = parse(a)!;
  const y = parse(b)!;
  for (const k of ['major', 'minor', 'patch'] as const) if (x[k] !== y[k]) return x[k] - y[k];
  if (!x.pre.length || !y.pre.length) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const [p, q] = [x.pre[i], y.pre[i]];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn && p !== q) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/**
 * The module's newest version among `tags`: tags `prefix + vX.Y.Z` that go would accept as
 * versions of this module (canonical semver, a major the module path allows; build metadata
 * and `+incompatible` tags are not versions of it). Returns the version without `v`, and its tag.
 */
export function latestVersion(
  tags: string[],
  prefix: string,
  modulePath: string,
): { version: string; tag: string } | undefined {
  const majors = allowedMajors(modulePath);
  let best: { version: string; tag: string } | undefined;
  for (const tag of tags) {
    if (!tag.startsWith(prefix)) continue;
    const v = tag.slice(prefix.length);
    if (canonicalSemver(v) !== v || v.includes('+')) continue;
    const version = v.slice(1);
    if (!majors.includes(majorOf(version)!)) continue;
    if (!best || compareVersions(version, best.version) > 0) best = { version, tag };
  }
  return best;
}

/** Why `newVersion` cannot be a version of `modulePath`, in words a user can act on; undefined when it can. */
export function majorVersionProblem(modulePath: string, goModFile: string, newVersion: string): string | undefined {
  const major = majorOf(newVersion);
  if (major === undefined) return `${newVersion} is not a semantic version (vMAJOR.MINOR.PATCH) that go accepts`;
  const allowed = allowedMajors(modulePath);
  if (allowed.includes(major)) return undefined;
  if (major >= 2) {
    const base = modulePath.replace(/\/v\d+$/, '').replace(/\.v\d+$/, '');
    const wanted = modulePath.startsWith('gopkg.in/') ? `${base}.v${major}` : `${base}/v${major}`;
    return (
      `module ${modulePath} cannot be released as v${newVersion}: Go requires major version ${major} to be in the module path ` +
      `(semantic import versioning). Change the module line of ${goModFile} to "module ${wanted}" and update its importers, ` +
      `then release v${major}.0.0; or release a ${allowed.map((m) => `v${m}`).join('/')} version instead. See https://go.dev/doc/modules/major-version`
    );
  }
  return (
    `module ${modulePath} is at major version ${allowed.join('/')} (its path ends in ${pathMajor(modulePath)}), ` +
    `so v${newVersion} is not a version of it; give an explicit version such as ${allowed[0]}.0.0`
  );
}
