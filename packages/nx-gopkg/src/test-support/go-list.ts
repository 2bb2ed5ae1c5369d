// Test helper: runs real `go list -e -json` (argv arrays only) and parses its output.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { goEnv } from '../scan/go-env';

export interface GoListPackage {
  Dir: string;
  ImportPath: string;
  Name?: string;
  Goroot?: boolean;
  ImportMap?: Record<string, string>;
  Error?: { Err: string };
  [field: string]: unknown;
}

/** Splits go list's stream of pretty-printed JSON objects. */
export function parseGoListJSON(out: string): GoListPackage[] {
  return out
    .split(/(?<=^\})\n/m)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => JSON.parse(s));
}

export function goList(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<GoListPackage[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['list', '-e', ...args], { cwd: opts.cwd, env: goEnv(opts.env) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`go list ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`));
      else resolve(parseGoListJSON(Buffer.concat(out).toString('utf8')));
    });
  });
}

/** go list's JSON field names for the GoPackageFacts lists compared with the scanner. */
export const LIST_FIELDS = [
  ['GoFiles', 'goFiles'],
  ['CgoFiles', 'cgoFiles'],
  ['IgnoredGoFiles', 'ignoredGoFiles'],
  ['IgnoredOtherFiles', 'ignoredOtherFiles'],
  ['InvalidGoFiles', 'invalidGoFiles'],
  ['TestGoFiles', 'testGoFiles'],
  ['XTestGoFiles', 'xTestGoFiles'],
  ['CFiles', 'cFiles'],
  ['CXXFiles', 'cxxFiles'],
  ['MFiles', 'mFiles'],
  ['HFiles', 'hFiles'],
  ['FFiles', 'fFiles'],
  ['SFiles', 'sFiles'],
  ['SwigFiles', 'swigFiles'],
  ['SwigCXXFiles', 'swigCXXFiles'],
  ['SysoFiles', 'sysoFiles'],
  ['EmbedPatterns', 'embedPatterns'],
  ['EmbedFiles', 'embedFiles'],
  ['TestEmbedPatterns', 'testEmbedPatterns'],
  ['XTestEmbedPatterns', 'xTestEmbedPatterns'],
] as const;

export const IMPORT_FIELDS = [
  ['Imports', 'imports'],
  ['TestImports', 'testImports'],
  ['XTestImports', 'xTestImports'],
] as const;

/**
 * go list reports vendor-resolved import paths; ImportMap maps them back to what is written
 * (it covers Imports only, so test imports fall back to dropping the `vendor/` prefix).
 */
export function rawImports(p: GoListPackage, field: string): string[] {
  const back = new Map(Object.entries(p.ImportMap ?? {}).map(([raw, resolved]) => [resolved, raw]));
  return ((p[field] as string[] | undefined) ?? [])
    .map((x) => back.get(x) ?? x.replace(/^(?:.*\/)?vendor\//, ''))
    .sort();
}

/**
 * go list reads a directory through its module index only when every file is older than two
 * seconds (cmd/go/internal/modindex); younger directories go through go/build, which differs
 * for broken files. The scanner follows the index (the steady state), so files are aged.
 */
export function ageFiles(root: string): void {
  const past = new Date(Date.now() - 60_000);
  const walk = (p: string) => {
    for (const d of fs.readdirSync(p, { withFileTypes: true })) {
      const f = path.join(p, d.name);
      if (d.isDirectory()) walk(f);
      fs.utimesSync(f, past, past);
    }
  };
  walk(root);
}
