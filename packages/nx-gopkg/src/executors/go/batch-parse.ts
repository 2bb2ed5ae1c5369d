// Attributes the output of one batched go invocation (`go build -json`, `go test -json`,
// `go vet -json`) to the packages it was asked about. Pure: streams in, per-package results out.
//
// What go reports, and so what each parser relies on (checked with Go 1.26):
// - go build -json: BuildEvents {ImportPath, Action: build-output|build-fail, Output}. Only the
//   package that failed is named; importers of a broken package are silently not built, and a
//   load error (missing import) is reported under the missing import's path and stops the
//   invocation before anything is built. Dependents are therefore found with `go list -deps`
//   (see `needsDeps`) and packages go said nothing about are re-run when go exited non-zero.
// - go test -json: BuildEvents (test variants are "p [q.test]") interleaved with TestEvents
//   {Package, Test?, Action, Output, FailedBuild}. Every package gets its own final event, and
//   FailedBuild names the package whose build output explains a build failure.
// - go vet -json: per vetted package ID a JSON object {ID: {analyzer: [diagnostic] | {error}}} on
//   stdout (exit 0 with diagnostics); build failures as text blocks on stderr, each starting with
//   "# <package description>". Importers of a package that does not compile are skipped silently.

import type { TestEvent } from './junit';

type PackageStatus = 'success' | 'failure' | 'unknown';

interface PackageResult {
  status: PackageStatus;
  output: string;
}

export interface Attribution {
  /** Per requested import path. */
  results: Map<string, PackageResult>;
  /** Failed package IDs (import paths, variants stripped) with the output that explains them. */
  failed: Map<string, string>;
  /** Output go printed that names no package (non-JSON stdout, stderr outside a block). */
  general: string;
}

/** The package a package ID belongs to: "p [q.test]" → q (a test variant built for q's test). */
export function ownerOf(id: string): string {
  const m = / \[(.+)\]$/.exec(id);
  if (!m) return id.endsWith('.test') ? id.slice(0, -'.test'.length) : id;
  const inner = m[1];
  return inner.endsWith('.test') ? inner.slice(0, -'.test'.length) : inner;
}

/** The package ID without a variant suffix: "p [q.test]" → p, "p_test [p.test]" → p_test. */
export function baseOf(id: string): string {
  const i = id.indexOf(' [');
  return i < 0 ? id : id.slice(0, i);
}

/** Splits newline-delimited JSON (go's BuildEvents and TestEvents); other lines are returned as text. */
export function splitJsonLines(text: string): { events: TestEvent[]; other: string } {
  const events: TestEvent[] = [];
  let other = '';
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line[0] === '{') {
      try {
        events.push(JSON.parse(line));
        continue;
      } catch {
        // not JSON after all: keep it as text
      }
    }
    other += line + '\n';
  }
  return { events, other };
}

/** Parses a stream of concatenated (possibly pretty-printed) JSON values, like go vet -json's. */
export function parseJsonStream<T = unknown>(text: string): { values: T[]; other: string } {
  const values: T[] = [];
  let other = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c !== '{') {
      const end = text.indexOf('\n', i);
      other += text.slice(i, end < 0 ? n : end + 1);
      i = end < 0 ? n : end + 1;
      continue;
    }
    // Find the matching brace, skipping strings.
    let depth = 0;
    let j = i;
    let inString = false;
    for (; j < n; j++) {
      const ch = text[j];
      if (inString) {
        if (ch === '\\') j++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) break;
    }
    const chunk = text.slice(i, j + 1);
    try {
      values.push(JSON.parse(chunk));
    } catch {
      other += chunk + '\n';
    }
    i = j + 1;
  }
  return { values, other };
}

/** Text blocks as go prints a failed action: "# desc\n[# [importPath]\n]lines…". */
export function splitHeaderBlocks(text: string): { blocks: Array<{ id: string; text: string }>; other: string } {
  const blocks: Array<{ id: string; text: string }> = [];
  let other = '';
  let current: { id: string; text: string } | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('# ') && !line.startsWith('# [')) {
      current = { id: line.slice(2), text: line + '\n' };
      blocks.push(current);
    } else if (current) {
      if (line !== '' || current.text !== '') current.text += line + '\n';
    } else if (line !== '') {
      other += line + '\n';
    }
  }
  for (const b of blocks) b.text = b.text.replace(/\n+$/, '\n');
  return { blocks, other };
}

