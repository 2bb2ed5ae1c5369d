// vendor/modules.txt and the rule deciding when vendoring is in effect, following
// cmd/go/internal/modload (vendor.go: readVendorList, checkVendorConsistency;
// init.go: setDefaultBuildMod, modulesTextIsForWorkspace).
//
// The rule implemented by `vendoringInEffect`:
// - an explicit -mod flag wins: -mod=vendor turns vendoring on, -mod=mod/readonly off;
// - otherwise vendoring is on when the vendor directory exists (the module's own
//   `vendor/`, or in workspace mode the `vendor/` next to go.work), the go version
//   (go.mod's, or go.work's in workspace mode) is at least 1.14, and modules.txt was
//   written for the same mode: its first line carries `## workspace` exactly when in
//   workspace mode. A missing modules.txt counts as "not for a workspace".
import * as path from 'node:path';
import { checkImportPath } from './module-path';
import { isValidSemver } from './semver';
import type { GoModFile, ModuleVersion, Problem, VendorModule } from './types';

export interface VendorModulesTxt {
  modules: VendorModule[];
  /** First line is `## workspace`: written by `go work vendor`. */
  workspace: boolean;
  problems: Problem[];
}

/** Parses vendor/modules.txt. Lines go does not understand are skipped, as go does. Never throws. */
export function parseVendorModulesTxt(text: string, file: string): VendorModulesTxt {
  const byKey = new Map<string, VendorModule>();
  const problems: Problem[] = [];
  let current: VendorModule | undefined;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('# ')) {
      current = readModuleLine(line, byKey);
      if (!current)
        problems.push({
          kind: 'module-file',
          file,
          line: i + 1,
          message: `vendor/modules.txt: module line not understood: ${line}`,
        });
      return;
    }
    // Annotations and packages need a preceding module line.
    if (!current) return;
    if (line.startsWith('## ')) return readAnnotations(line.slice(3), current);
    const f = line.trim().split(/\s+/).filter(Boolean);
    if (f.length === 1 && !checkImportPath(f[0])) current.packages.push(f[0]);
  });
  return { modules: [...byKey.values()], workspace: isForWorkspace(text), problems };
}

/** `# path version [=> new [version]]` or a wildcard replacement `# path => new [version]`. */
function readModuleLine(line: string, byKey: Map<string, VendorModule>): VendorModule | undefined {
  const f = line.trim().split(/\s+/);
  if (f.length < 3) return undefined;
  let rest: string[];
  let version: string;
  if (isValidSemver(f[2])) {
    version = f[2];
    rest = f.slice(3);
  } else if (f[2] === '=>') {
    version = '';
    rest = f.slice(2);
  } else {
    return undefined;
  }
  const key = `${f[1]}@${version}`;
  let mod = byKey.get(key);
  if (!mod) {
    mod = { path: f[1], version, explicit: false, packages: [] };
    byKey.set(key, mod);
  }
  if (rest.length >= 2 && rest[0] === '=>') {
    if (rest.length === 2) mod.replacement = { path: rest[1] };
    else if (rest.length === 3 && isValidSemver(rest[2])) mod.replacement = { path: rest[1], version: rest[2] };
  }
  return mod;
}

/** `## explicit; go 1.21` — the union across lines; other entries are reserved by go. */
function readAnnotations(annotations: string, mod: VendorModule): void {
  for (const raw of annotations.split(';')) {
    const entry = raw.trim();
    if (entry === 'explicit') mod.explicit = true;
    if (entry.startsWith('go ')) mod.goVersion = entry.slice(3);
  }
}

function isForWorkspace(text: string): boolean {
  // go reads only the first 512 bytes, then the first line.
  const first = text.slice(0, 512).split('\n')[0];
  return (
    first.startsWith('## ') &&
    first
      .slice(3)
      .split(';')
      .some((e) => e.trim() === 'workspace')
  );
}

export type ModFlag = 'vendor' | 'mod' | 'readonly';

/** The -mod flag in a GOFLAGS value (`-mod=vendor` or `--mod=vendor`; the last one wins). */
export function modFlagFromGoflags(goflags: string | undefined): ModFlag | undefined {
  let flag: ModFlag | undefined;
  for (const f of (goflags ?? '').trim().split(/\s+/)) {
    const m = /^--?mod=(vendor|mod|readonly)$/.exec(f);
    if (m) flag = m[1] as ModFlag;
  }
  return flag;
}

export interface VendorDecisionInput {
  /** go.mod's go version, or go.work's in workspace mode. */
  goVersion?: string;
  vendorDirExists: boolean;
  /** Parsed modules.txt, when the file exists. */
  modulesTxt?: { workspace: boolean };
  workspaceMode: boolean;
  /** An explicit -mod flag (from GOFLAGS or the command line). */
  modFlag?: ModFlag;
}

/** Whether the go command builds from the vendor directory, and why (cfg.BuildModReason). */
export function vendoringInEffect(input: VendorDecisionInput): { vendor: boolean; reason: string } {
  const source = input.workspaceMode ? 'go.work' : 'go.mod';
  if (input.modFlag) return { vendor: input.modFlag === 'vendor', reason: `-mod=${input.modFlag}` };
  if (!input.vendorDirExists) return { vendor: false, reason: 'no vendor directory' };
  if (!input.goVersion)
    return { vendor: false, reason: `Go version in ${source} is unspecified, so vendor directory was not used.` };
  if (compareGoVersions(input.goVersion, '1.14') < 0) {
    return {
      vendor: false,
      reason: `Go version in ${source} is ${input.goVersion}, so vendor directory was not used.`,
    };
  }
  const forWorkspace = input.modulesTxt?.workspace ?? false;
  if (forWorkspace !== input.workspaceMode) {
    return {
      vendor: false,
      reason: forWorkspace
        ? 'Outside workspace mode, but vendor directory is for a workspace.'
        : 'In workspace mode, but vendor directory is not for a workspace',
    };
  }
  return { vendor: true, reason: `Go version in ${source} is at least 1.14 and vendor directory exists.` };
}

