#!/usr/bin/env node
// Benchmarks of nx-gopkg with the real nx CLI against plain go, on GOROOT/src and on synthetic
// workspaces from tools/gen-synthetic.js. Every figure is a median over several fresh processes,
// compared with a baseline measured in the same script run. Not part of the test suite.
//
// Usage: npm run bench                       (builds dist, full run, writes docs/benchmarks.md)
//        node tools/bench-nx.js [--quick] [--runs N] [--write FILE] [--only graph,edit,build,noop,affected,ci]
//                               [--profile] [--keep] [--no-single] [--no-cold] [--no-goroot] [--sizes k=n,...]
// Needs dist/packages/nx-gopkg (npm run build) and the root npm ci (tools/e2e-template.js links to it).
//
// Isolation: every nx run has its own temp workspace, NX_DAEMON=false (the edit loop's daemon rows:
// NX_DAEMON=true with the workspace's own data directory, the daemon stopped afterwards), NX_NO_CLOUD=true,
// NX_TUI=false, its own NX_CACHE_DIRECTORY and NX_WORKSPACE_DATA_DIRECTORY, GOFLAGS= and
// GOTOOLCHAIN=local; GOCACHE is a temp directory the script controls (warm or empty).
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generate, importersOf } = require('./gen-synthetic');
/** @type {typeof import('../packages/nx-gopkg/src/nx/inputs')} */
const { sharedNamedInputs } = require(path.join(__dirname, '../dist/packages/nx-gopkg/src/nx/inputs'));
/** @type {typeof import('../packages/nx-gopkg/src/nx/state-codec')} */
const { decodeGraph } = require(path.join(__dirname, '../dist/packages/nx-gopkg/src/nx/state-codec'));

const repo = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (n) => args.includes(`--${n}`);
const opt = (n, d) => (args.indexOf(`--${n}`) >= 0 ? args[args.indexOf(`--${n}`) + 1] : d);
const QUICK = flag('quick');
const RUNS = Number(opt('runs', QUICK ? 3 : 5));
const ONLY = opt('only', 'graph,edit,build,noop,affected,ci').split(','); // also: parts (benchConfigParts), goroot (graph rows of GOROOT/src only)
const SIZES = {
  ...(QUICK
    ? { mid: 400, large: 1000, small: 200, build: 200, ci: 200 }
    : { mid: 1000, large: 5000, small: 400, build: 1000, ci: 400 }),
  // --sizes mid=100,large=200 overrides (for trying the script out)
  ...Object.fromEntries(
    opt('sizes', '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]),
  ),
};
const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-bench-')));
const log = (...m) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);

// ---------------------------------------------------------------- processes

/** @type {NodeJS.ProcessEnv} */
const baseEnv = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  CI: 'true',
  FORCE_COLOR: '0',
  GOFLAGS: '',
  GOTOOLCHAIN: 'local',
  GOPROXY: 'off',
  GOSUMDB: 'off',
};
delete baseEnv.NX_SKIP_NX_CACHE;
delete baseEnv.NX_VERBOSE_LOGGING;
delete baseEnv.NX_PERF_LOGGING;
delete baseEnv.GOWORK;
delete baseEnv.NODE_OPTIONS;

/** Sum of RSS over a process and its descendants (bytes), from /proc. */
function treeRss(root) {
  let procs;
  try {
    procs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  const parent = new Map();
  for (const p of procs) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited
    }
  }
  const inTree = (pid) => {
    for (let p = pid, n = 0; p > 1 && n < 64; p = parent.get(p), n++) if (p === root) return true;
    return false;
  };
  let sum = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) sum += Number(m[1]) * 1024;
    } catch {
      // exited
    }
  }
  return sum;
}

/**
 * Runs a command (argv array, no shell); wall time in ms, optional peak RSS of its process tree.
 * @param {string} cmd
 * @param {string[]} argv
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, rss?: boolean, quiet?: boolean }} [opts]
 */
function run(cmd, argv, { cwd, env = {}, rss = false, quiet = true } = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd, env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let peak = 0;
    const keep = (b) => {
      if (out.length < 4 << 20) out += b.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = rss ? setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 40) : undefined;
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0 && !quiet) log(`${cmd} ${argv.slice(0, 6).join(' ')} exited ${code}\n${out.slice(-3000)}`);
      resolve({ ms, code, out, peak });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (ms) =>
  ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
const fmtRatio = (r) => `${r.toFixed(2)}×`;

// ---------------------------------------------------------------- workspaces

let template;
function makeTemplate() {
  // The e2e suite's template: node_modules linked to the repository's own install, the plugin packed.
  ({ template } = require('./e2e-template').buildTemplate(base));
}

