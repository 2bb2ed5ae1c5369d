#!/usr/bin/env node
// Differential soundness check with go itself as the oracle of exactness. Random edits, one at
// a time, to a Go workspace in a temporary Nx workspace with nx-gopkg. After each edit, every go-build
// task of `nx run-many -t go-build` is checked against go's own cache key: the package's
// `go list -export -trimpath` BuildID (or error), and for a main package its dependencies' too
// (the binary links them). A task served from Nx's cache is stale when no earlier run of that
// task saw those BuildIDs: Nx restores the output of the run with the same hash, which may be any
// earlier one. Tasks that ran although their BuildIDs did not change since the previous check
// count as imprecision. An edit that breaks a package is undone, and the undo is checked as an
// edit of its own.
//
// Usage: node tools/soundness-diff.js (--synthetic N | --source DIR) [--edits 200] [--seed 1]
//        [--write docs/benchmarks-soundness.md] [--keep]
// Module: require('./tools/soundness-diff').runSoundness({ dir, nx, go, edits, seed, log })
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { prng } = require('./seeded-random');

const STD_IMPORTS = ['errors', 'sort', 'unicode', 'hash/crc32', 'container/list', 'encoding/hex'];
const BUILD_LINES = ['ignore', '!windows', 'windows', 'cgo', '!cgo', 'go1.20', 'linux && !linux'];
const SKIP_DIRS = new Set(['node_modules', '.git', '.nx', '.e2e', 'dist', 'vendor']);

/** Files of the tree by kind (relative paths with '/'). */
function inventory(dir) {
  const out = { goFiles: [], testFiles: [], goMods: [], goSums: [], embedDirs: [], pkgDirs: [] };
  /** @type {Set<string>} */
  const pkgDirs = new Set();
  const walk = (rel) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || e.name.startsWith('.') || e.name.startsWith('_')) continue;
        if (e.name === 'testdata') continue;
        walk(r);
      } else if (e.isFile()) {
        if (e.name === 'go.mod') out.goMods.push(r);
        else if (e.name === 'go.sum') out.goSums.push(r);
        else if (e.name.endsWith('_test.go')) out.testFiles.push(r);
        else if (e.name.endsWith('.go')) {
          out.goFiles.push(r);
          pkgDirs.add(rel);
          const text = fs.readFileSync(path.join(dir, r), 'utf8');
          for (const m of text.matchAll(/^\/\/go:embed\s+(\S+)/gm)) {
            const base = m[1].replace(/^all:/, '').split('/')[0];
            if (
              !/[*?[]/.test(base) &&
              fs.existsSync(path.join(dir, rel, base)) &&
              fs.statSync(path.join(dir, rel, base)).isDirectory()
            ) {
              out.embedDirs.push(rel ? `${rel}/${base}` : base);
            }
          }
        }
      }
    }
  };
  walk('');
  out.pkgDirs = [...pkgDirs];
  return out;
}

const packageClause = (text) => /^package\s+(\w+)/m.exec(text);