function appendTo(map: Map<string, string>, key: string, text: string): void {
  map.set(key, (map.get(key) ?? '') + text);
}

/**
 * Dependencies per requested package, from `go list -e -deps`-style records: for build the
 * package's Deps, for test/vet (listed with -test) the union over its test variants.
 */
export type DepsMap = Map<string, Set<string>>;

/** A record of `go list -json=ImportPath,Deps`. */
export interface ListedDeps {
  ImportPath: string;
  Deps?: string[];
}

export function depsFromList(records: ListedDeps[]): DepsMap {
  const deps: DepsMap = new Map();
  for (const r of records) {
    const owner = ownerOf(r.ImportPath);
    let set = deps.get(owner);
    if (!set) deps.set(owner, (set = new Set()));
    for (const d of r.Deps ?? []) set.add(baseOf(d));
  }
  return deps;
}

/** Marks requested packages not yet attributed as failed when they depend on a failed package. */
function applyDeps(a: Attribution, deps: DepsMap | undefined): void {
  if (!deps || a.failed.size === 0) return;
  for (const [pkg, r] of a.results) {
    if (r.status === 'failure' && a.failed.has(pkg)) continue;
    const set = deps.get(pkg);
    if (!set) continue;
    let extra = '';
    for (const [id, out] of a.failed) if (id !== pkg && set.has(id)) extra += out;
    if (extra) a.results.set(pkg, { status: 'failure', output: extra + r.output });
  }
}

/** Whether some requested package is still unexplained and go named failed packages (worth a go list). */
export function needsDeps(a: Attribution): boolean {
  if (a.failed.size === 0) return false;
  for (const r of a.results.values()) if (r.status === 'unknown') return true;
  return false;
}

export function attributeBuild(
  stdout: string,
  stderr: string,
  code: number,
  pkgs: string[],
  deps?: DepsMap,
): Attribution {
  const { events, other } = splitJsonLines(stdout);
  const outputs = new Map<string, string>();
  const failedIds = new Set<string>();
  for (const e of events) {
    if (typeof e.ImportPath !== 'string') continue;
    if (e.Action === 'build-output' && e.Output) appendTo(outputs, e.ImportPath, e.Output);
    else if (e.Action === 'build-fail') failedIds.add(e.ImportPath);
  }
  const failed = new Map<string, string>();
  for (const id of failedIds) appendTo(failed, baseOf(id), outputs.get(id) ?? '');
  const results = new Map<string, PackageResult>();
  for (const pkg of pkgs) {
    const own = outputs.get(pkg) ?? '';
    if (failed.has(pkg)) results.set(pkg, { status: 'failure', output: failed.get(pkg)! });
    else results.set(pkg, { status: code === 0 ? 'success' : 'unknown', output: own });
  }
  const a: Attribution = { results, failed, general: other + stderr };
  applyDeps(a, deps);
  return a;
}

