#!/usr/bin/env node
// Benchmark: the nx-gopkg scanner (mode anyPlatform) over GOROOT/src vs `go list -e -json std cmd`.
// Both run as fresh processes, 5 times each; medians of wall-clock time are compared, and CPU
// time (user+sys, from bash's `time`) is reported beside them since the machine may be shared.
// Needs the compiled scanner: npx tsc -p packages/nx-gopkg/tsconfig.lib.json
// Usage: node tools/bench-scan.js [--runs 5] [--write docs/benchmarks-scan.md]
//        node tools/bench-scan.js --scan-only [--again] [--plugin-walk]   (one scan here, prints ms and counts)
//        BENCH_DIST=/tmp/old/dist-src node tools/bench-scan.js ...   (time another build)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
// Loaded on use: the scanning child (--scan-only) needs neither, and its start-up is timed.
/** @type {typeof import('node:child_process').execFileSync} */
const execFileSync = /** @type {any} */ (
  (/** @type {unknown[]} */ ...a) => Reflect.apply(require('node:child_process').execFileSync, null, a)
);
/** @type {typeof import('node:child_process').spawnSync} */
const spawnSync = /** @type {any} */ (
  (/** @type {unknown[]} */ ...a) => Reflect.apply(require('node:child_process').spawnSync, null, a)
);
/** @type {typeof import('node:os')} */
const os = /** @type {any} */ (new Proxy({}, { get: (_, k) => require('node:os')[k] }));

// BENCH_DIST: another build's src dir (e.g. an older commit compiled with --outDir), for before/after runs.
const DIST = process.env.BENCH_DIST || path.join(__dirname, '../dist/packages/nx-gopkg/src');
const SCAN = path.join(DIST, 'scan/package.js');
/** @type {NodeJS.ProcessEnv} */
const env = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local' };
// NODE_EXTRA_CA_CERTS makes Node read and parse a CA bundle while it starts (about 70 ms on the
// machine the figures come from, which sets it for its proxy). The scan opens no TLS connection,
// so its children run without it; the rows with it set are reported beside.
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
const scanEnv = { NODE_EXTRA_CA_CERTS: undefined };
// The scan-only child gets GOROOT from its parent, so its timing holds no `go env` call.
const goroot = process.env.BENCH_GOROOT || execFileSync('go', ['env', 'GOROOT'], { env, encoding: 'utf8' }).trim();
env.BENCH_GOROOT = goroot;
const src = path.join(goroot, 'src');

/**
 * Package dirs like `std cmd`: every dir under src except testdata and `.`/`_` dirs, each with
 * its readdir (handed to scanPackageDir as the plugin's walk does: one readdir per directory).
 */
function packageDirs(root) {
  const out = [];
  const walk = (dir) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    out.push({ dir, entries });
    for (const d of entries) {
      if (!d.isDirectory() || d.name === 'testdata' || d.name[0] === '.' || d.name[0] === '_') continue;
      walk(path.join(dir, d.name));
    }
  };
  walk(root);
  return out;
}

/**
 * Package dirs as the plugin finds them (scan/walk.ts, the walk nx/infer.ts runs): the rules of
 * `go list ./...`, so no vendored package; go.mod files read, import paths computed.
 */
function pluginPackageDirs(root) {
  /** @type {typeof import('../packages/nx-gopkg/src/scan/walk')} */
  const { discoverWorkspace } = require(path.join(DIST, 'scan/walk.js'));
  return discoverWorkspace(root, { goroot }).packages.map((p) => ({ dir: p.dir, entries: p.entries }));
}

/**
 * One scan of every package dir, one by one as the plugin scans; with cacheFile, through the
 * plugin's persistent header cache (nx/header-cache.ts: a stat per file, the stored header when
 * size and mtime match), loaded and saved in the timing.
 */