class Workspace {
  constructor(name) {
    this.dir = path.join(base, name);
    fs.mkdirSync(this.dir, { recursive: true });
    this.cache = path.join(this.dir, '.bench/nx-cache');
    this.data = path.join(this.dir, '.bench/nx-data');
    this.gocache = path.join(base, 'gocache-warm');
    /** @type {string} what the rows call this workspace */
    this.label = name;
    /** @type {{ cwd: string, argv: string[] }[]} the go list runs its graph is compared with */
    this.goListRuns = [];
    /** @type {string[]} go package patterns of the workspace's modules */
    this.goPatterns = [];
    /** @type {ReturnType<typeof generate> | undefined} the synthetic layout, when generated */
    this.planned = undefined;
    fs.symlinkSync(path.join(template, 'node_modules'), path.join(this.dir, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(this.dir, 'package.json'), JSON.stringify({ name: `bench-${name}`, private: true }));
    fs.writeFileSync(path.join(this.dir, '.gitignore'), 'node_modules\n.bench\ndist\n.nx\n');
    this.plugin(true);
  }
  /** nx.json as `nx add nx-gopkg` writes it (the plugin and its shared named inputs), or empty. */
  plugin(on) {
    fs.writeFileSync(
      path.join(this.dir, 'nx.json'),
      JSON.stringify(on ? { plugins: ['nx-gopkg'], namedInputs: sharedNamedInputs() } : {}),
    );
  }
  env(extra = {}) {
    return { NX_CACHE_DIRECTORY: this.cache, NX_WORKSPACE_DATA_DIRECTORY: this.data, GOCACHE: this.gocache, ...extra };
  }
  nx(argv, opts = {}) {
    return run(process.execPath, [path.join(this.dir, 'node_modules/nx/dist/bin/nx.js'), ...argv], {
      cwd: this.dir,
      ...opts,
      env: this.env(opts.env),
    });
  }
  go(argv, opts = {}) {
    return run('go', argv, { cwd: opts.cwd ?? this.dir, ...opts, env: this.env(opts.env) });
  }
  /** Empty Nx task cache; the plugin's own inference cache (nx-gopkg/ in the data dir) is kept. */
  clearNxCache() {
    fs.rmSync(this.cache, { recursive: true, force: true });
    if (!fs.existsSync(this.data)) return;
    for (const e of fs.readdirSync(this.data))
      if (e !== 'nx-gopkg') fs.rmSync(path.join(this.data, e), { recursive: true, force: true });
  }
  clearAllNx() {
    fs.rmSync(this.cache, { recursive: true, force: true });
    fs.rmSync(this.data, { recursive: true, force: true });
  }
}

const made = new Map();
/** Synthetic workspaces are generated once per size and shared by the measurements. */
function synthetic(n) {
  if (!made.has(n)) made.set(n, createSynthetic(n));
  return made.get(n);
}

function createSynthetic(n, name = `synth${n}`) {
  const ws = new Workspace(name);
  const modules = Math.max(2, Math.round(n / 125));
  const planned = generate({ packages: n, modules, seed: 1, dir: ws.dir });
  ws.planned = planned;
  ws.goPatterns = planned.modules.map((m) => `./${m.dir}/...`);
  ws.goListRuns = [{ cwd: ws.dir, argv: ['list', '-e', '-json', ...ws.goPatterns] }];
  ws.label = `synthetic, ${n} packages / ${modules} modules`;
  return ws;
}

function gorootWorkspace() {
  const ws = new Workspace('goroot');
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', env: baseEnv }).trim();
  execFileSync('cp', ['-R', path.join(goroot, 'src'), path.join(ws.dir, 'src')]);
  // GOROOT/src holds two modules (std and cmd): go list ./... in each.
  ws.goListRuns = [
    { cwd: path.join(ws.dir, 'src'), argv: ['list', '-e', '-json', './...'] },
    { cwd: path.join(ws.dir, 'src/cmd'), argv: ['list', '-e', '-json', './...'] },
  ];
  ws.label = 'GOROOT/src (std + cmd)';
  return ws;
}

async function goList(ws) {
  let ms = 0;
  for (const r of ws.goListRuns)
    ms += (await ws.go(r.argv, { cwd: r.cwd, env: { GOWORK: r.cwd === ws.dir ? undefined : 'off' } })).ms;
  return ms;
}

// ---------------------------------------------------------------- measurements

const results = { rows: [], notes: [] };
let onRow = () => {};
const row = (section, what, value, baseline, ratio, target, ok) => {
  results.rows.push({ section, what, value, baseline, ratio, target, ok });
  onRow();
};

/** Nx's own performance marks (NX_PERF_LOGGING=true): name → ms, summed over repeats. */
function perfMarks(out) {
  const marks = {};
  for (const m of out.matchAll(/Time taken for '([^']+)' ([\d.]+)ms/g)) marks[m[1]] = (marks[m[1]] ?? 0) + Number(m[2]);
  return marks;
}

/**
 * nx-gopkg's own share as Nx measures it around the plugin's hooks (time in the plugin worker plus
 * the IPC of the hook's arguments and result), without Nx's start-up and its handling of the
 * projects that the "nx − bare nx" rows include.
 */
const PERF = { NX_PERF_LOGGING: 'true' };
function hookTimes(runs) {
  const pick = (name) => median(runs.map((m) => m[name] ?? 0));
  const nodes = pick('nx-gopkg:createNodes');
  const deps = pick('nx-gopkg:createDependencies');
  return {
    nodes,
    deps,
    worker: pick('start-plugin-worker:nx-gopkg'),
    total: median(runs.map((m) => (m['nx-gopkg:createNodes'] ?? 0) + (m['nx-gopkg:createDependencies'] ?? 0))),
  };
}
const fmtHooks = (h) =>
  `${fmtMs(h.total)} (createNodes ${fmtMs(h.nodes)} + createDependencies ${fmtMs(h.deps)}; worker start ${fmtMs(h.worker)})`;

const signed = (ms) => `${ms >= 0 ? '+' : '−'}${fmtMs(Math.abs(ms))}`;

/** Writes nx-gopkg's graph (`nx graph --file`) and returns its project count. */
async function graphOf(ws, file, opts = {}) {
  await ws.nx(['graph', `--file=${file}`], opts);
  try {
    return Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).graph.nodes).length;
  } catch {
    return NaN;
  }
}

/**
 * (1) cold graph vs go list, split into Nx's floor for the same projects and nx-gopkg's share;
 * (2) warm graph over bare Nx and over the floor; (3) peak RSS (largest corpus).
 */
