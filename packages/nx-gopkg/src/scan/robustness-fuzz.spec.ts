// Robustness fuzz: the scanner never throws and never hangs, whatever the bytes. Seeded
// mutations of real GOROOT .go files and of go.mod/go.work/go.sum/modules.txt files (byte
// flips, truncation, insertion of `/*`, `"`, backquote, `//go:build (`, NUL, invalid UTF-8,
// huge lines, plus the structured mutations of testing/fuzz-mutations) go through the
// header reader, the package scan (both modes), the module file parsers and the directory
// walk; each input must be handled within PER_INPUT_MS. Unlike fuzz.spec.ts this test does
// not compare with go (no go list per case), so it can run many more cases in a few seconds.
// Longer campaigns: `npm run build && npm run fuzz -- <cases> <seed>` (tools/fuzz-scan.js).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCommentHeader, parseGoFileHeader } from './header-reader';
import { scanPackageDir } from './package';
import { parseGoMod } from './gomod';
import { parseGoWork } from './gowork';
import { parseGoSum } from './gosum';
import { parseVendorModulesTxt } from './vendor';
import { discoverWorkspace } from './walk';
import { contextFromGo, goEnv } from './go-env';
import type { ScanMode } from './types';
import { mutate, prng } from '../test-support/fuzz-mutations';

const SEED = Number(process.env.NX_GOPKG_ROBUST_SEED ?? 424242);
const GO_CASES = Number(process.env.NX_GOPKG_ROBUST_GO_CASES ?? 500);
const MOD_CASES = Number(process.env.NX_GOPKG_ROBUST_MOD_CASES ?? 1000);
/** One input (all scanner entry points on it) must finish within this bound. */
const PER_INPUT_MS = 200;
/** The whole suite stays below this much CPU time (asserted). */
const SUITE_BUDGET_MS = 30_000;
const GOROOT = execFileSync('go', ['env', 'GOROOT'], { env: goEnv(), encoding: 'utf8' }).trim();

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Hostile insertions, as bytes. */
const NASTY: Buffer[] = [
  Buffer.from('/*'),
  Buffer.from('*/'),
  Buffer.from('"'),
  Buffer.from('`'),
  Buffer.from("'"),
  Buffer.from('//go:build ('),
  Buffer.from('//go:build\n'),
  Buffer.from('// +build !\n'),
  Buffer.from([0]),
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate: invalid UTF-8
  Buffer.from([0xef, 0xbb, 0xbf]), // BOM
  Buffer.from('\r'),
  Buffer.from('\\'),
  Buffer.from('('),
  Buffer.from(')'),
  Buffer.from('import ('),
  Buffer.from('//go:embed '),
  Buffer.from('package '),
  Buffer.from('module '),
  Buffer.from('use '),
  Buffer.from('=> '),
  Buffer.from('replace ('),
  Buffer.from('require ('),
  Buffer.from(' h1:'),
  Buffer.from('\n# '),
  Buffer.from('\n## explicit; go '),
];

function hugeLine(r: Rand): Buffer {
  const len = pick(r, [1_000, 10_000, 30_000, 60_000]);
  const unit = pick(r, ['a', '/', '"', '`', '(', ' ', '\u00e9', '/*', '\\']);
  return Buffer.from(unit.repeat(Math.ceil(len / unit.length)));
}

/** Byte-level mutations, biased towards the head of the file where the readers work. */
export function mutateBytes(r: Rand, src: Buffer): { content: Buffer; ops: string[] } {
  let b = src;
  const ops: string[] = [];
  const n = 1 + int(r, 4);
  for (let i = 0; i < n; i++) {
    const span = r() < 0.7 ? Math.min(b.length, 2048) : b.length;
    const at = int(r, span + 1);
    const k = int(r, 10);
    if (k === 0 && b.length > 0) {
      const pos = Math.min(at, b.length - 1);
      const bit = 1 << int(r, 8);
      ops.push(`flip ${pos}^${bit}`);
      b = Buffer.from(b);
      b[pos] ^= bit;
    } else if (k === 1) {
      ops.push(`truncate ${at}`);
      b = b.subarray(0, at);
    } else if (k === 2 && b.length > 0) {
      const len = 1 + int(r, 64);
      ops.push(`delete ${at}+${len}`);
      b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]);
    } else if (k === 3) {
      const h = hugeLine(r);
      ops.push(`huge line at ${at} (${h.length} bytes of ${JSON.stringify(h.subarray(0, 2).toString('latin1'))})`);
      b = Buffer.concat([b.subarray(0, at), h, b.subarray(at)]);
    } else if (k === 4 && b.length > 0) {
      const len = 1 + int(r, 200);
      ops.push(`duplicate ${at}+${len}`);
      b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
    } else {
      const ins = pick(r, NASTY);
      ops.push(`insert ${JSON.stringify(ins.toString('latin1'))} at ${at}`);
      b = Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]);
    }
  }
  return { content: b, ops };
}