function scanOnce(cacheFile, pluginWalk = false) {
  /** @type {typeof import('../packages/nx-gopkg/src/scan/package')} */
  const { scanPackageDir } = require(SCAN);
  const t0 = process.hrtime.bigint();
  const dirs = pluginWalk ? pluginPackageDirs(src) : packageDirs(src);
  /** @type {import('../packages/nx-gopkg/src/scan/types').ScanMode} */
  const mode = { kind: 'anyPlatform' };
  let facts;
  if (cacheFile) {
    /** @type {typeof import('../packages/nx-gopkg/src/nx/header-cache')} */
    const { HeaderCache } = require(path.join(DIST, 'nx/header-cache.js'));
    const cache = new HeaderCache(cacheFile);
    facts = dirs.map((d) => scanPackageDir(d.dir, mode, { entries: d.entries, readHeader: cache.read }));
    cache.save();
  } else {
    facts = dirs.map((d) => scanPackageDir(d.dir, mode, { entries: d.entries }));
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let pkgs = 0;
  let files = 0;
  let imports = 0;
  for (const p of facts) {
    if (!p) continue;
    pkgs++;
    files +=
      p.goFiles.length + p.cgoFiles.length + p.testGoFiles.length + p.xTestGoFiles.length + p.ignoredGoFiles.length;
    imports += p.imports.length + p.testImports.length + p.xTestImports.length;
  }
  return { ms, pkgs, files, imports };
}

/** Runs cmd under bash's `time`: wall, user and sys of the child (and its children), in ms. */
function timeProcess(cmd, args, opts, extraEnv = {}) {
  const script = 'TIMEFORMAT="@@time %3R %3U %3S"; time "$@"';
  // spawnSync leaves out variables whose value is undefined.
  const r = spawnSync('bash', ['-c', script, 'bash', cmd, ...args], {
    ...opts,
    env: { ...env, ...extraEnv },
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const m = /@@time ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr.toString());
  if (!m) throw new Error(`no timing from bash for ${cmd}: ${r.stderr}`);
  return { ms: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, out: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--scan-only')) {
    const cacheFile = argv.includes('--header-cache') ? argv[argv.indexOf('--header-cache') + 1] : undefined;
    const first = scanOnce(cacheFile, argv.includes('--plugin-walk'));
    // A second scan in the same process: the Nx daemon's case (JIT warm, OS cache warm).
    if (argv.includes('--again')) first.againMs = scanOnce().ms;
    // Written synchronously, then the process ends as go list's does: without waiting for V8's
    // idle-time garbage collection of a heap that is about to be dropped.
    fs.writeSync(1, JSON.stringify(first) + '\n');
    process.exit(0);
  }
  if (!fs.existsSync(SCAN))
    throw new Error(`compile first: npx tsc -p packages/nx-gopkg/tsconfig.lib.json (missing ${SCAN})`);
  const runs = Number(argv[argv.indexOf('--runs') + 1]) || 5;
  const writeTo = argv.includes('--write') ? argv[argv.indexOf('--write') + 1] : undefined;
  const goMs = [];
  const goCpu = [];
  const noIndexMs = [];
  const noIndexCpu = [];
  const seqCpu = [];
  const seqMs = [];
  const againMs = [];
  const seqInProcMs = [];
  const dotsMs = [];
  const dotsCpu = [];
  const pluginWalkMs = [];
  const pluginWalkCpu = [];
  let dotsPkgs = 0;
  let pluginWalkCounts;
  const withCaMs = [];
  const nodeStartMs = [];
  const nodeStartCaMs = [];
  let counts;
  let goPkgs = 0;
  // Warm the OS file cache once for both sides.
  const goList = ['list', '-e', '-json', 'std', 'cmd'];
  // The issue's wording, `go list ./...` for std plus cmd: wildcards, which match no vendored
  // package, as the plugin's walk does not (575 packages against std cmd's 720).
  const goListDots = ['list', '-e', '-json', './...', 'cmd/...'];
  // go list without its module index (GOCACHE holds a prebuilt index of GOROOT's packages).
  const noIndex = { GODEBUG: [process.env.GODEBUG, 'goindex=0'].filter(Boolean).join(',') };
  timeProcess('go', goList, { cwd: src });
  timeProcess('go', goList, { cwd: src }, noIndex);
  timeProcess(process.execPath, [__filename, '--scan-only'], {}, scanEnv);
  timeProcess('go', goListDots, { cwd: src });
  timeProcess(process.execPath, [__filename, '--scan-only', '--plugin-walk'], {}, scanEnv);
  // The plugin's persistent header cache, filled once (as go's module index is, in GOCACHE).
  const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-bench-headers-')), 'headers.json');
  timeProcess(process.execPath, [__filename, '--scan-only', '--header-cache', cacheFile], {}, scanEnv);
  const cachedMs = [];
  const cachedCpu = [];
  const loadBefore = os.loadavg().map((x) => +x.toFixed(2));
  for (let i = 0; i < runs; i++) {
    const g = timeProcess('go', goList, { cwd: src });
    goMs.push(g.ms);
    goCpu.push(g.cpuMs);
    goPkgs = (g.out.toString().match(/^\t"ImportPath": /gm) || []).length;
    const gi = timeProcess('go', goList, { cwd: src }, noIndex);
    noIndexMs.push(gi.ms);
    noIndexCpu.push(gi.cpuMs);
    const seq = timeProcess(process.execPath, [__filename, '--scan-only'], {}, scanEnv);
    seqMs.push(seq.ms);
    seqCpu.push(seq.cpuMs);
    counts = JSON.parse(seq.out.toString());
    seqInProcMs.push(counts.ms);
    if (EXTRA_CA !== undefined) withCaMs.push(timeProcess(process.execPath, [__filename, '--scan-only'], {}).ms);
    nodeStartMs.push(timeProcess(process.execPath, ['-e', '0'], {}, scanEnv).ms);
    if (EXTRA_CA !== undefined) nodeStartCaMs.push(timeProcess(process.execPath, ['-e', '0'], {}).ms);
    againMs.push(
      JSON.parse(timeProcess(process.execPath, [__filename, '--scan-only', '--again'], {}, scanEnv).out.toString())
        .againMs,
    );
    const gd = timeProcess('go', goListDots, { cwd: src });
    dotsMs.push(gd.ms);
    dotsCpu.push(gd.cpuMs);
    dotsPkgs = (gd.out.toString().match(/^\t"ImportPath": /gm) || []).length;
    const pw = timeProcess(process.execPath, [__filename, '--scan-only', '--plugin-walk'], {}, scanEnv);
    pluginWalkMs.push(pw.ms);
    pluginWalkCpu.push(pw.cpuMs);
    pluginWalkCounts = JSON.parse(pw.out.toString());
    const c = timeProcess(process.execPath, [__filename, '--scan-only', '--header-cache', cacheFile], {}, scanEnv);
    cachedMs.push(c.ms);
    cachedCpu.push(c.cpuMs);
  }
  fs.rmSync(path.dirname(cacheFile), { recursive: true, force: true });
  const goMed = median(goMs);
  const seqMed = median(seqMs);
  const ratio = (x, y) => +(x / y).toFixed(3);
  const result = {
    machine: `${os.cpus()[0].model.trim()} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    go: execFileSync('go', ['version'], { env, encoding: 'utf8' }).trim(),
    node: process.version,
    runs,
    goListMs: goMs.map(Math.round),
    goListCpuMs: goCpu.map(Math.round),
    goListMedianMs: Math.round(goMed),
    goListCpuMedianMs: Math.round(median(goCpu)),
    goListNoIndexMs: noIndexMs.map(Math.round),
    goListNoIndexCpuMs: noIndexCpu.map(Math.round),
    goListNoIndexMedianMs: Math.round(median(noIndexMs)),
    goListNoIndexCpuMedianMs: Math.round(median(noIndexCpu)),
    // The primary figure: walk + scanPackageDir per directory, the path nx/infer.ts takes.
    scannerMs: seqMs.map(Math.round),
    scannerCpuMs: seqCpu.map(Math.round),
    scannerMedianMs: Math.round(seqMed),
    scannerCpuMedianMs: Math.round(median(seqCpu)),
    goListDotsMs: dotsMs.map(Math.round),
    goListDotsCpuMs: dotsCpu.map(Math.round),
    goListDotsMedianMs: Math.round(median(dotsMs)),
    goListDotsPackages: dotsPkgs,
    pluginWalkMs: pluginWalkMs.map(Math.round),
    pluginWalkCpuMs: pluginWalkCpu.map(Math.round),
    pluginWalkMedianMs: Math.round(median(pluginWalkMs)),
    pluginWalkPackages: pluginWalkCounts.pkgs,
    pluginWalkGoFiles: pluginWalkCounts.files,
    pluginWalkRatio: ratio(median(pluginWalkMs), median(dotsMs)),
    pluginWalkCpuRatio: ratio(median(pluginWalkCpu), median(dotsCpu)),
    scannerInProcessMs: seqInProcMs.map(Math.round),
    scannerInProcessMedianMs: Math.round(median(seqInProcMs)),
    inProcessRatio: ratio(median(seqInProcMs), goMed),
    extraCaCerts: EXTRA_CA !== undefined,
    scannerWithCaMs: withCaMs.map(Math.round),
    scannerWithCaMedianMs: withCaMs.length ? Math.round(median(withCaMs)) : undefined,
    withCaRatio: withCaMs.length ? ratio(median(withCaMs), goMed) : undefined,
    nodeStartMs: nodeStartMs.map(Math.round),
    nodeStartCaMs: nodeStartCaMs.map(Math.round),
    scannerAgainMs: againMs.map(Math.round),
    scannerAgainMedianMs: Math.round(median(againMs)),
    headerCacheMs: cachedMs.map(Math.round),
    headerCacheCpuMs: cachedCpu.map(Math.round),
    headerCacheMedianMs: Math.round(median(cachedMs)),
    headerCacheCpuMedianMs: Math.round(median(cachedCpu)),
    headerCacheRatio: ratio(median(cachedMs), goMed),
    headerCacheCpuRatio: ratio(median(cachedCpu), median(goCpu)),
    ratio: ratio(seqMed, goMed),
    cpuRatio: ratio(median(seqCpu), median(goCpu)),
    noIndexRatio: ratio(seqMed, median(noIndexMs)),
    noIndexCpuRatio: ratio(median(seqCpu), median(noIndexCpu)),
    loadBefore,
    load: os.loadavg().map((x) => +x.toFixed(2)),
    goListPackages: goPkgs,
    scannerPackages: counts.pkgs,
    scannerGoFiles: counts.files,
  };
  console.log(JSON.stringify(result, null, 2));
  if (writeTo)
    fs.writeFileSync(writeTo, report(result, fs.existsSync(writeTo) ? fs.readFileSync(writeTo, 'utf8') : ''));
}

/** Hand-written analysis below this heading survives a regeneration. */
const KEPT_HEADING = '\n## Where the time goes';

function report(r, previous) {
  const kept = previous.includes(KEPT_HEADING) ? previous.slice(previous.indexOf(KEPT_HEADING)) : '';
  return `# Scanner benchmark

\`tools/bench-scan.js\`: the nx-gopkg scanner in mode \`anyPlatform\` over \`$(go env GOROOT)/src\`, one fresh
Node process per run (process start and exit included), against go list run in the same
directory. Two comparisons:

- **As issue 4 words it** (\`go list -e -json ./...\` for std, plus cmd): the plugin's own walk
  (\`scan/walk.ts\`, what nx/infer.ts runs: go list ./...'s rules, so no vendored package, go.mod
  files read) and \`scanPackageDir\` on each package it finds, against
  \`go list -e -json ./... cmd/...\`. The walk's package dirs are go list's packages plus those
  only other platforms or GOEXPERIMENTs build (\`syscall/js\`, \`internal/syscall/windows\`,
  \`arena\`...), which mode \`anyPlatform\` reads too.
- **Stricter**: a plain walk of every directory, vendored packages included, against
  \`go list -e -json std cmd\`. That is the fastest form of go list here: its meta-patterns come
  from the module index, without walking directories. These are the rows that name neither.

${r.runs} runs of each after one warm-up run (warm OS file cache); medians compared. Wall and CPU
time (user+sys) come from bash's \`time\`. Regenerate with:

    npx tsc -p packages/nx-gopkg/tsconfig.lib.json && node tools/bench-scan.js --write docs/benchmarks-scan.md

| | |
|---|---|
| Machine | ${r.machine} |
| Go | ${r.go} |
| Node | ${r.node} |
| load average before / after the runs (1, 5, 15 min) | ${r.loadBefore.join(', ')} / ${r.load.join(', ')} |
| \`go list -e -json std cmd\` runs, wall (ms) | ${r.goListMs.join(', ')} |
| \`go list -e -json std cmd\` runs, CPU (ms) | ${r.goListCpuMs.join(', ')} |
| scanner over every directory, wall (ms) | ${r.scannerMs.join(', ')} |
| scanner over every directory, CPU (ms) | ${r.scannerCpuMs.join(', ')} |
| \`GODEBUG=goindex=0 go list\` (no module index), wall (ms) | ${r.goListNoIndexMs.join(', ')} (median ${r.goListNoIndexMedianMs}; scanner / it: ${r.noIndexRatio}) |
| \`GODEBUG=goindex=0 go list\`, CPU (ms) | ${r.goListNoIndexCpuMs.join(', ')} (median ${r.goListNoIndexCpuMedianMs}; scanner / it: ${r.noIndexCpuRatio}) |
| scanner with the plugin's persistent header cache filled (\`nx/header-cache.ts\`; a stat per file standing in for Nx's hashes), wall (ms) | ${r.headerCacheMs.join(', ')} (median ${r.headerCacheMedianMs}; / go list: **${r.headerCacheRatio}**) |
| the same, CPU (ms) | ${r.headerCacheCpuMs.join(', ')} (median ${r.headerCacheCpuMedianMs}; / go list: ${r.headerCacheCpuRatio}) |
| scan time inside the scanner's process (the walk and the scan, without Node's start-up: what the plugin adds to an Nx process), ms | ${r.scannerInProcessMs.join(', ')} (median ${r.scannerInProcessMedianMs}; / go list's wall: ${r.inProcessRatio}) |
| Node's start-up and exit, \`node -e 0\`, wall (ms) | ${r.nodeStartMs.join(', ')}${r.extraCaCerts ? `; with this machine's NODE_EXTRA_CA_CERTS: ${r.nodeStartCaMs.join(', ')}` : ''} |
${r.extraCaCerts ? `| scanner with this machine's NODE_EXTRA_CA_CERTS kept (Node parses the CA bundle at start-up), wall (ms) | ${r.scannerWithCaMs.join(', ')} (median ${r.scannerWithCaMedianMs}; / go list: ${r.withCaRatio}) |\n` : ''}| second scan in the same process (daemon case), scan time (ms) | ${r.scannerAgainMs.join(', ')} (median ${r.scannerAgainMedianMs}) |
| \`go list -e -json ./... cmd/...\` runs, wall (ms) | ${r.goListDotsMs.join(', ')} (median ${r.goListDotsMedianMs}; ${r.goListDotsPackages} packages) |
| \`go list -e -json ./... cmd/...\` runs, CPU (ms) | ${r.goListDotsCpuMs.join(', ')} |
| scanner with the plugin's walk, wall (ms) | ${r.pluginWalkMs.join(', ')} (median ${r.pluginWalkMedianMs}; ${r.pluginWalkPackages} package dirs, ${r.pluginWalkGoFiles} .go files) |
| scanner with the plugin's walk, CPU (ms) | ${r.pluginWalkCpuMs.join(', ')} |
| **ratio as the issue words it: the plugin's walk and scan / \`go list -e -json ./... cmd/...\`** | **${r.pluginWalkRatio} wall, ${r.pluginWalkCpuRatio} CPU** (target ≤ 0.5) |
| **\`go list -e -json std cmd\` median** | **${r.goListMedianMs} ms wall, ${r.goListCpuMedianMs} ms CPU** (${r.goListPackages} packages) |
| **scanner over every directory, median** | **${r.scannerMedianMs} ms wall, ${r.scannerCpuMedianMs} ms CPU** (${r.scannerPackages} package dirs, ${r.scannerGoFiles} .go files) |
| **stricter ratio: scanner over every directory / \`go list -e -json std cmd\`** | **${r.ratio} wall, ${r.cpuRatio} CPU** (target ≤ 0.5) |

Notes: go list does more than the scanner (module loading, import resolution, JSON of every
field) but reads GOROOT's packages from a module index prebuilt in GOCACHE, so it parses no
source at all here; the \`goindex=0\` row shows go reading the sources as the scanner does. The
scanner does what nx-gopkg needs (files, imports, embeds) for every platform at once. Its figure
includes Node's own start-up and exit (the \`node -e 0\` row) and the directory walk. The
scanner's processes run without NODE_EXTRA_CA_CERTS, which this machine sets for its proxy and
which makes Node parse a CA bundle as it starts; the scan opens no TLS connection. The row with
it kept is given. On a shared machine the CPU rows are
the steadier comparison. Both sides have a persistent cache available: go list's module index
(the default, first rows) and nx-gopkg's header cache (the plugin keeps one in Nx's workspace data
directory; its row reads every file's header from it after a stat per file, where the plugin
uses Nx's file hashes instead). Cold against cold is the \`goindex=0\` row.
${kept}`;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