export function attributeTest(stdout: string, stderr: string, code: number, pkgs: string[]): Attribution {
  const { events, other } = splitJsonLines(stdout);
  const buildOut = new Map<string, string>();
  const failedIds = new Set<string>();
  const testOut = new Map<string, string>();
  const final = new Map<string, { action: string; failedBuild?: string }>();
  for (const e of events) {
    if (typeof e.ImportPath === 'string' && !e.Package) {
      if (e.Action === 'build-output' && e.Output) appendTo(buildOut, e.ImportPath, e.Output);
      else if (e.Action === 'build-fail') failedIds.add(e.ImportPath);
      continue;
    }
    if (typeof e.Package !== 'string') continue;
    if (e.Output) appendTo(testOut, e.Package, e.Output);
    if (!e.Test && (e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip')) {
      final.set(e.Package, { action: e.Action, failedBuild: e.FailedBuild });
    }
  }
  const failed = new Map<string, string>();
  for (const id of failedIds) appendTo(failed, baseOf(id), buildOut.get(id) ?? '');
  const results = new Map<string, PackageResult>();
  const wanted = new Set(pkgs);
  // Build output that belongs to a package's test: its own variants ("p [p.test]", "x [p.test]").
  const variantOut = new Map<string, string>();
  for (const [id, out] of buildOut) {
    const owner = ownerOf(id);
    if (wanted.has(owner)) appendTo(variantOut, owner, out);
  }
  for (const pkg of pkgs) {
    const f = final.get(pkg);
    let output = '';
    const seen = new Set<string>();
    if (f?.failedBuild && ownerOf(f.failedBuild) !== pkg) {
      output += buildOut.get(f.failedBuild) ?? '';
      seen.add(f.failedBuild);
    }
    output += variantOut.get(pkg) ?? '';
    output += testOut.get(pkg) ?? '';
    const status: PackageStatus = !f
      ? code === 0
        ? 'success'
        : 'unknown'
      : f.action === 'fail'
        ? 'failure'
        : 'success';
    results.set(pkg, { status, output });
  }
  return { results, failed, general: other + stderr };
}

interface VetDiagnostic {
  posn: string;
  end?: string;
  message: string;
  related?: Array<{ posn: string; end?: string; message: string }>;
}

/** One object of go vet -json's stream: package ID → analyzer → diagnostics or a failure. */
type VetTree = Record<string, Record<string, VetDiagnostic[] | { error?: unknown } | null> | null>;

/** file:line:col with the file relative to cwd when that is shorter (cmd/go's base.ShortPath). */
function shortPosn(posn: string, cwd: string, relative: (from: string, to: string) => string): string {
  const m = /^(.*):(\d+):(\d+)$/.exec(posn);
  if (!m) return posn;
  const rel = relative(cwd, m[1]);
  const file = rel.length < m[1].length ? rel : m[1];
  return `${file}:${m[2]}:${m[3]}`;
}

export function attributeVet(
  stdout: string,
  stderr: string,
  code: number,
  pkgs: string[],
  cwd: string,
  relative: (from: string, to: string) => string,
  deps?: DepsMap,
): Attribution {
  const { values, other } = parseJsonStream<VetTree>(stdout);
  const wanted = new Set(pkgs);
  const diagOut = new Map<string, string>();
  const diagFailed = new Set<string>();
  for (const tree of values) {
    if (!tree || typeof tree !== 'object') continue;
    for (const [id, units] of Object.entries(tree)) {
      const owner = ownerOf(id);
      for (const result of Object.values(units ?? {})) {
        if (Array.isArray(result)) {
          for (const d of result as VetDiagnostic[]) {
            diagFailed.add(owner);
            let text = `${shortPosn(d.posn, cwd, relative)}: ${d.message}\n`;
            for (const r of d.related ?? []) text += `${shortPosn(r.posn, cwd, relative)}: \t${r.message}\n`;
            appendTo(diagOut, owner, text);
          }
        } else if (result && typeof result.error === 'string') {
          diagFailed.add(owner);
          appendTo(diagOut, owner, `# ${id}\n${result.error}\n`);
        }
      }
    }
  }
  const { blocks, other: stray } = splitHeaderBlocks(stderr);
  const blockOut = new Map<string, string>();
  const failed = new Map<string, string>();
  for (const b of blocks) {
    appendTo(blockOut, ownerOf(b.id), b.text);
    // With -json, go vet exits non-zero only when something failed to build or load.
    if (code !== 0) appendTo(failed, baseOf(b.id), b.text);
  }
  const results = new Map<string, PackageResult>();
  for (const pkg of pkgs) {
    const output = (blockOut.get(pkg) ?? '') + (diagOut.get(pkg) ?? '');
    let status: PackageStatus;
    if (failed.has(pkg) || diagFailed.has(pkg)) status = 'failure';
    else status = code === 0 ? 'success' : 'unknown';
    results.set(pkg, { status, output });
  }
  void wanted;
  const a: Attribution = { results, failed, general: other + stray };
  applyDeps(a, deps);
  return a;
}