async function benchGraph(ws, { rssTarget = false } = {}) {
  log(`graph: ${ws.label}`);
  // nx-gopkg's graph first: the floor plugin hands Nx the same projects and edges.
  ws.plugin(true);
  ws.clearAllNx();
  const graphFile = path.join(ws.dir, '.bench/graph.json');
  const projects = await graphOf(ws, graphFile);
  const floor = floorPlugin(ws, graphFile);
  const cold = { bare: [], plugin: [], floor: [], list: [], rss: [], marks: [] };
  for (let i = 0; i < RUNS; i++) {
    ws.plugin(false);
    ws.clearAllNx();
    const b = await ws.nx(['show', 'projects'], { rss: rssTarget });
    cold.bare.push(b.ms);
    cold.bareRss = Math.max(cold.bareRss ?? 0, b.peak);
    floor.use();
    fs.rmSync(floor.data, { recursive: true, force: true });
    const f = await ws.nx(['show', 'projects'], { rss: rssTarget, env: { NX_WORKSPACE_DATA_DIRECTORY: floor.data } });
    cold.floor.push(f.ms);
    cold.floorRss = Math.max(cold.floorRss ?? 0, f.peak);
    ws.plugin(true);
    ws.clearAllNx();
    const r = await ws.nx(['show', 'projects'], { rss: rssTarget, quiet: false, env: PERF });
    if (r.code !== 0) throw new Error(`nx show projects failed in ${ws.dir}`);
    cold.plugin.push(r.ms);
    cold.marks.push(perfMarks(r.out));
    cold.rss.push(r.peak);
    cold.list.push(await goList(ws));
  }
  const plugin = median(cold.plugin) - median(cold.bare);
  const list = median(cold.list);
  const coldFloor = median(cold.floor);
  row(
    'graph-cold',
    `${ws.label}: ${projects} projects`,
    `${fmtMs(plugin)} (nx ${fmtMs(median(cold.plugin))} − bare nx ${fmtMs(median(cold.bare))})`,
    `go list ${fmtMs(list)}`,
    fmtRatio(plugin / list),
    '≤ 0.5× go list',
    plugin / list <= 0.5,
  );
  row(
    'graph-cold',
    `${ws.label}, cold: the same split at the floor (${floor.projects} projects, ${floor.edges} edges, 3 bare targets each): Nx's share = floor − bare nx, nx-gopkg's share = nx-gopkg − floor`,
    `nx-gopkg's share ${signed(median(cold.plugin) - coldFloor)}`,
    `Nx's share ${signed(coldFloor - median(cold.bare))} (floor ${fmtMs(coldFloor)})`,
    fmtRatio((median(cold.plugin) - coldFloor) / list) + ' of go list',
    '(diagnostic)',
    true,
  );
  const coldHooks = hookTimes(cold.marks);
  row(
    'graph-cold',
    `${ws.label}: nx-gopkg hooks as Nx measures them (NX_PERF_LOGGING), cold`,
    fmtHooks(coldHooks),
    `go list ${fmtMs(list)}`,
    fmtRatio(coldHooks.total / list),
    rssTarget ? '≤ 3 s' : '≤ 0.5× go list',
    rssTarget ? coldHooks.total <= 3000 : coldHooks.total / list <= 0.5,
  );
  const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
  if (rssTarget) {
    row('graph-cold', `${ws.label}: plugin time`, fmtMs(plugin), '', '', '≤ 3 s', plugin <= 3000);
    const peak = Math.max(...cold.rss);
    row(
      'graph-rss',
      `${ws.label}: peak RSS of nx show projects (nx + plugin worker, summed)`,
      mb(peak),
      `bare nx ${mb(cold.bareRss)}`,
      `+${mb(peak - cold.bareRss)}`,
      '≤ 500 MB',
      peak <= 500 * 1048576,
    );
    row(
      'graph-rss',
      `${ws.label}: peak RSS of Nx's floor for the same projects (the floor plugin, cold), summed`,
      mb(cold.floorRss),
      `bare nx ${mb(cold.bareRss)}`,
      `nx-gopkg ${peak >= cold.floorRss ? '+' : '−'}${mb(Math.abs(peak - cold.floorRss))} over the floor`,
      '(diagnostic)',
      cold.floorRss <= 500 * 1048576,
    );
  }
  // Warm: the plugin's inference cache and Nx's file index are in place.
  const warm = { bare: [], plugin: [], floor: [], marks: [] };
  const bareData = path.join(ws.dir, '.bench/nx-data-bare');
  ws.plugin(true);
  await ws.nx(['show', 'projects']);
  ws.plugin(false);
  await ws.nx(['show', 'projects'], { env: { NX_WORKSPACE_DATA_DIRECTORY: bareData } });
  floor.use();
  await ws.nx(['show', 'projects'], { env: { NX_WORKSPACE_DATA_DIRECTORY: floor.data } });
  for (let i = 0; i < RUNS; i++) {
    ws.plugin(false);
    warm.bare.push((await ws.nx(['show', 'projects'], { env: { NX_WORKSPACE_DATA_DIRECTORY: bareData } })).ms);
    ws.plugin(true);
    const r = await ws.nx(['show', 'projects'], { env: PERF });
    warm.plugin.push(r.ms);
    warm.marks.push(perfMarks(r.out));
    floor.use();
    warm.floor.push((await ws.nx(['show', 'projects'], { env: { NX_WORKSPACE_DATA_DIRECTORY: floor.data } })).ms);
  }
  ws.plugin(true);
  const over = median(warm.plugin) - median(warm.bare);
  row(
    'graph-warm',
    `${ws.label}`,
    `+${fmtMs(over)} (nx ${fmtMs(median(warm.plugin))})`,
    `bare nx ${fmtMs(median(warm.bare))}`,
    '',
    '≤ 100 ms over bare Nx',
    over <= 100,
  );
  const warmHooks = hookTimes(warm.marks);
  row(
    'graph-warm',
    `${ws.label}: nx-gopkg hooks as Nx measures them (NX_PERF_LOGGING), warm`,
    fmtHooks(warmHooks),
    '',
    '',
    '≤ 100 ms',
    warmHooks.total <= 100,
  );
  const f = median(warm.floor);
  row(
    'graph-warm',
    `${ws.label}: nx-gopkg over the floor (its own plugin, same projects and edges, 3 bare targets; the floor is ${signed(f - median(warm.bare))} over bare nx)`,
    `${signed(median(warm.plugin) - f)} (nx ${fmtMs(median(warm.plugin))})`,
    `floor ${fmtMs(f)}`,
    '',
    '(diagnostic)',
    true,
  );
  return { projects };
}

// The floor: a plugin of its own that hands Nx the same projects (names, roots, the same edges)
// with three bare targets and nothing else. Its time over bare Nx is what Nx spends on having
// those projects at all (worker start, the createDependencies context, merge, source maps,
// writing the graph); nx-gopkg minus the floor is nx-gopkg's own work plus the cost of its
// richer configuration. It reads a small JSON file on every call, as a plugin would read its
// own cache. Edges need a file of the source project: the first one Nx lists for it.
const FLOOR_PLUGIN = `const fs = require('node:fs');
const path = require('node:path');
const read = (root) => JSON.parse(fs.readFileSync(path.join(root, '.bench/floor-graph.json'), 'utf8'));
const bare = () => ({ 'go-build': { executor: 'nx:noop' }, 'go-test': { executor: 'nx:noop' }, 'go-vet': { executor: 'nx:noop' } });
exports.name = 'nx-gopkg-bench-floor';
exports.createNodes = ['**/{go.mod,go.work}', async (files, _options, context) => {
  const byFile = {};
  for (const [name, root, configFile] of read(context.workspaceRoot).projects) (byFile[configFile] ??= {})[root] = { name, root, targets: bare() };
  return files.filter((f) => byFile[f]).map((f) => [f, { projects: byFile[f] }]);
}];
exports.createDependencies = async (_options, context) => {
  const out = [];
  for (const [source, target] of read(context.workspaceRoot).dependencies) {
    const files = context.fileMap.projectFileMap[source];
    if (!files || !files.length || !context.projects[target]) continue;
    out.push({ source, target, sourceFile: files[0].file, type: 'static' });
  }
  return out;
};
`;

/** A plugin of the bench's own as a package in the template's node_modules (loaded like nx-gopkg). */
function installBenchPlugin(name, source) {
  const pkg = path.join(template, 'node_modules', name);
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name, version: '0.0.0', main: 'index.js' }));
  fs.writeFileSync(path.join(pkg, 'index.js'), source);
}

/**
 * Installs the floor plugin and writes its graph (project names, roots and workspace edges) from
 * the graph nx-gopkg gave Nx (`nx graph --file` output). The plugin is a package in node_modules
 * like nx-gopkg (a path to a workspace file would make Nx load its TypeScript transpiler for a
 * local plugin, a second of start-up nx-gopkg does not pay).
 */
