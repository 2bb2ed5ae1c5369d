#!/usr/bin/env node
// Benchmark: the gonx scanner (mode anyPlatform) over GOROOT/src vs `go list -e -json std cmd`.
// Both run as fresh processes, 5 times each; medians of wall-clock time are compared.
// Needs the compiled scanner: npx tsc -p packages/gonx/tsconfig.lib.json
// Usage: node tools/bench-scan.js [--runs 5] [--write docs/benchmarks-scan.md]
//        node tools/bench-scan.js --scan-only   (one scan in this process, prints ms and counts)
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SCAN = path.join(__dirname, '../dist/packages/gonx/src/scan/package.js');
const PREFETCH = path.join(__dirname, '../dist/packages/gonx/src/scan/prefetch.js');
const env = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local' };
// The scan-only child gets GOROOT from its parent, so its timing holds no `go env` call.
const goroot = process.env.BENCH_GOROOT || execFileSync('go', ['env', 'GOROOT'], { env, encoding: 'utf8' }).trim();
env.BENCH_GOROOT = goroot;
const src = path.join(goroot, 'src');

/** Package dirs like `std cmd`: every dir under src except testdata and `.`/`_` dirs. */
function packageDirs(root) {
  const out = [];
  const walk = (dir) => {
    out.push(dir);
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!d.isDirectory() || d.name === 'testdata' || d.name[0] === '.' || d.name[0] === '_') continue;
      walk(path.join(dir, d.name));
    }
  };
  walk(root);
  return out;
}

/** One scan of every package dir: heads prefetched concurrently (default) or read one by one. */
async function scanOnce(sequential) {
  const { scanPackageDir } = require(SCAN);
  const { scanPackageDirs } = require(PREFETCH);
  const t0 = process.hrtime.bigint();
  const dirs = packageDirs(src);
  const mode = { kind: 'anyPlatform' };
  const facts = sequential ? dirs.map((d) => scanPackageDir(d, mode)) : await scanPackageDirs(dirs, mode);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let pkgs = 0;
  let files = 0;
  let imports = 0;
  for (const p of facts) {
    if (!p) continue;
    pkgs++;
    files += p.goFiles.length + p.cgoFiles.length + p.testGoFiles.length + p.xTestGoFiles.length + p.ignoredGoFiles.length;
    imports += p.imports.length + p.testImports.length + p.xTestImports.length;
  }
  return { ms, pkgs, files, imports };
}

function timeProcess(cmd, args, opts) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { ...opts, env, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, out: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--scan-only')) {
    const first = await scanOnce(argv.includes('--sequential'));
    // A second scan in the same process: the Nx daemon's case (JIT warm, OS cache warm).
    if (argv.includes('--again')) first.againMs = (await scanOnce(argv.includes('--sequential'))).ms;
    console.log(JSON.stringify(first));
    return;
  }
  if (!fs.existsSync(SCAN)) throw new Error(`compile first: npx tsc -p packages/gonx/tsconfig.lib.json (missing ${SCAN})`);
  const runs = Number(argv[argv.indexOf('--runs') + 1]) || 5;
  const writeTo = argv.includes('--write') ? argv[argv.indexOf('--write') + 1] : undefined;
  const goMs = [];
  const nodeMs = [];
  const inProcMs = [];
  const seqMs = [];
  const againMs = [];
  let counts;
  let goPkgs = 0;
  // Warm the OS file cache once for both sides.
  timeProcess('go', ['list', '-e', '-json', 'std', 'cmd'], { cwd: src });
  timeProcess(process.execPath, [__filename, '--scan-only'], {});
  for (let i = 0; i < runs; i++) {
    const g = timeProcess('go', ['list', '-e', '-json', 'std', 'cmd'], { cwd: src });
    goMs.push(g.ms);
    goPkgs = (g.out.toString().match(/^\t"ImportPath": /gm) || []).length;
    const n = timeProcess(process.execPath, [__filename, '--scan-only'], {});
    nodeMs.push(n.ms);
    counts = JSON.parse(n.out.toString());
    inProcMs.push(counts.ms);
    seqMs.push(timeProcess(process.execPath, [__filename, '--scan-only', '--sequential'], {}).ms);
    againMs.push(JSON.parse(timeProcess(process.execPath, [__filename, '--scan-only', '--sequential', '--again'], {}).out.toString()).againMs);
  }
  const goMed = median(goMs);
  const nodeMed = median(nodeMs);
  const result = {
    machine: `${os.cpus()[0].model.trim()} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    go: execFileSync('go', ['version'], { env, encoding: 'utf8' }).trim(),
    node: process.version,
    runs,
    goListMs: goMs.map(Math.round),
    scannerProcessMs: nodeMs.map(Math.round),
    scannerInProcessMs: inProcMs.map(Math.round),
    goListMedianMs: Math.round(goMed),
    scannerMedianMs: Math.round(nodeMed),
    scannerInProcessMedianMs: Math.round(median(inProcMs)),
    scannerSequentialMs: seqMs.map(Math.round),
    scannerSequentialMedianMs: Math.round(median(seqMs)),
    sequentialRatio: +(median(seqMs) / goMed).toFixed(3),
    scannerAgainMs: againMs.map(Math.round),
    scannerAgainMedianMs: Math.round(median(againMs)),
    load: os.loadavg().map((x) => +x.toFixed(2)),
    ratio: +(nodeMed / goMed).toFixed(3),
    goListPackages: goPkgs,
    scannerPackages: counts.pkgs,
    scannerGoFiles: counts.files,
  };
  console.log(JSON.stringify(result, null, 2));
  if (writeTo) fs.writeFileSync(writeTo, report(result));
}

function report(r) {
  return `# Scanner benchmark

\`tools/bench-scan.js\`: the gonx scanner in mode \`anyPlatform\` over \`$(go env GOROOT)/src\`, one fresh
Node process per run (walk + \`scanPackageDirs\`: file heads read concurrently, then every package
directory scanned; process start included), against
\`go list -e -json std cmd\` run in the same directory. ${r.runs} runs each after one warm-up run
of both (warm OS file cache); medians compared. Regenerate with:

    npx tsc -p packages/gonx/tsconfig.lib.json && node tools/bench-scan.js --write docs/benchmarks-scan.md

| | |
|---|---|
| Machine | ${r.machine} |
| Go | ${r.go} |
| Node | ${r.node} |
| go list runs (ms) | ${r.goListMs.join(', ')} |
| scanner process runs (ms) | ${r.scannerProcessMs.join(', ')} |
| scanner in-process scan time (ms) | ${r.scannerInProcessMs.join(', ')} |
| scanner without prefetch (\`scanPackageDir\` loop), process runs (ms) | ${r.scannerSequentialMs.join(', ')} (median ${r.scannerSequentialMedianMs}, ratio ${r.sequentialRatio}) |
| second scan in the same process (daemon case), scan time (ms) | ${r.scannerAgainMs.join(', ')} (median ${r.scannerAgainMedianMs}) |
| load average after the runs (1, 5, 15 min) | ${r.load.join(', ')} |
| **go list median** | **${r.goListMedianMs} ms** (${r.goListPackages} packages) |
| **scanner median** | **${r.scannerMedianMs} ms** (${r.scannerPackages} package dirs, ${r.scannerGoFiles} .go files) |
| **ratio scanner / go list** | **${r.ratio}** (target ≤ 0.5) |

Notes: go list does more than the scanner (module loading, import resolution, JSON of every
field); the scanner does what gonx needs of it (files, imports, embeds) for every platform at
once. The scanner's figure includes Node start-up (~40 ms) and the directory walk.
`;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
