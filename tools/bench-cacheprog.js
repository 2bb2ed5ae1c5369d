#!/usr/bin/env node
'use strict';
/**
 * Benchmark of nx-gopkg's GOCACHEPROG program (docs/go-build-cache.md has the results).
 *
 * Generates a deterministic Go module of realistic packages (default 300: 15 layers × 20, each
 * importing 1-3 packages of the layers below and a few std packages, ~240 lines, one test file) in a
 * temp dir, then measures `go build ./... && go test ./...`:
 *   cold        fresh GOCACHE, plain go (a CI runner without a shared cache): the baseline
 *   seed        runner A: fresh GOCACHE and local tier, program + remote (fills the remote)
 * and then fresh runners (new checkout, empty GOCACHE and local tier, the remote reset to the seed
 * state before each run) with the program and the warm remote:
 *   pr-comment  after a comment-only edit of a mid-graph package (see EDITS)
 *   pr-body     after a change inside a function body of that package
 *   pr-api      after adding an exported function to it (importers recompile)
 *   nochange    no edit
 *   otherpath   no edit, runner B checked out at another path
 *   otherpath-comment  the comment edit at another path (with --cases)
 *   otherpath-symlink  the comment edit at another path, reached through a symlink at runner A's
 *               path with PWD set to it (with --cases)
 *   warm        (with --cases) warm GOCACHE plain go vs warm local tier with the program
 * Each fresh-runner case then runs once more, untimed, with go -x and the program's event log, to
 * count compiles, links, test runs and remote hits (the profile), and the program's start-up is
 * timed on its own. The remote is nginx as a WebDAV store (e2e/support/servers/nginx-webdav.js, the default),
 * e2e/support/servers/bazel-remote-test-server.js (--server test) or a running server (--remote URL).
 * Each timed case runs --runs times (default 5); the median wall time is reported with the median
 * CPU time (user+sys of go and everything it started, from bash `times`), since wall time on a shared
 * machine is noisy.
 *
 * Usage: node tools/bench-cacheprog.js [--runs 5] [--cold-runs N] [--packages 300] [--cases a,b,...]
 *          [--server nginx|test | --remote URL] [--runner-goflags FLAGS] [--nx-runs N] [--no-profile]
 *          [--keep] [--json out.json]
 *        node tools/bench-cacheprog.js --only overhead [--runs 5] [--prof DIR] [--work DIR --keep]
 *        (compiles packages/nx-gopkg/src/cacheprog into the temp dir with the repo's TypeScript)
 * --only overhead runs just the warm-local phase, timing `go build ./...` and `go test ./...`
 * separately (interleaved with/without the program) and sampling the load average around each run;
 * --prof DIR starts the program under `node --cpu-prof --cpu-prof-dir DIR` in the timed runs.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startBazelRemoteTestServer } = require('../e2e/support/servers/bazel-remote-test-server');
const { findNginx, startNginxWebdav } = require('../e2e/support/servers/nginx-webdav');
const { compileCacheProgram } = require('./compile-cacheprog');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', '5'));
/** The cold case is the slowest by far; on a busy machine it may be run fewer times. */
const COLD_RUNS = Number(opt('--cold-runs', String(RUNS)));
const PACKAGES = Number(opt('--packages', '300'));
const CASES = opt('--cases', 'cold,seed,pr-comment,pr-body,nochange,otherpath').split(',');
const WIDTH = 20;
const LAYERS = Math.ceil(PACKAGES / WIDTH);
let PROGRAM = '';

function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STD = {
  strings: 's += len(strings.Repeat("ab", n%7))',
  strconv: 's += len(strconv.Itoa(n))',
  sort: 'xs := []int{n, 3, 1}\n\tsort.Ints(xs)\n\ts += xs[0]',
  fmt: 's += len(fmt.Sprintf("%d-%s", n, "x"))',
  errors: 'if errors.Is(errors.New("a"), errors.ErrUnsupported) {\n\t\ts++\n\t}',
  bytes: 's += bytes.Count([]byte("aaa"), []byte("a"))',
  'encoding/json': 'b, _ := json.Marshal(map[string]int{"n": n})\n\ts += len(b)',
  math: 's += int(math.Sqrt(float64(n * n)))',
  time: 's += int(time.Duration(n).Nanoseconds() % 3)',
  sync: 'var mu sync.Mutex\n\tmu.Lock()\n\ts++\n\tmu.Unlock()',
};
const STD_NAMES = Object.keys(STD);

function pkgName(layer, i) {
  return `l${String(layer).padStart(2, '0')}p${String(i).padStart(2, '0')}`;
}