function floorPlugin(ws, graphFile) {
  const { graph } = JSON.parse(fs.readFileSync(graphFile, 'utf8'));
  const configFileOf = (root) => {
    for (let dir = root; ; dir = path.posix.dirname(dir)) {
      const rel = dir === '.' ? 'go.mod' : `${dir}/go.mod`;
      if (fs.existsSync(path.join(ws.dir, rel))) return rel;
      if (dir === '.' || dir === '/' || dir === '')
        return fs.existsSync(path.join(ws.dir, 'go.work')) ? 'go.work' : rel;
    }
  };
  const projects = Object.values(graph.nodes).map((n) => [n.name, n.data.root, configFileOf(n.data.root)]);
  const dependencies = Object.values(graph.dependencies)
    .flat()
    .filter((d) => graph.nodes[d.target])
    .map((d) => [d.source, d.target]);
  fs.mkdirSync(path.join(ws.dir, '.bench'), { recursive: true });
  fs.writeFileSync(path.join(ws.dir, '.bench/floor-graph.json'), JSON.stringify({ projects, dependencies }));
  installBenchPlugin('nx-gopkg-bench-floor', FLOOR_PLUGIN);
  return {
    projects: projects.length,
    edges: dependencies.length,
    data: path.join(ws.dir, '.bench/nx-data-floor'),
    use: () => fs.writeFileSync(path.join(ws.dir, 'nx.json'), JSON.stringify({ plugins: ['nx-gopkg-bench-floor'] })),
  };
}

function freshGoCache() {
  const dir = fs.mkdtempSync(path.join(base, 'gocache-cold-'));
  return dir;
}

/** (4) nx run-many -t go-build with an empty Nx cache vs go build, warm and cold GOCACHE. */
async function benchBuild(ws) {
  log(`build: ${ws.label}`);
  // Warm GOCACHE: one go build of everything first (also the sanity check that the tree builds).
  const first = await ws.go(['build', ...ws.goPatterns], { quiet: false });
  if (first.code !== 0) throw new Error('synthetic workspace does not build');
  const runManyBatch = (env) => ws.nx(['run-many', '-t', 'go-build', '--output-style=static'], { env, quiet: false });
  const runManySingle = (env) =>
    ws.nx(['run-many', '-t', 'go-build', '--output-style=static', '--batch=false'], { env, quiet: false });
  await runManyBatch(); // plugin cache warm, GOCACHE has the links' inputs
  const warm = { go: [], batch: [], single: [] };
  for (let i = 0; i < RUNS; i++) {
    warm.go.push((await ws.go(['build', ...ws.goPatterns])).ms);
    ws.clearNxCache();
    const r = await runManyBatch();
    if (r.code !== 0) throw new Error('nx run-many failed');
    warm.batch.push(r.ms);
  }
  // --no-single: skip the slow --batch=false rows (one process per task).
  const singleRuns = flag('no-single') ? 0 : QUICK ? 1 : 2;
  for (let i = 0; i < singleRuns; i++) {
    ws.clearNxCache();
    warm.single.push((await runManySingle()).ms);
  }
  const g = median(warm.go);
  row(
    'build',
    `${ws.label}, warm GOCACHE, batch`,
    fmtMs(median(warm.batch)),
    `go build ${fmtMs(g)}`,
    fmtRatio(median(warm.batch) / g),
    '≤ 1.2× go build',
    median(warm.batch) / g <= 1.2,
  );
  if (singleRuns)
    row(
      'build',
      `${ws.label}, warm GOCACHE, --batch=false (${singleRuns} run${singleRuns > 1 ? 's' : ''})`,
      fmtMs(median(warm.single)),
      `go build ${fmtMs(g)}`,
      fmtRatio(median(warm.single) / g),
      '≤ 1.2× go build',
      median(warm.single) / g <= 1.2,
    );
  // Cold GOCACHE: slow, so fewer runs (--no-cold: none).
  if (flag('no-cold')) return;
  const coldRuns = QUICK ? 1 : 2;
  const cold = { go: [], batch: [], single: [] };
  for (let i = 0; i < coldRuns; i++) {
    const c1 = freshGoCache();
    cold.go.push((await ws.go(['build', ...ws.goPatterns], { env: { GOCACHE: c1 } })).ms);
    const c2 = freshGoCache();
    ws.clearNxCache();
    cold.batch.push((await runManyBatch({ GOCACHE: c2 })).ms);
    fs.rmSync(c1, { recursive: true, force: true });
    fs.rmSync(c2, { recursive: true, force: true });
  }
  const cg = median(cold.go);
  row(
    'build',
    `${ws.label}, empty GOCACHE, batch (${coldRuns} run${coldRuns > 1 ? 's' : ''})`,
    fmtMs(median(cold.batch)),
    `go build ${fmtMs(cg)}`,
    fmtRatio(median(cold.batch) / cg),
    '≤ 1.2× go build',
    median(cold.batch) / cg <= 1.2,
  );
  if (!QUICK && singleRuns) {
    const c3 = freshGoCache();
    ws.clearNxCache();
    cold.single.push((await runManySingle({ GOCACHE: c3 })).ms);
    fs.rmSync(c3, { recursive: true, force: true });
    row(
      'build',
      `${ws.label}, empty GOCACHE, --batch=false (1 run)`,
      fmtMs(median(cold.single)),
      `go build ${fmtMs(cg)}`,
      fmtRatio(median(cold.single) / cg),
      '≤ 1.2× go build',
      median(cold.single) / cg <= 1.2,
    );
  }
}

/** (5) all tasks cached: nx run-many -t go-build does nothing but hash and replay. */
async function benchNoop(ws) {
  log(`noop: ${ws.label}`);
  await ws.nx(['run-many', '-t', 'go-build', '--output-style=static']);
  const times = [];
  let hits = '';
  for (let i = 0; i < RUNS; i++) {
    const r = await ws.nx(['run-many', '-t', 'go-build', '--output-style=static']);
    times.push(r.ms);
    hits =
      (/Nx read the output from the cache instead of running the command for (\d+ out of \d+) tasks/.exec(r.out) ??
        [])[1] ?? hits;
  }
  // Context: how long Nx itself takes to start and print the (empty) project list on this machine.
  const bareData = path.join(ws.dir, '.bench/nx-data-bare');
  ws.plugin(false);
  const bare = [];
  for (let i = 0; i <= RUNS; i++)
    bare.push((await ws.nx(['show', 'projects'], { env: { NX_WORKSPACE_DATA_DIRECTORY: bareData } })).ms);
  ws.plugin(true);
  row(
    'noop',
    `${ws.label}: run-many -t go-build, all cached (${hits})`,
    fmtMs(median(times)),
    `bare nx show projects ${fmtMs(median(bare.slice(1)))}`,
    '',
    '≤ 1.5 s',
    median(times) <= 1500,
  );
}