/** Real .go files of GOROOT/src, every `step`-th one in a stable order (testdata included: odd files). */
function goCorpus(step = 7): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.isFile() && d.name.endsWith('.go')) out.push(p);
    }
  };
  walk(path.join(GOROOT, 'src'));
  return out.filter((_, i) => i % step === 0);
}

/** Module files of GOROOT/src plus hand-written ones covering every directive. */
function modCorpus(): { kind: 'mod' | 'work' | 'sum' | 'vendor'; text: Buffer }[] {
  const out: { kind: 'mod' | 'work' | 'sum' | 'vendor'; text: Buffer }[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p, depth + 1);
      else if (d.name === 'go.mod') out.push({ kind: 'mod', text: fs.readFileSync(p) });
      else if (d.name === 'go.sum') out.push({ kind: 'sum', text: fs.readFileSync(p) });
      else if (d.name === 'modules.txt') out.push({ kind: 'vendor', text: fs.readFileSync(p) });
    }
  };
  walk(path.join(GOROOT, 'src'), 0);
  const handWritten: ['mod' | 'work' | 'sum' | 'vendor', string][] = [
    [
      'mod',
      'module example.com/m\n\ngo 1.24\n\ntoolchain go1.24.1\n\ngodebug default=go1.21\n\nrequire (\n\tgolang.org/x/text v0.3.0 // indirect\n\texample.org/a v1.2.3\n)\n\nexclude example.org/a v1.0.0\n\nreplace (\n\texample.org/a => ../a\n\texample.org/b v1.0.0 => example.org/c v1.1.0\n)\n\nretract [v1.0.0, v1.0.5] // bad\n\ntool example.org/a/cmd/x\n\nignore ./node_modules\n',
    ],
    [
      'mod',
      '// Deprecated: use x\nmodule "example.com/quoted"\ngo 1.99\nrequire example.org/a v1.2.3\nrequire example.org/a v1.2.4\n',
    ],
    [
      'work',
      'go 1.24\n\ntoolchain go1.24.0\n\nuse (\n\t./a\n\t"./b c"\n\t../outside\n)\n\nuse ./missing\n\nreplace example.org/a => ./a\n\ngodebug panicnil=1\n',
    ],
    ['work', 'go 1.21\nuse .\n'],
    [
      'sum',
      'example.org/a v1.2.3 h1:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG=\nexample.org/a v1.2.3/go.mod h1:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG=\ngarbage line\n\n',
    ],
    [
      'vendor',
      '# example.org/a v1.2.3\n## explicit; go 1.21\nexample.org/a\nexample.org/a/sub\n# example.org/b v1.0.0 => ../b\n## explicit\n# example.org/c => ./c\n',
    ],
  ];
  for (const [kind, text] of handWritten) out.push({ kind, text: Buffer.from(text) });
  return out;
}

/** CPU milliseconds used by this process so far (the machine may be shared: wall time is not ours). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * CPU time of fn in ms. A hang shows as unbounded CPU time; wall time would also count other
 * processes on a loaded machine. On a slow first measurement (GC, JIT) fn is re-run and the
 * best kept.
 */
function timed(fn: () => void): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    const t0 = cpuMs();
    fn();
    best = Math.min(best, cpuMs() - t0);
    if (best < PER_INPUT_MS) break;
  }
  return best;
}