/** Writes the module; returns { pkgs: [{ dir, importPath, imports }], mid }. */
function generate(dir) {
  const rand = rng(20261126);
  const pick = (n) => Math.floor(rand() * n);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/bench\n\ngo 1.24\n');
  const pkgs = [];
  for (let layer = 0; layer < LAYERS; layer++) {
    for (let i = 0; i < WIDTH && pkgs.length < PACKAGES; i++) {
      const name = pkgName(layer, i);
      const rel = `l${String(layer).padStart(2, '0')}/${name}`;
      const deps = new Set();
      if (layer > 0) {
        const count = 1 + pick(3);
        for (let k = 0; k < count; k++) {
          const dl = Math.max(0, layer - 1 - pick(3));
          const di = Math.min(WIDTH - 1, Math.max(0, i + pick(5) - 2));
          deps.add(`l${String(dl).padStart(2, '0')}/${pkgName(dl, di)}`);
        }
      }
      const std = new Set();
      const stdCount = 2 + pick(3);
      while (std.size < stdCount) std.add(STD_NAMES[pick(STD_NAMES.length)]);
      const imports = [
        ...[...std].sort().map((s) => `"${s}"`),
        ...[...deps].sort().map((d) => `"example.com/bench/${d}"`),
      ];
      const depNames = [...deps].sort().map((d) => path.basename(d));
      const funcs = [];
      const nf = 8 + pick(8);
      for (let f = 0; f < nf; f++) {
        const cases = Array.from(
          { length: 3 + pick(4) },
          (_, c) => `\tcase ${c}:\n\t\treturn x*${1 + pick(9)} + ${pick(100)}`,
        ).join('\n');
        funcs.push(
          `// F${f} is generated filler logic.\nfunc F${f}(x int) int {\n\tswitch x % ${3 + pick(4)} {\n${cases}\n\t}\n\treturn x - ${f}\n}\n`,
        );
      }
      const code = [
        `// Package ${name} is generated by tools/bench-cacheprog.js.`,
        `package ${name}`,
        '',
        `import (\n${imports.map((s) => `\t${s}`).join('\n')}\n)`,
        '',
        `// Item is a value of ${name}.`,
        `type Item struct {\n\tID    int\n\tName  string\n\tTags  []string\n\tScore float64\n}`,
        '',
        `// String describes the item.\nfunc (it Item) String() string {\n\treturn it.Name + "#" + strconv.Itoa(it.ID)\n}`.replace(
          'strconv.Itoa(it.ID)',
          std.has('strconv') ? 'strconv.Itoa(it.ID)' : 'string(rune(65+it.ID%26))',
        ),
        '',
        `// Score combines this package's logic with its dependencies'.\nfunc Score(n int) int {\n\ts := ${layer * 100 + i}\n\t${[
          ...std,
        ]
          .sort()
          .map((k) => STD[k])
          .join(
            '\n\t',
          )}\n${depNames.map((d) => `\ts += ${d}.Score(n % 7)`).join('\n')}\n\tfor k := 0; k < n%5; k++ {\n\t\ts += F0(k)\n\t}\n\treturn s\n}`,
        '',
        ...funcs,
      ].join('\n');
      const test = `package ${name}\n\nimport "testing"\n\nfunc TestScore(t *testing.T) {\n\tfor _, n := range []int{0, 1, 5, 42} {\n\t\tif Score(n) < 0 {\n\t\t\tt.Fatalf("Score(%d) < 0", n)\n\t\t}\n\t}\n}\n\nfunc TestItem(t *testing.T) {\n\tif (Item{ID: 1, Name: "a"}).String() == "" {\n\t\tt.Fatal("empty")\n\t}\n}\n`;
      fs.mkdirSync(path.join(dir, rel), { recursive: true });
      fs.writeFileSync(path.join(dir, rel, `${name}.go`), code + '\n');
      fs.writeFileSync(path.join(dir, rel, `${name}_test.go`), test);
      pkgs.push({ rel, importPath: `example.com/bench/${rel}`, deps: [...deps] });
    }
  }
  // Transitive importers of a package (including itself).
  const affectedBy = (rel) => {
    const set = new Set([rel]);
    for (let changed = true; changed;) {
      changed = false;
      for (const p of pkgs) {
        if (!set.has(p.rel) && p.deps.some((d) => set.has(d))) {
          set.add(p.rel);
          changed = true;
        }
      }
    }
    return set.size;
  };
  // The edited package: in the middle layer, the one with the median number of importers.
  const layer = pkgs.filter((p) => p.rel.startsWith(`l${String(Math.floor(LAYERS / 2)).padStart(2, '0')}/`));
  const ranked = layer
    .map((p) => ({ p, n: affectedBy(p.rel) }))
    .sort((a, b) => a.n - b.n || a.p.rel.localeCompare(b.p.rel));
  const { p: mid, n } = ranked[Math.floor(ranked.length / 2)];
  const affected = { size: n };
  return { pkgs, mid, affected: affected.size };
}