/**
 * The checks behind go's "inconsistent vendoring" error, for go ≥ 1.14 modules.txt files.
 * `mainModules` are the module (or all workspace modules) with their roots; `workFile`
 * and its replaces apply in workspace mode. Returns one problem per mismatch.
 */
export function checkVendorConsistency(
  vendor: VendorModulesTxt,
  modulesTxtFile: string,
  mainModules: { dir: string; goMod: GoModFile }[],
  work?: { file: string; replace: { old: ModuleVersion; new: ModuleVersion }[] },
): Problem[] {
  const problems: Problem[] = [];
  const meta = new Map(vendor.modules.map((m) => [`${m.path}@${m.version}`, m]));
  const report = (m: ModuleVersion, detail: string): void => {
    problems.push({
      kind: 'module-file',
      file: modulesTxtFile,
      message: `inconsistent vendoring: ${describe(m)}: ${detail}`,
    });
  };
  const required = new Set<string>();
  for (const { goMod } of mainModules) {
    for (const r of goMod.require) {
      required.add(`${r.path}@${r.version}`);
      if (!meta.get(`${r.path}@${r.version}`)?.explicit) {
        report(r, 'is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt');
      }
    }
  }
  const inWorkspace = work !== undefined;
  for (const m of vendor.modules) {
    if (m.explicit && m.packages.length > 0 && !required.has(`${m.path}@${m.version}`)) {
      report(
        m,
        `is marked as explicit in vendor/modules.txt, but not explicitly required in ${inWorkspace ? 'a ' : ''}go.mod`,
      );
    }
  }
  checkReplacements(vendor, mainModules, work, meta, report);
  return problems;
}

function checkReplacements(
  vendor: VendorModulesTxt,
  mainModules: { dir: string; goMod: GoModFile }[],
  work: { file: string; replace: { old: ModuleVersion; new: ModuleVersion }[] } | undefined,
  meta: Map<string, VendorModule>,
  report: (m: ModuleVersion, detail: string) => void,
): void {
  // The replacement in effect for each old module@version: go.work's override go.mod's.
  const effective = new Map<string, { to: ModuleVersion; source: string }>();
  for (const { dir, goMod } of mainModules) {
    for (const r of goMod.replace) {
      effective.set(key(r.old), { to: canonicalReplacePath(r.new, dir, work?.file), source: 'go.mod' });
    }
  }
  for (const r of work?.replace ?? []) {
    effective.set(key(r.old), {
      to: canonicalReplacePath(r.new, path.dirname(work!.file), work!.file),
      source: 'go.work',
    });
  }
  for (const [k, { to, source }] of effective) {
    const vr = meta.get(k)?.replacement;
    const old = parseKey(k);
    if (!vr) report(old, `is replaced in ${source}, but not marked as replaced in vendor/modules.txt`);
    else if (key(vr) !== key(to)) {
      report(
        old,
        `is replaced by ${describe(to)} in ${source}, but marked as replaced by ${describe(vr)} in vendor/modules.txt`,
      );
    }
  }
  for (const m of vendor.modules) {
    const old = { path: m.path, version: m.version };
    if (m.replacement && !effective.has(key(old)) && !effective.has(key({ path: m.path }))) {
      report(
        old,
        `is marked as replaced in vendor/modules.txt, but not replaced in ${work ? 'the workspace' : 'go.mod'}`,
      );
    }
  }
}

/** In workspace mode, local replacement paths are written relative to the go.work directory. */
function canonicalReplacePath(to: ModuleVersion, modRoot: string, workFile?: string): ModuleVersion {
  if (!workFile || to.version || path.isAbsolute(to.path)) return to;
  const rel = path.relative(path.dirname(workFile), path.join(modRoot, to.path));
  return { path: rel.startsWith('../') || rel === '..' ? rel : './' + rel };
}

const key = (m: ModuleVersion): string => `${m.path}@${m.version ?? ''}`;
const parseKey = (k: string): ModuleVersion => {
  const at = k.lastIndexOf('@');
  const version = k.slice(at + 1);
  return version ? { path: k.slice(0, at), version } : { path: k.slice(0, at) };
};
const describe = (m: ModuleVersion): string => (m.version ? `${m.path}@${m.version}` : m.path);

/** gover.Compare for Go versions like 1.14, 1.21.0, 1.22rc1 (invalid sorts lowest). */
export function compareGoVersions(a: string, b: string): number {
  const pa = parseGoVersion(a);
  const pb = parseGoVersion(b);
  for (let i = 0; i < pa.length; i++) {
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

// gover.Parse as a tuple [major, minor, patch, kind, pre]; a missing number is -1 and sorts
// first, and kinds compare as strings ('' < alpha < beta < rc), so 1.21 < 1.21rc1 < 1.21.0.
function parseGoVersion(v: string): (number | string)[] {
  const m = /^(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)|([a-z]+)(0|[1-9][0-9]*)?)?)?$/.exec(v);
  if (!m) return [-1, -1, -1, '', -1];
  const [, major, minor, patch, kind = '', pre] = m;
  const num = (x: string | undefined): number => (x === undefined ? -1 : +x);
  let patchNum = num(patch);
  // "1" means 1.0.0; before Go 1.21 a missing patch means .0.
  if (minor === undefined) patchNum = 0;
  else if (patch === undefined && !kind && +minor < 21) patchNum = 0;
  return [+major, minor === undefined ? 0 : +minor, patchNum, kind, num(pre)];
}