describe('robustness fuzz: the scanner never throws and never hangs', () => {
  const suiteStart = cpuMs();
  let root: string;
  let modes: ScanMode[];
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-robust-fuzz-'));
    modes = [{ kind: 'anyPlatform' }, { kind: 'context', context: contextFromGo('linux', 'amd64', true) }];
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    const used = cpuMs() - suiteStart;
    console.log(`robustness fuzz: ${(used / 1000).toFixed(1)} s of CPU for the suite`);
    expect(used).toBeLessThan(SUITE_BUDGET_MS);
  });

  it(`Go files: ${GO_CASES} mutants of GOROOT sources (seed ${SEED}) through the header reader and the package scan`, () => {
    const r = prng(SEED);
    const files = goCorpus();
    const failures: string[] = [];
    let slowest = 0;
    let slowestCase = '';
    let invalid = 0;
    for (let i = 0; i < GO_CASES; i++) {
      const source = pick(r, files);
      const original = fs.readFileSync(source);
      // Half structured (go/build-aware) mutations, half raw byte mutations, sometimes both.
      let m = r() < 0.5 ? mutate(r, original) : mutateBytes(r, original);
      if (r() < 0.2) {
        const more = mutateBytes(r, m.content);
        m = { content: more.content, ops: [...m.ops, ...more.ops] };
      }
      const dir = path.join(root, 'go', `c${i}`);
      fs.mkdirSync(dir, { recursive: true });
      const name = r() < 0.7 ? 'f.go' : path.basename(source);
      fs.writeFileSync(path.join(dir, name), m.content);
      // A valid sibling: the package must still be assembled around the broken file.
      if (r() < 0.3) fs.writeFileSync(path.join(dir, 'ok.go'), 'package ok\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n');
      const label = `case ${i} from ${path.relative(GOROOT, source)} as ${name}: ${m.ops.join('; ')}`;
      try {
        const ms = timed(() => {
          const h = parseGoFileHeader(m.content, path.join(dir, name));
          if (h.problems.length) invalid++;
          parseCommentHeader(m.content, path.join(dir, name));
          for (const mode of modes) scanPackageDir(dir, mode);
        });
        if (ms > slowest) [slowest, slowestCase] = [ms, label];
        if (ms >= PER_INPUT_MS) failures.push(`${label}: took ${ms.toFixed(0)} ms`);
      } catch (err) {
        failures.push(`${label}: threw ${(err as Error)?.stack ?? err}`);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    console.log(
      `robustness fuzz (Go): ${GO_CASES} mutants, ${invalid} with header problems, slowest ${slowest.toFixed(1)} ms (${slowestCase.slice(0, 200)})`,
    );
    expect(failures.slice(0, 10)).toEqual([]);
    expect(slowest).toBeLessThan(PER_INPUT_MS);
  }, 60_000);

  it(`module files: ${MOD_CASES} mutants of go.mod/go.work/go.sum/modules.txt through the parsers, some through the walk`, () => {
    const r = prng(SEED + 1);
    const corpus = modCorpus();
    const failures: string[] = [];
    let slowest = 0;
    let walks = 0;
    const parsers = {
      mod: (t: string, f: string) => parseGoMod(t, f),
      work: (t: string, f: string) => parseGoWork(t, f),
      sum: (t: string, f: string) => parseGoSum(t, f),
      vendor: (t: string, f: string) => parseVendorModulesTxt(t, f),
    };
    for (let i = 0; i < MOD_CASES; i++) {
      const c = pick(r, corpus);
      const m = mutateBytes(r, c.text);
      const text = m.content.toString('utf8');
      const label = `case ${i} (${c.kind}): ${m.ops.join('; ')}`;
      try {
        const ms = timed(() => {
          // Every parser on every mutant: a go.sum fed to the go.mod parser is input too.
          for (const [kind, parse] of Object.entries(parsers)) parse(text, `/fuzz/${kind}`);
        });
        slowest = Math.max(slowest, ms);
        if (ms >= PER_INPUT_MS) failures.push(`${label}: took ${ms.toFixed(0)} ms`);
        // Every 20th case: a small tree whose go.mod, go.work, go.sum or modules.txt is the mutant.
        if (i % 20 === 0) {
          walks++;
          const dir = path.join(root, 'walk', `w${i}`);
          const fileOf = { mod: 'go.mod', work: 'go.work', sum: 'go.sum', vendor: 'vendor/modules.txt' }[c.kind];
          const files: Record<string, Buffer | string> = {
            'go.mod': 'module example.com/w\n\ngo 1.24\n',
            'a/a.go': 'package a\n',
            'sub/go.mod': 'module example.com/sub\n\ngo 1.24\n',
            'sub/s.go': 'package s\n\nimport "example.com/w/a"\n\nvar _ = a.X\n',
            [fileOf]: m.content,
          };
          if (c.kind !== 'work' && r() < 0.5) files['go.work'] = 'go 1.24\n\nuse (\n\t.\n\t./sub\n)\n';
          for (const [rel, content] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
            fs.writeFileSync(path.join(dir, rel), content);
          }
          const wms = timed(() => discoverWorkspace(dir, { modFlag: r() < 0.5 ? undefined : 'vendor' }));
          slowest = Math.max(slowest, wms);
          if (wms >= PER_INPUT_MS) failures.push(`${label} (walk): took ${wms.toFixed(0)} ms`);
          fs.rmSync(dir, { recursive: true, force: true });
        }
      } catch (err) {
        failures.push(`${label}: threw ${(err as Error)?.stack ?? err}`);
      }
    }
    console.log(
      `robustness fuzz (module files): ${MOD_CASES} mutants x 4 parsers, ${walks} walks, slowest ${slowest.toFixed(1)} ms`,
    );
    expect(failures.slice(0, 10)).toEqual([]);
    expect(slowest).toBeLessThan(PER_INPUT_MS);
  }, 60_000);

  // Multi-megabyte inputs cannot meet the per-input bound (the module file lexer spends about a
  // microsecond per token), so here the claim is "no hang": CPU time grows linearly with size.
  it('degenerate whole inputs (empty, BOM, NUL, one repeated byte, unterminated everything) scale linearly', () => {
    const shapes: [string, (n: number) => Buffer][] = [
      ['NUL', (n) => Buffer.alloc(n, 0)],
      ['slashes', (n) => Buffer.alloc(n, '/')],
      ['open parens', (n) => Buffer.alloc(n, '(')],
      ['quotes', (n) => Buffer.alloc(n, '"')],
      ['backquotes', (n) => Buffer.alloc(n, '`')],
      ['invalid UTF-8', (n) => Buffer.alloc(n, 0xff)],
      ['BOMs', (n) => Buffer.alloc(n, Buffer.from([0xef, 0xbb, 0xbf]))],
      ['unterminated import path', (n) => Buffer.from('package p\n\nimport "' + 'a'.repeat(n))],
      ['unterminated comment', (n) => Buffer.from('package p\n/*' + ' x'.repeat(n / 2))],
      ['nested build parens', (n) => Buffer.from('//go:build ' + '('.repeat(n) + '\n\npackage p\n')],
      ['negations', (n) => Buffer.from('//go:build ' + '!'.repeat(n) + 'x\n\npackage p\n')],
      ['long build expression', (n) => Buffer.from('//go:build ' + 'a || '.repeat(n / 5) + 'b\n\npackage p\n')],
      ['many imports', (n) => Buffer.from('package p\nimport (\n' + '\t"fmt"\n'.repeat(n / 7) + ')\n')],
      [
        'many embeds',
        (n) => Buffer.from('package p\nimport "embed"\n' + '//go:embed x\nvar x string\n'.repeat(n / 28)),
      ],
      [
        'many requires',
        (n) => Buffer.from('module m\nrequire (\n' + '\texample.org/a v1.0.0\n'.repeat(n / 23) + ')\n'),
      ],
      ['many uses', (n) => Buffer.from('go 1.24\nuse (\n' + '\t./a\n'.repeat(n / 5))],
    ];
    const dir = path.join(root, 'degenerate');
    fs.mkdirSync(dir, { recursive: true });
    const all = (b: Buffer) => () => {
      parseGoFileHeader(b, 'f.go');
      parseCommentHeader(b, 'f.go');
      fs.writeFileSync(path.join(dir, 'f.go'), b);
      for (const mode of modes) scanPackageDir(dir, mode);
      const t = b.toString('utf8');
      parseGoMod(t, 'go.mod');
      parseGoWork(t, 'go.work');
      parseGoSum(t, 'go.sum');
      parseVendorModulesTxt(t, 'modules.txt');
    };
    for (const tiny of [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\x00')]) {
      expect(timed(all(tiny))).toBeLessThan(PER_INPUT_MS);
    }
    const SMALL = 25_000;
    const LARGE = 200_000;
    const report: string[] = [];
    for (const [name, make] of shapes) {
      const small = timed(all(make(SMALL)));
      const large = timed(all(make(LARGE)));
      report.push(`${name}: ${small.toFixed(0)} / ${large.toFixed(0)} ms`);
      expect([name, small < PER_INPUT_MS]).toEqual([name, true]);
      // 8x the input: at most ~8x the time (plus slack for timer granularity and GC), never quadratic.
      expect([name, large < 12 * small + 100]).toEqual([name, true]);
    }
    console.log(
      `robustness fuzz (degenerate), CPU for ${SMALL / 1000} kB / ${LARGE / 1000} kB:\n  ${report.join('\n  ')}`,
    );
  }, 60_000);
});