/** A library with no workspace imports and a middling number of importers, chosen deterministically. */
function pickLeaf(planned) {
  const candidates = planned.packages.filter((p) => p.kind === 'library' && p.imports.length === 0 && !p.embed);
  const scored = candidates
    .map((p) => ({ p, n: importersOf(planned, p.index).size }))
    .sort((a, b) => a.n - b.n || a.p.index - b.p.index);
  const withImporters = scored.filter((s) => s.n > 1);
  return (withImporters[Math.floor(withImporters.length / 2)] ?? scored[0]).p;
}

/** (6) one leaf edit: nx affected -t go-build vs go build after the same kind of edit. */
/**
 * @param {Workspace} ws
 * @param {{ ratioTarget?: number }} opts
 */
async function benchAffected(ws, { ratioTarget }) {
  log(`affected: ${ws.label}`);
  const leaf = pickLeaf(ws.planned);
  const file = path.join(ws.dir, leaf.dir, `${leaf.name}.go`);
  const rel = path.relative(ws.dir, file);
  const original = fs.readFileSync(file, 'utf8');
  await ws.go(['build', ...ws.goPatterns]);
  await ws.nx(['run-many', '-t', 'go-build', '--output-style=static']);
  const runs = ws.planned.packages.length >= 5000 ? Math.min(RUNS, 3) : RUNS;
  const nx = [];
  const go = [];
  let ran = 0;
  let selected = 0;
  let k = 0;
  // The edit changes what the function returns (not just a comment), so go recompiles.
  const edit = () =>
    fs.writeFileSync(file, original.replace(`return ${leaf.index} +`, `return ${leaf.index} + ${++k} +`));
  for (let i = 0; i < runs; i++) {
    edit();
    const r = await ws.nx(['affected', '-t', 'go-build', `--files=${rel}`, '--output-style=static'], { quiet: false });
    nx.push(r.ms);
    const m = /Successfully ran target go-build for (\d+) projects?/.exec(r.out);
    selected = m ? Number(m[1]) : selected;
    const hit = /for (\d+) out of (\d+) tasks/.exec(r.out);
    ran = hit ? Number(hit[2]) - Number(hit[1]) : selected;
    edit();
    go.push((await ws.go(['build', ...ws.goPatterns])).ms);
  }
  fs.writeFileSync(file, original);
  const total = ws.planned.packages.length;
  const n = median(nx);
  const g = median(go);
  const reuse = (1 - ran / total) * 100;
  const ok = ratioTarget ? n / g <= ratioTarget : n - g <= 1000;
  row(
    'affected',
    `${ws.label}: edit ${leaf.importPath} (${importersOf(ws.planned, leaf.index).size - 1} transitive importers); ${selected} go-build tasks selected, ${ran} ran, ${reuse.toFixed(1)}% of ${total} builds reused${runs < RUNS ? `; ${runs} runs` : ''}`,
    fmtMs(n),
    `go build ${fmtMs(g)}`,
    `${fmtRatio(n / g)} (${n >= g ? '+' : '−'}${fmtMs(Math.abs(n - g))})`,
    ratioTarget ? `≤ ${ratioTarget}× go build` : '≤ +1 s over go build',
    ok,
  );
}

/**
 * The two edits of the edit loop on a synthetic tree. A body edit changes what a leaf library's
 * function returns (no package's facts change); a structural edit gives a command one new
 * import of a library of its module (one new project-graph edge). Each returns its undo.
 */
function editLoopEdits(ws) {
  const leaf = pickLeaf(ws.planned);
  const bodyFile = path.join(ws.dir, leaf.dir, `${leaf.name}.go`);
  const bodyOriginal = fs.readFileSync(bodyFile, 'utf8');
  let k = 0;
  const commands = ws.planned.packages.filter((p) => p.kind === 'command');
  let j = 0;
  return {
    leaf,
    body() {
      fs.writeFileSync(bodyFile, bodyOriginal.replace(`return ${leaf.index} +`, `return ${leaf.index} + ${++k} +`));
      return { undo: () => fs.writeFileSync(bodyFile, bodyOriginal) };
    },
    structural() {
      const cmd = commands[j++ % commands.length];
      const target = ws.planned.packages.find(
        (p) => p.kind === 'library' && p.module === cmd.module && p.index < cmd.index && !cmd.imports.includes(p.index),
      );
      const file = path.join(ws.dir, cmd.dir, 'main.go');
      const original = fs.readFileSync(file, 'utf8');
      const alias = `q${target.index}`;
      fs.writeFileSync(
        file,
        original.replace('package main\n\n', `package main\n\nimport ${alias} "${target.importPath}"\n\n`) +
          `\nvar _ = ${alias}.Value\n`,
      );
      return { source: cmd.dir, target: target.dir, undo: () => fs.writeFileSync(file, original) };
    },
  };
}

/** Whether the graph in `file` (nx graph --file) has an edge between the projects at two roots. */
function hasEdge(file, sourceRoot, targetRoot) {
  const { graph } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nameAt = (root) => Object.values(graph.nodes).find((n) => n.data.root === root)?.name;
  const source = nameAt(sourceRoot);
  const target = nameAt(targetRoot);
  return !!source && !!target && (graph.dependencies[source] ?? []).some((d) => d.target === target);
}

/**
 * (8) The edit loop against the floor: cold, warm, after a body edit and after a structural edit,
 * without the daemon and with it (NX_DAEMON=true, its own workspace data directory, stopped
 * afterwards). Every row is nx-gopkg minus the floor plugin on the same tree and edits.
 */
