// Module paths and versions as golang.org/x/mod/module checks them: import path syntax,
// canonical module versions (+incompatible kept) and major version suffixes.
import { canonicalSemver, parseSemver } from './semver';

const BAD_WINDOWS_NAMES = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$/i;

/** Why `p` is not a valid import path, in go's words, or undefined when it is valid. */
export function checkImportPath(p: string): string | undefined {
  const why = importPathProblem(p);
  return why && `malformed import path ${JSON.stringify(p)}: ${why}`;
}

function importPathProblem(p: string): string | undefined {
  if (p === '') return 'empty string';
  if (p[0] === '-') return 'leading dash';
  if (p.includes('//')) return 'double slash';
  if (p.endsWith('/')) return 'trailing slash';
  for (const elem of p.split('/')) {
    const why = elementProblem(elem);
    if (why) return why;
  }
  return undefined;
}

function elementProblem(elem: string): string | undefined {
  if (elem === '') return 'empty path element';
  if (/^\.+$/.test(elem)) return `invalid path element ${JSON.stringify(elem)}`;
  if (elem.endsWith('.')) return 'trailing dot in path element';
  // ASCII letters and digits, - . _ ~ and + only.
  const bad = /[^A-Za-z0-9\-._~+]/u.exec(elem);
  if (bad) return `invalid char '${bad[0]}'`;
  const short = elem.split('.')[0];
  if (BAD_WINDOWS_NAMES.test(short)) return `${JSON.stringify(short)} disallowed as path element component on Windows`;
  if (/~[0-9]+$/.test(short)) return 'trailing tilde and digits in path element';
  return undefined;
}

/** module.CanonicalVersion: like semver.Canonical but keeps `+incompatible`. */
export function canonicalModuleVersion(v: string): string {
  const cv = canonicalSemver(v);
  return cv && parseSemver(v)!.build === '+incompatible' ? cv + '+incompatible' : cv;
}

/** module.SplitPathVersion: the major version suffix ('' if none), or undefined if malformed. */
export function pathMajor(path: string): string | undefined {
  if (path.startsWith('gopkg.in/')) {
    // gopkg.in paths must end in .vN (optionally -unstable); .v0 is allowed, .v01 is not.
    const m = /\.v([0-9]+)(?:-unstable)?$/.exec(path);
    if (!m || (m[1][0] === '0' && m[1] !== '0')) return undefined;
    return path.slice(m.index);
  }
  const m = /\/v([0-9.]+)$/.exec(path);
  if (!m) return '';
  const run = m[1];
  if (run.includes('.') || run[0] === '0' || run === '1') return undefined;
  return '/v' + run;
}

/** module.CheckPathMajor, returning an error message or ''. */
export function checkPathMajor(v: string, major: string): string {
  let pm = major;
  if (pm.startsWith('.v') && pm.endsWith('-unstable')) pm = pm.slice(0, -'-unstable'.length);
  if (v.startsWith('v0.0.0-') && pm === '.v1') return '';
  const p = parseSemver(v);
  const m = p ? 'v' + p.major : '';
  if (pm === '') {
    if (m === 'v0' || m === 'v1' || p?.build === '+incompatible') return '';
    pm = 'v0 or v1';
  } else {
    if (m === pm.slice(1)) return '';
    pm = pm.slice(1);
  }
  return `version ${JSON.stringify(v)} invalid: should be ${pm}, not ${m}`;
}
