// Semantic versions as golang.org/x/mod/semver reads them (`v1.2.3-pre+build`, with the
// vMAJOR and vMAJOR.MINOR shorthands).

export interface ParsedSemver {
  major: string;
  minor: string;
  patch: string;
  /** `.0.0` or `.0` when the version used a vMAJOR or vMAJOR.MINOR shorthand. */
  short: string;
  prerelease: string;
  build: string;
}

const NUM = '(0|[1-9][0-9]*)';
const IDENT = '[0-9A-Za-z-]+';
const SEMVER_RE = new RegExp(
  `^v${NUM}(?:\\.${NUM}(?:\\.${NUM}(-${IDENT}(?:\\.${IDENT})*)?(\\+${IDENT}(?:\\.${IDENT})*)?)?)?$`,
);

export function parseSemver(v: string): ParsedSemver | undefined {
  const m = SEMVER_RE.exec(v);
  if (!m) return undefined;
  const [, major, minor, patch, prerelease = '', build = ''] = m;
  // Numeric prerelease identifiers must not have leading zeros.
  if (
    prerelease &&
    prerelease
      .slice(1)
      .split('.')
      .some((id) => /^0[0-9]+$/.test(id))
  )
    return undefined;
  const short = minor === undefined ? '.0.0' : patch === undefined ? '.0' : '';
  return { major, minor: minor ?? '0', patch: patch ?? '0', short, prerelease, build };
}

export function isValidSemver(v: string): boolean {
  return parseSemver(v) !== undefined;
}

/** semver.Canonical: fills in .MINOR/.PATCH, drops build metadata; '' when invalid. */
export function canonicalSemver(v: string): string {
  const p = parseSemver(v);
  if (!p) return '';
  if (p.build) return v.slice(0, v.length - p.build.length);
  return v + p.short;
}