async function benchEditLoop(ws) {
  log(`edit loop: ${ws.label}`);
  ws.plugin(true);
  ws.clearAllNx();
  const graphFile = path.join(ws.dir, '.bench/graph-edit.json');
  const projects = await graphOf(ws, graphFile);
  const floor = floorPlugin(ws, graphFile);
  const edits = editLoopEdits(ws);
  const modes = {
    gopkg: { use: () => ws.plugin(true), data: ws.data },
    floor: { use: floor.use, data: floor.data },
  };
  const t = {};
  const add = (what, mode, ms) => (t[what] ??= { gopkg: [], floor: [] })[mode].push(ms);
  const show = async (mode, env = {}) => {
    modes[mode].use();
    const r = await ws.nx(['show', 'projects'], {
      env: { NX_WORKSPACE_DATA_DIRECTORY: modes[mode].data, ...env },
      quiet: false,
    });
    if (r.code !== 0) throw new Error(`nx show projects (${mode}) failed in ${ws.dir}`);
    return r.ms;
  };
  const edgeSeen = { nodaemon: undefined, daemon: undefined };
  const checkEdge = async (key, edit, env) => {
    const file = path.join(ws.dir, '.bench/graph-after-edit.json');
    modes.gopkg.use();
    await graphOf(ws, file, { env });
    const seen = hasEdge(file, edit.source, edit.target);
    edgeSeen[key] = (edgeSeen[key] ?? true) && seen;
  };
  // Without the daemon: nx-gopkg and the floor interleaved, so load affects both alike.
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ['gopkg', 'floor']) {
      fs.rmSync(modes[mode].data, { recursive: true, force: true });
      if (mode === 'gopkg') fs.rmSync(ws.cache, { recursive: true, force: true });
      add('cold', mode, await show(mode));
    }
  }
  for (const mode of ['gopkg', 'floor']) await show(mode);
  for (let i = 0; i < RUNS; i++) for (const mode of ['gopkg', 'floor']) add('warm', mode, await show(mode));
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ['gopkg', 'floor']) {
      const edit = edits.body();
      add('body', mode, await show(mode));
      edit.undo();
      await show(mode);
    }
  }
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ['gopkg', 'floor']) {
      const edit = edits.structural();
      add('structural', mode, await show(mode));
      if (mode === 'gopkg' && i === 0) await checkEdge('nodaemon', edit, {});
      edit.undo();
      await show(mode);
    }
  }
  // With the daemon: one mode at a time (one daemon per workspace), stopped afterwards.
  const DAEMON = { NX_DAEMON: 'true' };
  for (const mode of ['gopkg', 'floor']) {
    const env = { ...DAEMON, NX_WORKSPACE_DATA_DIRECTORY: modes[mode].data };
    try {
      await show(mode, DAEMON);
      await show(mode, DAEMON);
      for (let i = 0; i < RUNS; i++) add('daemon-warm', mode, await show(mode, DAEMON));
      for (let i = 0; i < RUNS; i++) {
        const edit = edits.body();
        add('daemon-body', mode, await show(mode, DAEMON));
        edit.undo();
        await show(mode, DAEMON);
      }
      for (let i = 0; i < RUNS; i++) {
        const edit = edits.structural();
        add('daemon-structural', mode, await show(mode, DAEMON));
        if (mode === 'gopkg' && i === 0) await checkEdge('daemon', edit, env);
        edit.undo();
        await show(mode, DAEMON);
      }
    } finally {
      modes[mode].use();
      await ws.nx(['daemon', '--stop'], { env });
    }
  }
  ws.plugin(true);
  const label = `${ws.label} (${projects} projects)`;
  const line = (what, title, limit) => {
    const g = median(t[what].gopkg);
    const f = median(t[what].floor);
    const extra = what.endsWith('structural')
      ? ` (new edge ${edgeSeen[what.startsWith('daemon') ? 'daemon' : 'nodaemon'] ? 'present' : '**missing**'})`
      : '';
    const ok =
      limit === undefined
        ? true
        : g - f <= limit && (!extra || edgeSeen[what.startsWith('daemon') ? 'daemon' : 'nodaemon']);
    row(
      'edit-loop',
      `${label}: ${title}${extra}`,
      fmtMs(g),
      `floor ${fmtMs(f)}`,
      signed(g - f),
      limit === undefined ? '(diagnostic)' : `≤ floor + ${fmtMs(limit)}`,
      ok,
    );
  };
  line('cold', 'no daemon, cold (empty Nx data directory)');
  line('warm', 'no daemon, warm', 200);
  line('body', `no daemon, after a function-body edit of ${edits.leaf.importPath}`);
  line('structural', 'no daemon, after one new import', 1000);
  line('daemon-warm', 'daemon, warm', 100);
  line('daemon-body', 'daemon, after a function-body edit', 300);
  line('daemon-structural', 'daemon, after one new import', 1000);
}

// A plugin that returns a stored graph as is (its options name the file): Nx's cost of one
// particular configuration, for comparing variants of nx-gopkg's configuration.
const STATIC_PLUGIN = `const fs = require('node:fs');
const path = require('node:path');
const load = (root, file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
exports.name = 'nx-gopkg-bench-static';
exports.createNodes = ['**/{go.mod,go.work}', async (files, options, context) => {
  const g = load(context.workspaceRoot, options.file);
  return files.filter((f) => g.nodes[f]).map((f) => [f, g.nodes[f]]);
}];
exports.createDependencies = async (options, context) => load(context.workspaceRoot, options.file).dependencies;
`;

/**
 * (9) What parts of nx-gopkg's project configuration cost in Nx: warm `nx show projects` with a
 * static plugin returning nx-gopkg's stored graph, whole and with parts removed, against the
 * floor. nx.json holds the shared named inputs in every variant (as `nx add` writes them).
 */
