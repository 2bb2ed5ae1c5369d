// Differential fuzz: real GOROOT files, mutated with a fixed seed, one package per mutant in a
// temporary module; the scanner must agree with `go list -e -json` on package name, file
// lists (constraint outcome, invalid files), imports and embed patterns. Longer runs:
// NX_GOPKG_FUZZ_CASES=5000 npx jest packages/nx-gopkg/src/scan/fuzz.spec.ts
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildContext, GoPackageFacts } from './types';
import { parseGoFileHeader } from './header-reader';
import { scanPackageDir } from './package';
import { contextFromGo, goEnv } from './go-env';
import { GoListPackage, ageFiles, goList } from '../test-support/go-list';
import { mapLimit } from '../test-support/map-limit';
import { mutate, prng } from '../test-support/fuzz-mutations';

const CASES = Number(process.env.NX_GOPKG_FUZZ_CASES ?? 800);
const SEED = Number(process.env.NX_GOPKG_FUZZ_SEED ?? 20261126);
const BATCH = 1000;
const GOROOT = execFileSync('go', ['env', 'GOROOT'], { env: goEnv(), encoding: 'utf8' }).trim();

const FIELDS = [
  ['Name', 'name'],
  ['GoFiles', 'goFiles'],
  ['CgoFiles', 'cgoFiles'],
  ['IgnoredGoFiles', 'ignoredGoFiles'],
  ['InvalidGoFiles', 'invalidGoFiles'],
  ['TestGoFiles', 'testGoFiles'],
  ['XTestGoFiles', 'xTestGoFiles'],
  ['Imports', 'imports'],
  ['TestImports', 'testImports'],
  ['XTestImports', 'xTestImports'],
  ['EmbedPatterns', 'embedPatterns'],
  ['TestEmbedPatterns', 'testEmbedPatterns'],
  ['XTestEmbedPatterns', 'xTestEmbedPatterns'],
] as const;

/** Real .go files of GOROOT/src (no testdata), in a stable order. */
function corpus(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (d.isDirectory() && d.name !== 'testdata' && !d.name.startsWith('.') && !d.name.startsWith('_'))
        walk(path.join(dir, d.name));
      else if (d.isFile() && d.name.endsWith('.go')) out.push(path.join(dir, d.name));
    }
  };
  walk(path.join(GOROOT, 'src'));
  return out;
}

interface Case {
  dir: string;
  source: string;
  ops: string[];
}

/** Writes mutants as packages c00000, c00001, ... of one module; returns the cases. */
function writeModule(root: string, files: string[], count: number, seed: number): Case[] {
  const r = prng(seed);
  fs.writeFileSync(path.join(root, 'go.mod'), 'module fuzz.example\n\ngo 1.26\n');
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const source = files[Math.floor(r() * files.length)];
    const m = mutate(r, fs.readFileSync(source));
    const dir = path.join(root, `c${String(i).padStart(5, '0')}`);
    fs.mkdirSync(dir);
    // Mostly a plain name; sometimes the original one, to exercise _GOOS/_test suffixes.
    const name = r() < 0.7 ? 'f.go' : path.basename(source);
    fs.writeFileSync(path.join(dir, name), m.content);
    cases.push({ dir, source, ops: m.ops });
  }
  return cases;
}

function compare(c: Case, want: GoListPackage | undefined, got: GoPackageFacts | undefined, label: string): string[] {
  if (!want && !got) return [];
  if (!want || !got)
    return [`${label} ${c.dir}: go list ${want ? 'has' : 'lacks'} the package, scanner ${got ? 'has' : 'lacks'} it`];
  const out: string[] = [];
  for (const [g, f] of FIELDS) {
    const w = JSON.stringify(want[g] ?? (g === 'Name' ? '' : []));
    const v = JSON.stringify(got[f] ?? []);
    if (w !== v) {
      const err = want.Error ? `\n  go error: ${want.Error.Err}` : '';
      out.push(
        `${label} ${path.basename(c.dir)} ${g}: want ${w} got ${v}${err}\n  from ${c.source}\n  ops ${c.ops.join('\n      ')}`,
      );
    }
  }
  return out;
}

const goListArgs = ['-json=Dir,Error,' + FIELDS.map((f) => f[0]).join(',')];
const goListEnv = (ctx: BuildContext) => ({
  GOOS: ctx.goos,
  GOARCH: ctx.goarch,
  CGO_ENABLED: ctx.cgoEnabled ? '1' : '0',
  GOPROXY: 'off',
  GOWORK: 'off',
});

describe('differential fuzz of the header reader against go list', () => {
  const files = corpus();
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-fuzz-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it(`agrees on ${CASES} mutated files (seed ${SEED})`, async () => {
    const batches = Array.from({ length: Math.ceil(CASES / BATCH) }, (_, b) => b);
    const contexts: [string, BuildContext][] = [
      ['cgo=1', contextFromGo('linux', 'amd64', true)],
      ['cgo=0', contextFromGo('linux', 'amd64', false)],
    ];
    const disagreements: string[] = [];
    let compared = 0;
    let slowest = 0;
    for (const b of batches) {
      const mod = path.join(root, `m${b}`);
      fs.mkdirSync(mod);
      const cases = writeModule(mod, files, Math.min(BATCH, CASES - b * BATCH), SEED + b);
      ageFiles(mod); // so go list reads them through its module index, as in steady state
      const lists = await mapLimit(contexts, 2, ([, ctx]) =>
        // Explicit directories: ./... would skip packages whose files are all excluded.
        goList([...goListArgs, ...cases.map((c) => './' + path.basename(c.dir))], { cwd: mod, env: goListEnv(ctx) }),
      );
      contexts.forEach(([label, context], k) => {
        const byDir = new Map(lists[k].map((p) => [p.Dir, p]));
        for (const c of cases) {
          const t0 = performance.now();
          const got = scanPackageDir(c.dir, { kind: 'context', context });
          slowest = Math.max(slowest, performance.now() - t0);
          disagreements.push(...compare(c, byDir.get(c.dir), got, label));
          compared++;
        }
      });
      // Mode anyPlatform and the raw parser must not throw on any mutant either.
      for (const c of cases) {
        expect(() => scanPackageDir(c.dir, { kind: 'anyPlatform' })).not.toThrow();
        for (const f of fs.readdirSync(c.dir))
          expect(() => parseGoFileHeader(fs.readFileSync(path.join(c.dir, f)), f)).not.toThrow();
      }
    }
    console.log(
      `fuzz: ${CASES} mutants x ${contexts.length} contexts = ${compared} package comparisons, ${disagreements.length} disagreements, slowest scan ${slowest.toFixed(1)} ms`,
    );
    expect(disagreements.slice(0, 20)).toEqual([]);
    expect(slowest).toBeLessThan(1000); // never hangs
  }, 180_000);
});