/** The edits, each returning { kind, file, undo } or undefined when it does not apply. */
function editors(dir, rand, counter) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const read = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const restore = (rel, before) => () =>
    before === undefined ? fs.rmSync(path.join(dir, rel), { force: true }) : write(rel, before);
  const change = (kind, rel, next) => {
    const before = fs.existsSync(path.join(dir, rel)) ? read(rel) : undefined;
    const text = next(before);
    if (text === undefined || text === before) return undefined;
    write(rel, text);
    return { kind, file: rel, undo: restore(rel, before) };
  };
  const inv = () => inventory(dir);
  const n = () => ++counter.n;
  return {
    body: () => {
      const f = pick(inv().goFiles);
      return f && change('body', f, (t) => `${t}\nfunc gopkgEdit${n()}() int { return ${counter.n} }\n`);
    },
    comment: () => {
      const f = pick(inv().goFiles);
      return f && change('comment', f, (t) => `${t}\n// nx-gopkg edit ${n()}\n`);
    },
    'test body': () => {
      const f = pick(inv().testFiles);
      return f && change('test body', f, (t) => `${t}\nfunc gopkgTestEdit${n()}() int { return ${counter.n} }\n`);
    },
    import: () => {
      const f = pick(inv().goFiles);
      const std = pick(STD_IMPORTS);
      return (
        f &&
        change('import', f, (t) => {
          const m = packageClause(t);
          if (!m || t.includes(`"${std}"`)) return undefined;
          const at = m.index + m[0].length;
          return `${t.slice(0, at)}\n\nimport _ "${std}"\n${t.slice(at)}`;
        })
      );
    },
    'build line': () => {
      const f = pick([...inv().goFiles, ...inv().testFiles]);
      const line = pick(BUILD_LINES);
      return (
        f &&
        change('build line', f, (t) =>
          /^\/\/go:build/m.test(t)
            ? t.replace(/^\/\/go:build .*$/m, `//go:build ${line}`)
            : `//go:build ${line}\n\n${t}`,
        )
      );
    },
    embed: () => {
      const d = pick(inv().embedDirs);
      if (!d) return undefined;
      const files = fs.readdirSync(path.join(dir, d)).filter((x) => !x.startsWith('.') && !x.startsWith('_'));
      const target = rand() < 0.5 && files.length ? `${d}/${pick(files)}` : `${d}/nx-gopkg-${n()}.txt`;
      return change('embed', target, (t) => `${t ?? ''}edit ${n()}\n`);
    },
    testdata: () => {
      const d = pick(inv().pkgDirs);
      return d !== undefined
        ? change('testdata', `${d ? `${d}/` : ''}testdata/nx-gopkg.txt`, (t) => `${t ?? ''}edit ${n()}\n`)
        : undefined;
    },
    'go.mod': () => {
      const f = pick(inv().goMods);
      if (!f) return undefined;
      return change('go.mod', f, (t) => {
        if (rand() < 0.5) return `${t}\n// nx-gopkg edit ${n()}\n`;
        const m = /^go (1\.\d+)(\.\d+)?$/m.exec(t);
        if (!m) return undefined;
        const minor = Number(m[1].split('.')[1]);
        return t.replace(m[0], `go 1.${minor >= 23 ? minor - 1 : minor + 1}`);
      });
    },
    'go.sum': () => {
      const f = pick(inv().goSums) ?? pick(inv().goMods)?.replace(/go\.mod$/, 'go.sum');
      return (
        f &&
        change(
          'go.sum',
          f,
          (t) =>
            `${t ?? ''}example.org/nx-gopkg${n()} v1.0.0/go.mod h1:${Buffer.from(String(counter.n).padStart(32, '0')).toString('base64').slice(0, 43)}=\n`,
        )
      );
    },
    'new file': () => {
      const d = pick(inv().pkgDirs);
      if (d === undefined) return undefined;
      const sibling = inv().goFiles.find((f) => path.posix.dirname(f) === (d || '.'));
      const m = sibling && packageClause(read(sibling));
      if (!m) return undefined;
      return change(
        'new file',
        `${d ? `${d}/` : ''}gopkg_new${n()}.go`,
        () => `package ${m[1]}\n\nvar gopkgNew${counter.n} = ${counter.n}\n`,
      );
    },
    'deleted file': () => {
      const all = [...inv().goFiles, ...inv().testFiles];
      const f = pick(all.filter((x) => /gopkg_new\d+\.go$/.test(x)).concat(pick(all) ?? []));
      if (!f) return undefined;
      const before = read(f);
      fs.rmSync(path.join(dir, f));
      return { kind: 'deleted file', file: f, undo: restore(f, before) };
    },
  };
}

/** BuildID (or error) per package of every main module, and the workspace deps of each. */
function goState(go, dir) {
  const mods = go(['list', '-m', '-f', '{{.Path}}'], dir);
  const patterns =
    mods.code === 0
      ? mods.stdout
          .split('\n')
          .filter(Boolean)
          .map((m) => `${m}/...`)
      : ['./...'];
  const r = go(
    [
      'list',
      '-e',
      '-export',
      '-trimpath',
      '-f',
      '{{.ImportPath}}\t{{.BuildID}}\t{{if .Error}}{{printf "%q" .Error.Err}}{{end}}\t{{join .Deps " "}}\t{{.Name}}',
      ...patterns,
    ],
    dir,
  );
  const ids = new Map();
  const deps = new Map();
  const mains = new Set();
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    // One line per package: the error is quoted, so a message of several lines stays on it.
    const fields = line.split('\t');
    if (fields.length !== 5) throw new Error(`soundness: unexpected go list line: ${line}`);
    const [pkg, id, err, d, name] = fields;
    ids.set(pkg, err ? `error: ${err.replace(/\s+/g, ' ')}` : id);
    deps.set(pkg, d ? d.split(' ') : []);
    if (name === 'main') mains.add(pkg);
  }
  if (ids.size === 0) ids.set('<go list>', `error: ${(r.stdout + r.stderr).replace(/\s+/g, ' ').slice(0, 300)}`);
  return { ids, deps, mains };
}

/** What go's view of a go-build task consists of: the package's BuildID, and for a main package its dependencies' too (the binary links them). */
function buildKey(st, pkg) {
  const own = st.ids.get(pkg) ?? '<absent>';
  if (!st.mains.has(pkg)) return own;
  return [own, ...(st.deps.get(pkg) ?? []).map((d) => `${d}=${st.ids.get(d) ?? ''}`)].join('\n');
}