async function benchConfigParts(ws) {
  log(`config parts: ${ws.label}`);
  const dir = path.join(ws.data, 'nx-gopkg');
  const storedGraph = () => {
    const stateFile = fs.readdirSync(dir).find((f) => f.startsWith('state-'));
    return decodeGraph(JSON.parse(fs.readFileSync(path.join(dir, stateFile), 'utf8')).graph);
  };
  // The graph without nx add (every project holds every named input), then with it.
  fs.writeFileSync(path.join(ws.dir, 'nx.json'), JSON.stringify({ plugins: ['nx-gopkg'] }));
  ws.clearAllNx();
  await ws.nx(['show', 'projects']);
  const unshared = storedGraph();
  ws.plugin(true);
  ws.clearAllNx();
  const graphFile = path.join(ws.dir, '.bench/graph-parts.json');
  await graphOf(ws, graphFile);
  const floor = floorPlugin(ws, graphFile);
  const graph = storedGraph();
  installBenchPlugin('nx-gopkg-bench-static', STATIC_PLUGIN);
  const projectsOf = (g) => Object.values(g.nodes).flatMap((r) => Object.values(r.projects ?? {}));
  const withTargets = (p, f) => ({
    ...p,
    targets: Object.fromEntries(Object.entries(p.targets).map(([k, t]) => [k, f(t)])),
  });
  /** @type {Record<string, [import('../packages/nx-gopkg/src/nx/graph-output').GoGraph, (p: any) => any]>} name → [graph, project transformation] */
  const variants = {
    'as nx-gopkg returns it (nx add: shared named inputs in nx.json)': [graph, (p) => p],
    'as nx-gopkg returns it without nx add (named inputs in every project)': [unshared, (p) => p],
    'without target metadata': [graph, (p) => withTargets(p, (t) => ({ ...t, metadata: undefined }))],
    'without target options': [graph, (p) => withTargets(p, (t) => ({ ...t, options: undefined }))],
    'without project metadata': [graph, (p) => ({ ...p, metadata: undefined })],
    'bare targets (executor only), project fields kept': [
      graph,
      (p) => withTargets(p, (t) => ({ executor: t.executor })),
    ],
  };
  const files = {};
  for (const [name, [g, f]] of Object.entries(variants)) {
    const nodes = {};
    for (const [file, r] of Object.entries(g.nodes))
      nodes[file] = {
        ...r,
        projects: Object.fromEntries(Object.entries(r.projects ?? {}).map(([root, p]) => [root, f(p)])),
      };
    const rel = `.bench/static-${Object.keys(files).length}.json`;
    const text = JSON.stringify({ nodes, dependencies: g.dependencies });
    fs.writeFileSync(path.join(ws.dir, rel), text);
    files[name] = { rel, bytes: Buffer.byteLength(JSON.stringify(projectsOf({ nodes }))) };
  }
  const use = (name) =>
    fs.writeFileSync(
      path.join(ws.dir, 'nx.json'),
      JSON.stringify({
        namedInputs: sharedNamedInputs(),
        plugins: [{ plugin: 'nx-gopkg-bench-static', options: { file: files[name].rel } }],
      }),
    );
  const data = (i) => path.join(ws.dir, `.bench/nx-data-static-${i}`);
  const names = Object.keys(files);
  const t = Object.fromEntries(names.map((n) => [n, []]));
  t.floor = [];
  for (const [i, n] of names.entries()) {
    use(n);
    await ws.nx(['show', 'projects'], { env: { NX_WORKSPACE_DATA_DIRECTORY: data(i) } });
  }
  floor.use();
  await ws.nx(['show', 'projects'], { env: { NX_WORKSPACE_DATA_DIRECTORY: floor.data } });
  for (let r = 0; r < RUNS; r++) {
    for (const [i, n] of names.entries()) {
      use(n);
      t[n].push(
        (await ws.nx(['show', 'projects'], { env: { NX_WORKSPACE_DATA_DIRECTORY: data(i) }, quiet: false })).ms,
      );
    }
    floor.use();
    t.floor.push((await ws.nx(['show', 'projects'], { env: { NX_WORKSPACE_DATA_DIRECTORY: floor.data } })).ms);
  }
  ws.plugin(true);
  const f = median(t.floor);
  const whole = median(t[names[0]]);
  const n = projectsOf(graph).length;
  for (const name of names) {
    const m = median(t[name]);
    row(
      'config-parts',
      `${ws.label}: static plugin, configuration ${name} (${Math.round(files[name].bytes / n)} bytes/project)`,
      fmtMs(m),
      `floor ${fmtMs(f)}`,
      `${signed(m - f)} over the floor${name === names[0] ? '' : `, ${signed(m - whole)} against the whole`}`,
      '(diagnostic)',
      true,
    );
  }
}

/** (7) CI: fresh clone, empty GOCACHE and Nx cache, remote cache warm from an earlier CI run. */
async function benchCi(ws) {
  log(`ci: ${ws.label}`);
  const { startRemoteCacheServer } = require('../e2e/support/servers/remote-cache-server');
  const srv = await startRemoteCacheServer({ dir: path.join(base, 'remote-cache'), token: 'bench-token' });
  try {
    const remote = {
      NX_SELF_HOSTED_REMOTE_CACHE_SERVER: srv.url,
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'bench-token',
    };
    const targets = ['run-many', '-t', 'go-build', 'go-test', '--output-style=static'];
    // Fill the remote cache from a first "CI run".
    ws.clearAllNx();
    const fill = await ws.nx(targets, { env: { ...remote, GOCACHE: freshGoCache() }, quiet: false });
    if (fill.code !== 0) throw new Error('CI fill run failed');
    const runs = QUICK ? 1 : 3;
    const nx = [];
    const go = [];
    for (let i = 0; i < runs; i++) {
      // A fresh clone: copy the sources (not node_modules, .bench, dist) elsewhere.
      const clone = new Workspace(`${path.basename(ws.dir)}-clone${i}`);
      for (const e of fs.readdirSync(ws.dir)) {
        if (['node_modules', '.bench', 'dist', 'package.json', 'nx.json', '.gitignore'].includes(e)) continue;
        execFileSync('cp', ['-R', path.join(ws.dir, e), path.join(clone.dir, e)]);
      }
      const r = await clone.nx(targets, { env: { ...remote, GOCACHE: freshGoCache() }, quiet: false });
      if (r.code !== 0) throw new Error('CI run failed');
      nx.push(r.ms);
      const c = freshGoCache();
      const b = await clone.go(['build', ...ws.goPatterns], { env: { GOCACHE: c } });
      const t = await clone.go(['test', ...ws.goPatterns], { env: { GOCACHE: c } });
      go.push(b.ms + t.ms);
      fs.rmSync(clone.dir, { recursive: true, force: true });
    }
    const speedup = median(go) / median(nx);
    row(
      'ci',
      `${ws.label}: fresh clone, empty GOCACHE + Nx cache, warm remote cache; run-many -t go-build go-test${runs < RUNS ? ` (${runs} run${runs > 1 ? 's' : ''})` : ''}`,
      fmtMs(median(nx)),
      `go build ./... && go test ./... ${fmtMs(median(go))}`,
      `${speedup.toFixed(1)}× faster`,
      '≥ 5× faster',
      speedup >= 5,
    );
  } finally {
    await srv.close();
  }
}