/**
 * The pull request's edit of the mid-graph package, in three kinds:
 *   comment  a doc comment reworded in place (no line moves): the compiled package comes out
 *            byte-identical, so go's early cutoff keeps every importer, link and test result;
 *   body     a constant in the body of Score (not inlinable: it calls other packages), so the
 *            export data is unchanged and importers do not recompile, but the object code changes
 *            and every affected test binary is relinked and rerun;
 *   api      a new exported function: the export data changes and every importer recompiles.
 */
const EDITS = {
  comment(dir, mid) {
    edit(dir, mid, (code) =>
      code.replace(
        "// Score combines this package's logic with its dependencies'.",
        "// Score combines this package's logic with that of its dependencies.",
      ),
    );
  },
  body(dir, mid) {
    edit(dir, mid, (code) =>
      code.replace(/(func Score\(n int\) int \{\n\ts := )(\d+)/, (_, head, n) => `${head}${Number(n) + 1}`),
    );
  },
  api(dir, mid) {
    edit(dir, mid, (code) => `${code}\n// Edited is the pull request's change.\nfunc Edited() int { return 42 }\n`);
  },
};

function edit(dir, mid, change) {
  const file = path.join(dir, mid.rel, `${path.basename(mid.rel)}.go`);
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit did not apply to ${file}`);
  fs.writeFileSync(file, after);
}

/** go test's per-package lines: run (ok with a time), cached (ok … (cached)), failed. */
function testCounts(out) {
  const lines = out.split('\n');
  return {
    run: lines.filter((l) => /^ok\s+\S+\s+\d/.test(l)).length,
    cached: lines.filter((l) => /^ok\s+\S+\s+\(cached\)/.test(l)).length,
    failed: lines.filter((l) => /^(FAIL|---)/.test(l)).length,
  };
}

/** Invocations of a go tool (compile, link) in go -x output, tool-ID queries (-V) left out. */
function xCount(out, tool) {
  return out
    .split('\n')
    .filter((l) => new RegExp(`/${tool}(\\.exe)? `).test(l) && !new RegExp(`${tool}(\\.exe)? -V`).test(l)).length;
}

function xPackages(out) {
  return out
    .split('\n')
    .filter((l) => /\/compile(\.exe)? /.test(l))
    .map((l) => / -p (\S+)/.exec(l)?.[1])
    .filter(Boolean);
}

/** Milliseconds from starting the program to its first message (go waits for it). */
function programStartMs(env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [PROGRAM], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    let ms;
    child.stdout.once('data', () => {
      ms = Number(process.hrtime.bigint() - t0) / 1e6;
      child.stdin.end('{"ID":1,"Command":"close"}\n');
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', () =>
      ms === undefined ? reject(new Error('the program exited without answering')) : resolve(ms),
    );
  });
}

/** Runs a shell command under bash, returns { wall, cpu, code, out }. */
function timed(cmd, cwd, env) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('bash', ['-c', `${cmd}\nrc=$?\ntimes >&2\nexit $rc`], { cwd, env });
    let err = '';
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const lines = err.trim().split('\n');
      const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1] || '');
      const cpu = m ? Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]) : NaN;
      resolve({ wall, cpu, code, out: out + err });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function baseEnv(extra) {
  const env = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOWORK: 'off' };
  for (const k of Object.keys(env)) if (k.startsWith('NX_GOPKG_GOCACHE') || k === 'GOCACHEPROG') delete env[k];
  return { ...env, ...extra };
}

function progEnv(extra, nodeFlags = []) {
  const q = (w) => (/[\s'"]/.test(w) ? `"${w}"` : w);
  return baseEnv({
    GOCACHEPROG: [process.execPath, ...nodeFlags, PROGRAM].map(q).join(' '),
    NX_GOPKG_GOCACHE_MAX_AGE_DAYS: '0',
    ...extra,
  });
}

const load1 = () => os.loadavg()[0];

/** Builds tools/cacheprog-floor (the least a GOCACHEPROG program can do, in Go) into outDir. */
function buildFloorProgram(outDir) {
  const exe = path.join(outDir, process.platform === 'win32' ? 'cacheprog-floor.exe' : 'cacheprog-floor');
  require('node:child_process').execFileSync('go', ['build', '-o', exe, '.'], {
    cwd: path.join(root, 'tools/cacheprog-floor'),
    env: baseEnv({}),
    stdio: 'inherit',
  });
  return exe;
}

/**
 * The program's overhead on a warm local build: `go build ./...` and `go test ./...` timed
 * separately, with go's own GOCACHE ("go"), with nx-gopkg's program ("prog", warm local tier, no
 * remote) and with tools/cacheprog-floor ("floor": a minimal GOCACHEPROG program in Go on the same
 * tier layout, the protocol's own cost), interleaved so load changes on a shared machine hit all alike.
 */
async function overhead(work, checkout, log) {
  const fresh = (name) => path.join(work, name);
  const warmGo = baseEnv({ GOCACHE: fresh('gocache-warm') });
  const warmProg = progEnv({ GOCACHE: fresh('gocache-warm-prog'), NX_GOPKG_GOCACHE_DIR: fresh('tier-warm') });
  const floorExe = buildFloorProgram(work);
  const warmFloor = baseEnv({
    GOCACHE: fresh('gocache-warm-floor'),
    GOCACHEPROG: floorExe,
    NX_GOPKG_GOCACHE_DIR: fresh('tier-floor'),
  });
  const profDir = opt('--prof');
  const timedProg = profDir
    ? progEnv({ GOCACHE: fresh('gocache-warm-prog'), NX_GOPKG_GOCACHE_DIR: fresh('tier-warm') }, [
        '--cpu-prof',
        '--cpu-prof-dir',
        path.resolve(profDir),
      ])
    : warmProg;
  const variants = [
    ['go', warmGo],
    ['floor', warmFloor],
    ['prog', timedProg],
  ];
  for (const [name, env] of variants) {
    const t0 = Date.now();
    const r = await timed(CMD, checkout, env);
    if (r.code !== 0) throw new Error(r.out.slice(-4000));
    log(`filled ${name}'s cache in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  // Second pass: go's module index and test-result entries settle after the first warm run.
  for (const [, env] of variants) await timed(CMD, checkout, env);
  const out = {};
  for (const [cmdName, cmd] of [
    ['build', 'go build ./...'],
    ['test', 'go test ./... >/dev/null'],
  ]) {
    const rows = { go: [], floor: [], prog: [] };
    for (let r = 0; r < RUNS; r++) {
      for (const [name, env] of variants) {
        const before = load1();
        const res = await timed(cmd, checkout, env);
        if (res.code !== 0) throw new Error(res.out.slice(-4000));
        rows[name].push({ wall: res.wall, cpu: res.cpu, load: (before + load1()) / 2 });
        log(
          `${cmdName} ${name} run ${r + 1}: ${res.wall.toFixed(2)} s wall, ${res.cpu.toFixed(2)} s cpu, load ${load1().toFixed(1)}`,
        );
      }
    }
    const m = (xs, k) => median(xs.map((x) => x[k]));
    const summary = (xs) => ({ wall: m(xs, 'wall'), cpu: m(xs, 'cpu'), runs: xs });
    out[cmdName] = {
      go: summary(rows.go),
      floor: summary(rows.floor),
      prog: summary(rows.prog),
      overheadWall: m(rows.prog, 'wall') / m(rows.go, 'wall') - 1,
      overheadCpu: m(rows.prog, 'cpu') / m(rows.go, 'cpu') - 1,
      floorOverheadWall: m(rows.floor, 'wall') / m(rows.go, 'wall') - 1,
      floorOverheadCpu: m(rows.floor, 'cpu') / m(rows.go, 'cpu') - 1,
      load: m([...rows.go, ...rows.floor, ...rows.prog], 'load'),
    };
    const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)} %`;
    const o = out[cmdName];
    log(
      `${cmdName}: go ${o.go.wall.toFixed(2)} s; floor ${o.floor.wall.toFixed(2)} s (${pct(o.floorOverheadWall)} wall, ${pct(o.floorOverheadCpu)} cpu); ` +
        `prog ${o.prog.wall.toFixed(2)} s (${pct(o.overheadWall)} wall, ${pct(o.overheadCpu)} cpu)`,
    );
  }
  return out;
}

/**
 * The same pull request through Nx (cases nx-seed, nx-comment, nx-body, nx-nochange): the module
 * becomes an Nx workspace with the packed plugin (tools/e2e-template.js; needs `npm run build`),
 * Nx's self-hosted remote cache (tools/remote-cache-server.js) beside the go cache on nginx.
 * Runner A: `nx run-many -t go-build go-test`, cold, fills both remotes. Runner B: a fresh checkout
 * at the same path with empty Nx cache, workspace data, GOCACHE and local tier:
 *   nx-comment / nx-body  `nx affected -t go-build go-test --files=<edited file>` after the edit
 *   nx-nochange           `nx run-many -t go-build go-test` with no edit (every task from Nx's cache)
 *   nx-graph              `nx show projects` alone: Nx's start and the project graph, cold
 */
async function nxLeg({ work, src, checkout, mid, remote, goStore, record, results, log, RUNS_NX }) {
  const { buildTemplate } = require('./e2e-template');
  const { startRemoteCacheServer } = require('../e2e/support/servers/remote-cache-server');
  const { template } = buildTemplate(work);
  const nxDir = path.join(work, 'nx-remote');
  const nxSrv = await startRemoteCacheServer({ dir: nxDir, token: 'bench-token', port: 0 });
  fs.writeFileSync(path.join(src, 'package.json'), JSON.stringify({ name: 'bench-cacheprog', private: true }));
  fs.writeFileSync(path.join(src, 'nx.json'), JSON.stringify({ plugins: ['nx-gopkg'] }));
  fs.writeFileSync(path.join(src, '.gitignore'), 'node_modules\n.nx\ndist\n');
  const editedRel = path.join(mid.rel, `${path.basename(mid.rel)}.go`);
  const nxBin = path.join(template, 'node_modules/nx/dist/bin/nx.js');
  const eventLog = path.join(work, 'nx-events.log');
  const runnerEnv = (fresh) => ({
    ...progEnv({}),
    GOCACHEPROG: undefined,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    CI: 'true',
    NX_CACHE_DIRECTORY: fresh('nx-cache'),
    NX_WORKSPACE_DATA_DIRECTORY: fresh('nx-data'),
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: nxSrv.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'bench-token',
    GOCACHE: fresh('gocache-nx'),
    NX_GOPKG_GOCACHE_REMOTE: remote,
    NX_GOPKG_GOCACHE_DIR: fresh('tier-nx'),
    NX_GOPKG_GOCACHE_STATS: '1',
    NX_GOPKG_GOCACHE_LOG: eventLog,
  });
  const clean = (env) => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
  const freshDir = (name) => {
    const d = path.join(work, name);
    fs.rmSync(d, { recursive: true, force: true });
    return d;
  };
  const checkoutWs = (edit) => {
    fs.rmSync(checkout, { recursive: true, force: true });
    fs.cpSync(src, checkout, { recursive: true });
    fs.symlinkSync(path.join(template, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
    if (edit) EDITS[edit](checkout, mid);
  };
  const nxCmd = (argv) => [process.execPath, nxBin, ...argv].map((w) => `'${w}'`).join(' ');
  const all = ['run-many', '-t', 'go-build', 'go-test', '--output-style=static'];

  // Runner A.
  checkoutWs(false);
  const seed = await timed(nxCmd(all), checkout, clean(runnerEnv(freshDir)));
  if (seed.code !== 0) throw new Error(`nx-seed failed:\n${seed.out.slice(-4000)}`);
  results['nx-seed'] = { wall: seed.wall, cpu: seed.cpu };
  log(`nx-seed: ${seed.wall.toFixed(2)} s wall, ${seed.cpu.toFixed(2)} s cpu`);
  // Both remotes as runner A left them, restored before each of runner B's runs.
  const snapshots = [
    [nxDir, path.join(work, 'nx-remote-seeded')],
    ...(goStore ? [[goStore, path.join(work, 'nginx-nx-seeded')]] : []),
  ];
  for (const [dir, copy] of snapshots) {
    fs.rmSync(copy, { recursive: true, force: true });
    execFileSync('cp', ['-al', dir, copy]);
  }
  const restoreRemotes = () => {
    for (const [dir, copy] of snapshots) {
      fs.rmSync(dir, { recursive: true, force: true });
      execFileSync('cp', ['-al', copy, dir]);
    }
  };
  // Nx's task outcomes from its output; go's actions from the program's event log (the executor
  // does not pass go's stderr through on success).
  const profile = (out) => {
    const events = fs.existsSync(eventLog) ? fs.readFileSync(eventLog, 'utf8').split('\n') : [];
    fs.rmSync(eventLog, { force: true });
    const count = (re) => events.filter((e) => re.test(e)).length;
    return {
      remoteTasks: (out.match(/\[remote cache\]/g) || []).length,
      tasks: Number((/Successfully ran targets? .* for (\d+) projects?/.exec(out) || [0, 0])[1]),
      hitRemote: count(/^hit-remote /),
      hitLocal: count(/^hit-local /),
      miss: count(/^miss /),
      compiles: count(/^put \S+ \d+ archive$/),
    };
  };
  const nxCase = (edit, argv) => async () => {
    restoreRemotes();
    checkoutWs(edit);
    return { env: clean(runnerEnv(freshDir)), cwd: checkout, cmd: nxCmd(argv) };
  };
  const cases = {
    'nx-graph': nxCase(false, ['show', 'projects']),
    'nx-comment': nxCase('comment', [
      'affected',
      '-t',
      'go-build',
      'go-test',
      `--files=${editedRel}`,
      '--output-style=static',
    ]),
    'nx-body': nxCase('body', [
      'affected',
      '-t',
      'go-build',
      'go-test',
      `--files=${editedRel}`,
      '--output-style=static',
    ]),
    'nx-nochange': nxCase(false, all),
  };
  for (const [name, prepare] of Object.entries(cases)) {
    if (!CASES.includes(name)) continue;
    await record(name, prepare, RUNS_NX, (out) => profile(out));
  }
  await nxSrv.close();
}

const CMD = 'go build ./... && go test ./... >/dev/null';
/** The same commands, with go test's per-package lines kept (to count cached results). */
const CMD_TESTS_SHOWN = 'go build ./... && go test ./...';

async function main() {
  // --work DIR (with --only overhead) reuses a kept directory: its warm caches stay warm.
  const work = opt('--work')
    ? (fs.mkdirSync(opt('--work'), { recursive: true }), fs.realpathSync(opt('--work')))
    : fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-bench-cacheprog-')));
  PROGRAM = compileCacheProgram(path.join(work, 'prog'));
  const src = path.join(work, 'src');
  const checkout = path.join(work, 'checkout'); // every runner's checkout path (like a CI workspace)
  const otherCheckout = path.join(work, 'elsewhere', 'checkout'); // the otherpath cases' runner B
  const { pkgs, mid, affected } = generate(src);
  const lines = fs
    .readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.go'))
    .reduce((n, f) => n + fs.readFileSync(path.join(src, f), 'utf8').split('\n').length, 0);
  const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
  log(`module: ${pkgs.length} packages, ${lines} lines of Go; edit ${mid.importPath} (${affected} packages affected)`);

  if (opt('--only') === 'overhead') {
    if (!fs.existsSync(checkout)) fs.cpSync(src, checkout, { recursive: true });
    const summary = {
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      go: (await timed('go version', work, baseEnv({}))).out.split('\n')[0],
      node: process.version,
      packages: pkgs.length,
      runs: RUNS,
      overhead: await overhead(work, checkout, log),
    };
    const out = JSON.stringify(summary, null, 2);
    console.log(out);
    if (opt('--json')) fs.writeFileSync(opt('--json'), out + '\n');
    if (!args.includes('--keep')) fs.rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
    return;
  }

  // The remote tier: nginx as a WebDAV store (e2e/support/servers/nginx-webdav.js; the default), the in-repo
  // bazel-remote protocol server (--server test), or a running server (--remote URL).
  const serverKind = opt('--remote') ? 'url' : opt('--server', 'nginx');
  let srv = null;
  let remote = opt('--remote');
  if (serverKind === 'nginx') {
    srv = await startNginxWebdav({ dir: path.join(work, 'nginx') });
    remote = srv.url;
  } else if (serverKind === 'test') {
    srv = await startBazelRemoteTestServer({ port: 0 });
    remote = srv.url;
  }
  log(`remote tier: ${serverKind} ${remote}`);
  const fresh = (name) => {
    const d = path.join(work, name);
    fs.rmSync(d, { recursive: true, force: true });
    return d;
  };
  const newCheckout = (edit, at = checkout) => {
    for (const d of [checkout, otherCheckout]) fs.rmSync(d, { recursive: true, force: true });
    fs.cpSync(src, at, { recursive: true });
    if (edit) EDITS[edit](at, mid);
  };
  const results = {};
  const record = async (name, prepare, count = RUNS, more) => {
    const runs = [];
    for (let r = 0; r < count; r++) {
      const { env, cwd, cmd } = await prepare(r);
      const res = await timed(cmd || CMD_TESTS_SHOWN, cwd, env);
      if (res.code !== 0) throw new Error(`${name} failed:\n${res.out.slice(-4000)}`);
      const lines = res.out.match(/nx-gopkg cacheprog: \d+ gets.*/g) || [];
      const stats = lines.length > 4 ? `${lines.length} go commands` : lines.join(' | ');
      const tests = testCounts(res.out);
      const extra = more ? more(res.out) : undefined;
      runs.push({ wall: res.wall, cpu: res.cpu, stats, tests, load: load1(), ...(extra ? { extra } : {}) });
      log(
        `${name} run ${r + 1}: ${res.wall.toFixed(2)} s wall, ${res.cpu.toFixed(2)} s cpu, load ${load1().toFixed(1)}; tests run ${tests.run}, cached ${tests.cached}; ${stats}${extra ? ' ' + JSON.stringify(extra) : ''}`,
      );
    }
    results[name] = { runs, wall: median(runs.map((x) => x.wall)), cpu: median(runs.map((x) => x.cpu)) };
  };

  if (CASES.includes('cold')) {
    await record(
      'cold',
      async () => {
        newCheckout(false);
        return { env: baseEnv({ GOCACHE: fresh('gocache-cold') }), cwd: checkout };
      },
      COLD_RUNS,
    );
  }

  let snapshot;
  const goRunners = CASES.some((c) => !['cold', 'warm'].includes(c) && !c.startsWith('nx-'));
  // Runner A fills the remote (timed once: the cost of uploading on a cold build).
  if (goRunners) {
    newCheckout(false);
    const seedEnv = progEnv({
      GOCACHE: fresh('gocache-seed'),
      NX_GOPKG_GOCACHE_DIR: fresh('tier-seed'),
      NX_GOPKG_GOCACHE_REMOTE: remote,
      NX_GOPKG_GOCACHE_STATS: '1',
    });
    const seed = await timed(CMD, checkout, seedEnv);
    if (seed.code !== 0) throw new Error(`seed failed:\n${seed.out.slice(-4000)}`);
    results.seed = {
      wall: seed.wall,
      cpu: seed.cpu,
      stats: (seed.out.match(/nx-gopkg cacheprog: .*/g) || []).join(' | '),
    };
    log(`seed: ${seed.wall.toFixed(2)} s wall, ${seed.cpu.toFixed(2)} s cpu; ${results.seed.stats}`);
    // Each fresh runner starts from the seeded remote: what one run uploads must not help the next.
    snapshot = undefined;
    if (serverKind === 'nginx') {
      snapshot = path.join(work, 'nginx-seeded');
      execFileSync('cp', ['-al', srv.store, snapshot]); // hard links: nginx replaces files by rename
      const files = fs
        .readdirSync(snapshot, { recursive: true })
        .map((f) => path.join(snapshot, f))
        .filter((f) => fs.statSync(f).isFile());
      results.remoteSize = { entries: files.length, bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0) };
    } else if (serverKind === 'test') {
      snapshot = { ac: new Map(srv.store.ac), cas: new Map(srv.store.cas) };
      results.remoteSize = {
        ac: snapshot.ac.size,
        cas: snapshot.cas.size,
        bytes: [...snapshot.cas.values()].reduce((n, b) => n + b.length, 0),
      };
    }
  }
  const restore = () => {
    if (!snapshot) return;
    if (serverKind === 'nginx') {
      fs.rmSync(srv.store, { recursive: true, force: true });
      execFileSync('cp', ['-al', snapshot, srv.store]);
    } else if (serverKind === 'test') {
      srv.store.ac = new Map(snapshot.ac);
      srv.store.cas = new Map(snapshot.cas);
    }
  };

  const freshRunner =
    (edit, at = checkout, extra = {}) =>
    async () => {
      restore();
      newCheckout(edit, at);
      // --runner-goflags (e.g. -p=8) applies to the fresh runners only, not to the cold baseline.
      const goflags = opt('--runner-goflags') ? { GOFLAGS: opt('--runner-goflags') } : {};
      const env = progEnv({
        GOCACHE: fresh('gocache-runner'),
        NX_GOPKG_GOCACHE_DIR: fresh('tier-runner'),
        NX_GOPKG_GOCACHE_REMOTE: remote,
        NX_GOPKG_GOCACHE_STATS: '1',
        ...goflags,
        ...extra,
      });
      return { env, cwd: at };
    };
  const runnerCases = {
    'pr-comment': () => freshRunner('comment'),
    'pr-body': () => freshRunner('body'),
    'pr-api': () => freshRunner('api'),
    nochange: () => freshRunner(false),
    otherpath: () => freshRunner(false, otherCheckout),
    'otherpath-comment': () => freshRunner('comment', otherCheckout),
    // The workaround for another checkout path: runner B reaches its checkout through a symlink
    // at runner A's path, with PWD naming it (go's os.Getwd then uses that path, and so do the
    // package directories in its action IDs).
    'otherpath-symlink': () => async () => {
      const r = await freshRunner('comment', otherCheckout)();
      fs.symlinkSync(otherCheckout, checkout, 'dir');
      return { env: { ...r.env, PWD: checkout }, cwd: checkout };
    },
  };
  for (const name of CASES) if (runnerCases[name]) await record(name, runnerCases[name]());

  // Where a fresh runner's time goes: one more, untimed run of each case with go -x (which does
  // not change action IDs) and the program's event log, counting compiles, links and test runs.
  results.profile = {};
  if (!args.includes('--no-profile')) {
    for (const name of CASES) {
      if (!runnerCases[name]) continue;
      const eventLog = path.join(work, `events-${name}.log`);
      fs.rmSync(eventLog, { force: true });
      const { env, cwd } = await runnerCases[name]()();
      const build = await timed('go build -x ./...', cwd, { ...env, NX_GOPKG_GOCACHE_LOG: eventLog });
      const test = await timed('go test -x ./...', cwd, { ...env, NX_GOPKG_GOCACHE_LOG: eventLog });
      if (build.code !== 0 || test.code !== 0)
        throw new Error(`${name} profile run failed:\n${(build.out + test.out).slice(-4000)}`);
      const events = fs.existsSync(eventLog) ? fs.readFileSync(eventLog, 'utf8').split('\n').filter(Boolean) : [];
      const count = (re) => events.filter((e) => re.test(e)).length;
      const p = {
        buildWall: build.wall,
        testWall: test.wall,
        compiles: { build: xCount(build.out, 'compile'), test: xCount(test.out, 'compile') },
        compiledModulePackages: [
          ...new Set([...xPackages(build.out), ...xPackages(test.out)].filter((x) => x.startsWith('example.com/'))),
        ].length,
        compiledStd: [...xPackages(build.out), ...xPackages(test.out)].filter(
          (x) => !x.startsWith('example.com/') && x !== 'main',
        ).length,
        links: xCount(test.out, 'link') + xCount(build.out, 'link'),
        tests: testCounts(test.out),
        program: {
          hitRemote: count(/^hit-remote /),
          hitLocal: count(/^hit-local /),
          miss: count(/^miss /),
          putArchive: count(/^put \S+ \d+ archive$/),
          putOther: count(/^put \S+ \d+ other$/),
        },
        stats: (build.out + test.out).match(/nx-gopkg cacheprog: \d+ gets.*/g) || [],
      };
      results.profile[name] = p;
      log(
        `${name} profile: build ${build.wall.toFixed(1)} s, test ${test.wall.toFixed(1)} s; compiles ${p.compiles.build}+${p.compiles.test} (${p.compiledModulePackages} module packages, ${p.compiledStd} std), links ${p.links}, tests run ${p.tests.run} cached ${p.tests.cached}; program ${JSON.stringify(p.program)}; ${p.stats.join(' | ')}`,
      );
    }
    // The program's start-up, paid once per go command: time to its first message.
    const starts = [];
    for (let r = 0; r < 5; r++)
      starts.push(
        await programStartMs(
          progEnv({ NX_GOPKG_GOCACHE_DIR: path.join(work, 'tier-runner'), NX_GOPKG_GOCACHE_REMOTE: remote }),
        ),
      );
    results.programStartMs = { runs: starts, median: median(starts) };
    log(`program start-up: ${starts.map((x) => x.toFixed(0)).join(', ')} ms`);
  }

  if (CASES.some((c) => c.startsWith('nx-'))) {
    await nxLeg({
      work,
      src,
      checkout,
      mid,
      remote,
      goStore: serverKind === 'nginx' ? srv.store : undefined,
      record,
      results,
      log,
      RUNS_NX: Number(opt('--nx-runs', String(RUNS))),
    });
  }

  if (CASES.includes('warm')) {
    // Warm local builds: same checkout, caches filled once before timing.
    newCheckout(false);
    const warmGo = baseEnv({ GOCACHE: fresh('gocache-warm') });
    const warmProg = progEnv({ GOCACHE: fresh('gocache-warm-prog'), NX_GOPKG_GOCACHE_DIR: fresh('tier-warm') });
    for (const env of [warmGo, warmProg]) {
      const r = await timed(CMD, checkout, env);
      if (r.code !== 0) throw new Error(r.out.slice(-4000));
    }
    // Interleave the two so load changes on a shared machine hit both alike.
    const wg = [];
    const wp = [];
    for (let r = 0; r < RUNS; r++) {
      for (const [name, env, into] of [
        ['warm-go', warmGo, wg],
        ['warm-prog', warmProg, wp],
      ]) {
        const res = await timed(CMD, checkout, env);
        if (res.code !== 0) throw new Error(res.out.slice(-4000));
        into.push({ wall: res.wall, cpu: res.cpu });
        log(`${name} run ${r + 1}: ${res.wall.toFixed(2)} s wall, ${res.cpu.toFixed(2)} s cpu`);
      }
    }
    results['warm-go'] = { runs: wg, wall: median(wg.map((x) => x.wall)), cpu: median(wg.map((x) => x.cpu)) };
    results['warm-prog'] = { runs: wp, wall: median(wp.map((x) => x.wall)), cpu: median(wp.map((x) => x.cpu)) };
  }

  const ratios = {};
  if (results.cold) {
    for (const name of [...Object.keys(runnerCases), 'nx-graph', 'nx-comment', 'nx-body', 'nx-nochange']) {
      if (results[name])
        ratios[name] = { wall: results.cold.wall / results[name].wall, cpu: results.cold.cpu / results[name].cpu };
    }
  }
  const summary = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    loadavg: os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' '),
    go: (await timed('go version', work, baseEnv({}))).out.split('\n')[0],
    node: process.version,
    server:
      serverKind === 'nginx' ? (await timed(`"${findNginx()}" -v`, work, baseEnv({}))).out.split('\n')[0] : serverKind,
    packages: pkgs.length,
    goLines: lines,
    edited: mid.importPath,
    affected,
    runs: RUNS,
    coldRuns: COLD_RUNS,
    results,
    ratios,
  };
  const out = JSON.stringify(summary, null, 2);
  console.log(out);
  if (opt('--json')) fs.writeFileSync(opt('--json'), out + '\n');
  await srv?.close();
  if (!args.includes('--keep')) {
    for (const d of fs.readdirSync(work)) {
      const p = path.join(work, d);
      // go's module cache is read-only: make it writable first.
      try {
        fs.rmSync(p, { recursive: true, force: true });
      } catch {
        /* leave it */
      }
    }
    fs.rmSync(work, { recursive: true, force: true });
  } else log(`kept ${work}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e.stack || e);
    process.exit(1);
  });
}

module.exports = { generate };
