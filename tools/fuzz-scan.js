#!/usr/bin/env node
// Long robustness campaign for the scanner (the short one is
// packages/nx-gopkg/src/scan/robustness-fuzz.spec.ts): seeded mutations of GOROOT .go files and of
// go.mod/go.work/go.sum/modules.txt files through the compiled scanner in dist/packages/nx-gopkg
// (run `npm run build` first). Fails on any exception or any input taking more than the CPU
// bound. Usage:
//   npm run fuzz -- [cases=20000] [seed=1] [--ms=200] [--keep]
// Failing inputs are written to a temp directory (printed) so they can be replayed.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const dist = path.resolve(__dirname, '../dist/packages/nx-gopkg/src/scan');
if (!fs.existsSync(path.join(dist, 'package.js'))) {
  console.error('dist/packages/nx-gopkg is missing: run `npm run build` first');
  process.exit(2);
}
// The scanner's entry points, each from its own module.
const scan = Object.assign(
  {},
  ...['go-env', 'header-reader', 'package', 'gomod', 'gowork', 'gosum', 'vendor', 'walk'].map((m) =>
    require(path.join(dist, `${m}.js`)),
  ),
);
// The structured (go/build-aware) mutations of the unit fuzz test, from their TypeScript source
// (src/test-support is not built into dist) through ts-node, a dev dependency; byte mutations
// when that cannot load.
/** @type {typeof import('../packages/nx-gopkg/src/test-support/fuzz-mutations').mutate | undefined} */
let structured;
try {
  require('ts-node').register({ transpileOnly: true, project: path.resolve(__dirname, '../tsconfig.json') });
  structured = require('../packages/nx-gopkg/src/test-support/fuzz-mutations').mutate;
} catch (err) {
  console.error(`structured mutations unavailable (${/** @type {Error} */ (err).message}); byte mutations only`);
  structured = undefined;
}

const { prng } = require('./seeded-random');

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name, def) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : def;
};
const CASES = Number(positional[0] ?? 20000);
const SEED = Number(positional[1] ?? 1);
const BOUND_MS = Number(flag('ms', 200));
const KEEP = process.argv.includes('--keep');
if (!Number.isFinite(CASES) || !Number.isFinite(SEED)) {
  console.error('usage: npm run fuzz -- [cases] [seed] [--ms=200] [--keep]');
  process.exit(2);
}

const GOROOT = execFileSync('go', ['env', 'GOROOT'], {
  env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
  encoding: 'utf8',
}).trim();

const int = (r, n) => Math.floor(r() * n);
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const NASTY = [
  '/*',
  '*/',
  '"',
  '`',
  "'",
  '//go:build (',
  '//go:build\n',
  '// +build !\n',
  '\\',
  '(',
  ')',
  'import (',
  '//go:embed ',
  'package ',
  'module ',
  'use ',
  '=> ',
  'replace (',
  'require (',
  ' h1:',
  '\n# ',
  '\n## explicit; go ',
  '\r',
]
  .map((s) => Buffer.from(s))
  .concat([[0], [0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf]].map((b) => Buffer.from(b)));

function mutateBytes(r, src) {
  let b = src;
  const ops = [];
  const n = 1 + int(r, 4);
  for (let i = 0; i < n; i++) {
    const span = r() < 0.7 ? Math.min(b.length, 2048) : b.length;
    const at = int(r, span + 1);
    const k = int(r, 10);
    if (k === 0 && b.length > 0) {
      const pos = Math.min(at, b.length - 1);
      b = Buffer.from(b);
      b[pos] ^= 1 << int(r, 8);
      ops.push(`flip ${pos}`);
    } else if (k === 1) {
      b = b.subarray(0, at);
      ops.push(`truncate ${at}`);
    } else if (k === 2 && b.length > 0) {
      const len = 1 + int(r, 64);
      b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]);
      ops.push(`delete ${at}+${len}`);
    } else if (k === 3) {
      const unit = pick(r, ['a', '/', '"', '`', '(', ' ', '\u00e9', '/*', '\\']);
      const len = pick(r, [1000, 10000, 50000, 100000]);
      b = Buffer.concat([b.subarray(0, at), Buffer.from(unit.repeat(Math.ceil(len / unit.length))), b.subarray(at)]);
      ops.push(`huge line ${len} of ${JSON.stringify(unit)} at ${at}`);
    } else if (k === 4 && b.length > 0) {
      const len = 1 + int(r, 200);
      b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
      ops.push(`duplicate ${at}+${len}`);
    } else {
      const ins = pick(r, NASTY);
      b = Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]);
      ops.push(`insert ${JSON.stringify(ins.toString('latin1'))} at ${at}`);
    }
  }
  return { content: b, ops };
}