/** node --cpu-prof of one cold `nx show projects` (nx process and plugin worker); top self times. */
async function profileGraph(ws) {
  const dir = path.join(base, 'cpuprof');
  fs.mkdirSync(dir, { recursive: true });
  ws.plugin(true);
  ws.clearAllNx();
  // Node refuses --cpu-prof in NODE_OPTIONS, and Nx starts plugin workers without the parent's
  // flags: run the plugin in the nx process (NX_ISOLATE_PLUGINS=false) and profile that process.
  await run(
    process.execPath,
    [`--cpu-prof`, `--cpu-prof-dir=${dir}`, path.join(ws.dir, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'],
    {
      cwd: ws.dir,
      env: ws.env({ NX_ISOLATE_PLUGINS: 'false' }),
    },
  );
  const self = new Map();
  let total = 0;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
    const prof = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const dt = (prof.endTime - prof.startTime) / Math.max(1, prof.samples.length) / 1000;
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const counts = new Map();
    for (const s of prof.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const [id, c] of counts) {
      const n = byId.get(id);
      const cf = n.callFrame;
      if (['(idle)', '(program)', '(root)'].includes(cf.functionName)) continue;
      const where = cf.url ? cf.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '') : '(native)';
      const key = `${cf.functionName || '(anonymous)'} ${where}:${cf.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + c * dt);
      total += c * dt;
    }
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15);
  results.profile = { label: ws.label, total, top };
}

// ---------------------------------------------------------------- report

const ANALYSIS_MARKER = '<!-- analysis: kept across bench runs -->';

function versions() {
  const nxVersion = require(path.join(repo, 'node_modules/nx/package.json')).version;
  const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: baseEnv }).trim();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return {
    nx: nxVersion,
    go: goVersion,
    node: process.version,
    cpu,
    cores: os.cpus().length,
    mem: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
  };
}

function report(started, loadBefore, loadAfter) {
  const v = versions();
  const lines = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push(
    `Generated by \`npm run bench\` (tools/bench-nx.js${QUICK ? ' --quick' : ''}) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; took ${((Date.now() - started) / 60000).toFixed(1)} min.`,
  );
  lines.push('');
  lines.push(
    `Machine: ${v.cpu}, ${v.cores} cores, ${v.mem} RAM, ${v.os}. Go ${v.go.replace(/^go/, '')}, Node ${v.node}, Nx ${v.nx}.`,
  );
  lines.push(
    `Load average (1 min) before/after: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}${loadBefore > v.cores || loadAfter > v.cores ? ' — the machine was shared and oversubscribed, so absolute times are inflated; ratios compare runs made under the same load' : ''}.`,
  );
  lines.push('');
  lines.push(
    `Each figure is the median of ${RUNS} fresh processes unless the row says otherwise; every nx run has its own workspace, Nx cache and workspace data directory, no daemon, no Nx Cloud. Plugin time = median \`nx show projects\` with nx-gopkg minus the same on the same tree with no plugin ("bare Nx"), so it includes Nx's own handling of the projects nx-gopkg creates. "nx-gopkg hooks" rows are Nx's own \`NX_PERF_LOGGING\` marks around nx-gopkg's \`createNodes\` and \`createDependencies\` in the same runs: the plugin worker's time plus the IPC of each hook's arguments and result, without Nx's start-up, merge and cache writes (the worker's start-up is shown beside them, not added). Edit-loop rows compare nx-gopkg with the floor, a plugin of the bench's own that hands Nx the same projects and edges with three bare targets; their "daemon" rows run with \`NX_DAEMON=true\` and the workspace's own data directory, one daemon at a time, stopped afterwards. Synthetic workspaces come from \`tools/gen-synthetic.js\` (seed 1, one module per ~125 packages joined by go.work, ~60% of libraries with tests, 5% with embeds, every 20th package a command).`,
  );
  lines.push('');
  lines.push('| measurement | nx-gopkg | baseline | ratio | target | met |');
  lines.push('|---|---|---|---|---|---|');
  for (const r of results.rows)
    lines.push(`| ${r.what} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.ok ? 'yes' : '**no**'} |`);
  lines.push('');
  if (results.profile) {
    lines.push(`## CPU profile: cold \`nx show projects\`, ${results.profile.label}`);
    lines.push('');
    lines.push(
      `\`node --cpu-prof\` of one cold run with the plugin in the nx process (NX_ISOLATE_PLUGINS=false); self time of the top functions (total sampled ${fmtMs(results.profile.total)}):`,
    );
    lines.push('');
    lines.push('| self time | function |');
    lines.push('|---|---|');
    for (const [k, ms] of results.profile.top) lines.push(`| ${fmtMs(ms)} | \`${k.replace(/\|/g, '\\|')}\` |`);
    lines.push('');
  }
  for (const n of results.notes) lines.push(n, '');
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  log(`working in ${base}${QUICK ? ' (quick)' : ''}`);
  makeTemplate();
  const out = opt('write');
  onRow = () => {
    if (out)
      fs.writeFileSync(path.resolve(repo, out) + '.partial', report(started, loadBefore, os.loadavg()[0]) + '\n');
  };
  const warmGo = path.join(base, 'gocache-warm');
  fs.mkdirSync(warmGo, { recursive: true });
  try {
    if (ONLY.includes('graph')) {
      if (!flag('no-goroot')) {
        const goroot = gorootWorkspace();
        await benchGraph(goroot);
        fs.rmSync(goroot.dir, { recursive: true, force: true });
      }
      const mid = synthetic(SIZES.mid);
      await benchGraph(mid);
      const large = synthetic(SIZES.large);
      await benchGraph(large, { rssTarget: true });
      if (flag('profile') || !QUICK) await profileGraph(large);
    }
    if (ONLY.includes('goroot') && !ONLY.includes('graph')) {
      // The graph rows of GOROOT/src alone (cold split into Nx's floor and nx-gopkg's share).
      const goroot = gorootWorkspace();
      await benchGraph(goroot);
      fs.rmSync(goroot.dir, { recursive: true, force: true });
    }
    if (ONLY.includes('parts')) {
      await benchConfigParts(synthetic(SIZES.mid));
      await benchConfigParts(synthetic(SIZES.large));
    }
    if (ONLY.includes('edit')) {
      await benchEditLoop(synthetic(SIZES.mid));
      await benchEditLoop(synthetic(SIZES.large));
    }
    let buildWs;
    if (ONLY.includes('build') || ONLY.includes('noop')) {
      buildWs = synthetic(SIZES.build);
      if (ONLY.includes('build')) await benchBuild(buildWs);
      if (ONLY.includes('noop')) await benchNoop(buildWs);
    }
    if (ONLY.includes('affected')) {
      await benchAffected(synthetic(SIZES.small), {});
      // At the large size the first (cold GOCACHE) build of the tree alone takes long: full runs only.
      if (!QUICK || flag('affected-large')) await benchAffected(synthetic(SIZES.large), { ratioTarget: 1.5 });
    }
    if (ONLY.includes('ci')) await benchCi(synthetic(SIZES.ci));
  } finally {
    const text = report(started, loadBefore, os.loadavg()[0]);
    if (out) {
      fs.rmSync(path.resolve(repo, out) + '.partial', { force: true });
      // Hand-written analysis below the marker survives a re-run.
      const file = path.resolve(repo, out);
      const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const at = old.indexOf(ANALYSIS_MARKER);
      fs.writeFileSync(file, text + '\n' + (at >= 0 ? old.slice(at) : `${ANALYSIS_MARKER}\n`));
    }
    console.log(text);
    if (!flag('keep')) fs.rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