function changedPackages(before, after) {
  const changed = new Set();
  for (const [pkg, id] of after.ids) if (before.ids.get(pkg) !== id) changed.add(pkg);
  for (const pkg of after.mains)
    if ((after.deps.get(pkg) ?? []).some((d) => before.ids.get(d) !== after.ids.get(d))) changed.add(pkg);
  return changed;
}

const errorsOf = (state) => [...state.ids.values()].filter((v) => v.startsWith('error:')).length;

/** Per go-build task (project = import path), hit or miss. */
function buildOutcomes(nx) {
  const r = nx(['run-many', '-t', 'go-build', '--output-style=static', '--parallel=2']);
  const outcomes = new Map();
  for (const line of r.output.split('\n')) {
    const m = /^\s*>\s+nx run (\S+?):go-build(?:\s+(.*))?$/.exec(line);
    if (!m) continue;
    outcomes.set(
      m[1],
      /\[(local cache|remote cache|existing outputs match the cache, left as is)\]/.test(m[2] ?? '') ? 'hit' : 'miss',
    );
  }
  return { outcomes, output: r.output };
}

/**
 * A checker over the workspace at `dir`: fills Nx's cache, then `check(edit)` compares go's view
 * of the edit just made with Nx's. `nx(args)` and `go(args, cwd)` run the tools with the
 * workspace's environment and return { code, stdout, stderr, output }.
 * @param {{ dir: string, nx: Function, go: Function, log?: (line: string) => void }} opts
 */
function makeChecker({ dir, nx, go, log = () => {} }) {
  const report = {
    edits: 0,
    checks: 0,
    stale: [],
    changed: 0,
    restored: 0,
    unchangedMissed: 0,
    unchanged: 0,
    byKind: {},
  };
  let state = goState(go, dir);
  // What go-build tasks were computed from: Nx restores a task's output from the run with the
  // same hash, which may be any earlier one (an undo returns to a state already built), so a hit
  // is stale only when no run of that task saw the package as go sees it now.
  const built = new Map();
  const remember = (outcomes, st) => {
    for (const [pkg, outcome] of outcomes) {
      if (outcome !== 'miss') continue;
      const set = built.get(pkg) ?? built.set(pkg, new Set()).get(pkg);
      set.add(buildKey(st, pkg));
    }
  };
  remember(buildOutcomes(nx).outcomes, state);
  /** Returns whether the edit broke a package that compiled before. */
  const check = (edit) => {
    const next = goState(go, dir);
    const changed = changedPackages(state, next);
    const { outcomes } = buildOutcomes(nx);
    const k = (report.byKind[edit.kind] ??= { checks: 0, changed: 0, unchangedMissed: 0, unchanged: 0 });
    report.checks++;
    k.checks++;
    for (const [pkg, outcome] of outcomes) {
      if (outcome === 'hit' && !built.get(pkg)?.has(buildKey(next, pkg))) {
        report.stale.push({
          edit: edit.kind,
          file: edit.file,
          pkg,
          before: state.ids.get(pkg),
          after: next.ids.get(pkg),
        });
      }
      if (changed.has(pkg)) {
        report.changed++;
        k.changed++;
        if (outcome === 'hit') report.restored++;
      } else {
        report.unchanged++;
        k.unchanged++;
        if (outcome === 'miss') {
          report.unchangedMissed++;
          k.unchangedMissed++;
        }
      }
    }
    remember(outcomes, next);
    log(
      `${edit.kind} ${edit.file}: ${changed.size} changed, ${[...outcomes.values()].filter((o) => o === 'miss').length} missed, ${report.stale.length} stale so far`,
    );
    const broke = errorsOf(next) > errorsOf(state);
    state = next;
    return broke;
  };
  return { report, check };
}

/** Runs `edits` random edits, one at a time, each checked (and undone, then checked, if it broke a package). */
function runSoundness({ dir, nx, go, edits = 200, seed = 1, log = () => {} }) {
  const rand = prng(seed);
  const ed = editors(dir, rand, { n: 0 });
  const kinds = Object.keys(ed);
  const { report, check } = makeChecker({ dir, nx, go, log });
  while (report.edits < edits) {
    const edit = ed[kinds[Math.floor(rand() * kinds.length)]]();
    if (!edit) continue;
    report.edits++;
    if (check(edit)) {
      edit.undo();
      check({ kind: `undo ${edit.kind}`, file: edit.file });
    }
  }
  return report;
}