function corpora() {
  const go = [];
  const mods = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith('.go')) go.push(p);
      else if (d.name === 'go.mod' || d.name === 'go.sum' || d.name === 'go.work' || d.name === 'modules.txt')
        mods.push(p);
    }
  };
  walk(path.join(GOROOT, 'src'));
  return { go, mods };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function timed(fn) {
  let best = Infinity;
  for (let i = 0; i < 3 && best >= BOUND_MS; i++) {
    const t0 = cpuMs();
    fn();
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-fuzz-scan-'));
const failDir = path.join(work, 'failures');
const { go, mods } = corpora();
const context = scan.contextFromGo('linux', 'amd64', true);
/** @type {import('../packages/nx-gopkg/src/scan/types').ScanMode[]} */
const modes = [{ kind: 'anyPlatform' }, { kind: 'context', context }];
const r = prng(SEED);
let failures = 0;
let slowest = 0;
const started = Date.now();
console.log(
  `fuzz-scan: ${CASES} cases, seed ${SEED}, bound ${BOUND_MS} ms CPU, ${structured ? 'structured and byte' : 'byte'} mutations; corpus ${go.length} .go and ${mods.length} module files; work dir ${work}`,
);

function fail(i, what, content, detail) {
  failures++;
  fs.mkdirSync(failDir, { recursive: true });
  const file = path.join(failDir, `case-${i}-${what}`);
  fs.writeFileSync(file, content);
  console.log(`FAIL case ${i} (${what}): ${detail}\n  input saved as ${file}`);
}

for (let i = 0; i < CASES; i++) {
  const goCase = r() < 0.5;
  const source = pick(r, goCase ? go : mods);
  const original = fs.readFileSync(source);
  const m = goCase && structured && r() < 0.5 ? structured(r, original) : mutateBytes(r, original);
  const label = `${path.relative(GOROOT, source)}: ${m.ops.join('; ')}`;
  const dir = path.join(work, 'case');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  try {
    let ms;
    if (goCase) {
      const name = r() < 0.7 ? 'f.go' : path.basename(source);
      fs.writeFileSync(path.join(dir, name), m.content);
      ms = timed(() => {
        scan.parseGoFileHeader(m.content, path.join(dir, name));
        scan.parseCommentHeader(m.content, path.join(dir, name));
        for (const mode of modes) scan.scanPackageDir(dir, mode);
      });
    } else {
      const text = m.content.toString('utf8');
      fs.writeFileSync(path.join(dir, 'go.mod'), i % 4 === 0 ? m.content : 'module example.com/c\n\ngo 1.24\n');
      fs.writeFileSync(path.join(dir, 'go.work'), i % 4 === 1 ? m.content : 'go 1.24\n\nuse .\n');
      fs.writeFileSync(path.join(dir, 'go.sum'), i % 4 === 2 ? m.content : '');
      fs.mkdirSync(path.join(dir, 'vendor'));
      fs.writeFileSync(path.join(dir, 'vendor/modules.txt'), i % 4 === 3 ? m.content : '');
      fs.writeFileSync(path.join(dir, 'p.go'), 'package p\n');
      ms = timed(() => {
        scan.parseGoMod(text, 'go.mod');
        scan.parseGoWork(text, 'go.work');
        scan.parseGoSum(text, 'go.sum');
        scan.parseVendorModulesTxt(text, 'modules.txt');
        scan.discoverWorkspace(dir);
      });
    }
    slowest = Math.max(slowest, ms);
    if (ms >= BOUND_MS) fail(i, path.basename(source), m.content, `took ${ms.toFixed(0)} ms: ${label}`);
  } catch (err) {
    fail(i, path.basename(source), m.content, `threw ${(err && err.stack) || err}: ${label}`);
  }
  if ((i + 1) % 1000 === 0) console.log(`  ${i + 1}/${CASES}, ${failures} failures, slowest ${slowest.toFixed(1)} ms`);
}

console.log(
  `fuzz-scan: ${CASES} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures} failures, slowest ${slowest.toFixed(1)} ms CPU`,
);
if (!KEEP && failures === 0) fs.rmSync(work, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