function formatReport(report, what) {
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
  const lines = [
    `# Soundness against go's own cache key`,
    '',
    `Generated by \`node tools/soundness-diff.js ${what.args}\` on ${what.date} (${what.source}).`,
    '',
    `After each random edit, every go-build task is checked against go's own cache key: its package's`,
    `\`go list -export -trimpath\` BuildID (for a main package, with its dependencies' BuildIDs, which the`,
    `binary links). A task served from Nx's cache is **stale** when no earlier run of that task saw those`,
    `BuildIDs (Nx may restore the output of any earlier run with the same hash: an undo returns to a`,
    `state already built). Imprecision: tasks that ran although their BuildIDs did not change since the`,
    `previous check.`,
    '',
    `| | |`,
    `|---|---|`,
    `| edits | ${report.edits} (${report.checks} checks with undos of edits that broke a package) |`,
    `| **stale tasks** (BuildID changed, go-build served from the cache) | **${report.stale.length}** |`,
    `| go-build tasks whose BuildIDs changed since the previous check | ${report.changed} (${report.restored} of them restored from an earlier run with those BuildIDs) |`,
    `| go-build tasks whose package did not change | ${report.unchanged} |`,
    `| of those, missed anyway (imprecision) | ${report.unchangedMissed} (${pct(report.unchangedMissed, report.unchanged)}) |`,
    '',
    '| edit | checks | changed | unchanged | unchanged but missed |',
    '|---|---|---|---|---|',
    ...Object.entries(report.byKind)
      .sort()
      .map(
        ([k, v]) =>
          `| ${k} | ${v.checks} | ${v.changed} | ${v.unchanged} | ${v.unchangedMissed} (${pct(v.unchangedMissed, v.unchanged)}) |`,
      ),
    '',
  ];
  if (report.stale.length)
    lines.push(
      'Stale:',
      '',
      ...report.stale.map((s) => `- ${s.edit} ${s.file}: ${s.pkg} (${s.before} → ${s.after})`),
      '',
    );
  return lines.join('\n');
}

module.exports = { runSoundness, makeChecker, formatReport };

if (require.main === module) {
  const args = process.argv.slice(2);
  const get = (name, def) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : def;
  };
  const { buildTemplate } = require('./e2e-template');
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-soundness-'));
  const { template } = buildTemplate(base);
  const dir = path.join(base, 'ws');
  let source;
  if (get('source')) {
    source = path.resolve(get('source'));
    fs.cpSync(source, dir, {
      recursive: true,
      filter: (src) => !/\/(node_modules|\.git|\.nx)(\/|$)/.test(src.slice(source.length)),
    });
  } else {
    const n = Number(get('synthetic', 40));
    require('./gen-synthetic').generate({ packages: n, modules: 2, seed: 1, dir });
    source = `synthetic, ${n} packages`;
  }
  fs.symlinkSync(path.join(template, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.copyFileSync(path.join(template, 'package.json'), path.join(dir, 'package.json'));
  fs.copyFileSync(path.join(template, 'package-lock.json'), path.join(dir, 'package-lock.json'));
  // nx.json as `nx add nx-gopkg` writes it: the plugin and its shared named inputs (docs/inputs.md).
  /** @type {typeof import('../packages/nx-gopkg/src/nx/inputs')} */
  const { sharedNamedInputs } = require(path.join(__dirname, '../dist/packages/nx-gopkg/src/nx/inputs'));
  fs.writeFileSync(
    path.join(dir, 'nx.json'),
    JSON.stringify({ plugins: ['nx-gopkg'], namedInputs: sharedNamedInputs() }),
  );
  const env = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_CACHE_DIRECTORY: path.join(base, 'nx-cache'),
    NX_WORKSPACE_DATA_DIRECTORY: path.join(base, 'nx-data'),
    GOFLAGS: '',
    GOENV: 'off',
    GOTOOLCHAIN: 'local',
    // A synthetic tree needs no module; a real repository's come from the configured proxy.
    GOPROXY: get('source') ? process.env.GOPROXY : 'off',
    FORCE_COLOR: '0',
  };
  const run = (cmd, argv, cwd = dir) => {
    const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 });
    return {
      code: r.status ?? -1,
      stdout: r.stdout ?? '',
      stderr: r.stderr ?? '',
      output: (r.stdout ?? '') + (r.stderr ?? ''),
    };
  };
  const started = Date.now();
  const report = runSoundness({
    dir,
    nx: (a) => run(process.execPath, [path.join(dir, 'node_modules/nx/dist/bin/nx.js'), ...a]),
    go: (a, cwd) => run('go', a, cwd),
    edits: Number(get('edits', 200)),
    seed: Number(get('seed', 1)),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const text = formatReport(report, {
    args: args.filter((a, i) => args[i - 1] !== '--write' && a !== '--write' && a !== '--keep').join(' '),
    date: new Date().toISOString().slice(0, 10),
    source: `${get('source') ? path.basename(source) : source}, ${Math.round((Date.now() - started) / 1000)} s, go ${run('go', ['env', 'GOVERSION']).stdout.trim()}`,
  });
  process.stdout.write(text);
  if (get('write')) fs.writeFileSync(get('write'), text);
  if (!args.includes('--keep')) fs.rmSync(base, { recursive: true, force: true });
  process.exit(report.stale.length ? 1 : 0);
}
