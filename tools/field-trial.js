#!/usr/bin/env node
// nx-gopkg on a real repository, as a new user meets it: the repository copied into a fresh Nx
// workspace with the packed plugin added by its init generator (as `nx add` does), go's default
// settings (no go env file), a git commit; then
// nx show projects, nx graph, run-many go-build go-vet (beside go build ./... and go vet ./...
// on the same tree), and nx affected after a one-line edit of a leaf package.
// Repositories come from public snapshots; none is committed, and no test depends on them.
//
// Usage: node tools/field-trial.js --source DIR [--name NAME] [--skip-vet] [--keep]
// Prints one JSON line with the results (docs/benchmarks.md lists them).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildTemplate } = require('./e2e-template');

const args = process.argv.slice(2);
const get = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const source = path.resolve(get('source'));
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-field-'));
const { template } = buildTemplate(base);
const dir = path.join(base, 'ws');
fs.cpSync(source, dir, {
  recursive: true,
  filter: (src) => !/\/(node_modules|\.git|\.nx)(\/|$)/.test(src.slice(source.length)),
});
fs.symlinkSync(path.join(template, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
fs.copyFileSync(path.join(template, 'package.json'), path.join(dir, 'package.json'));
fs.copyFileSync(path.join(template, 'package-lock.json'), path.join(dir, 'package-lock.json'));
fs.writeFileSync(path.join(dir, 'nx.json'), '{}');
fs.appendFileSync(path.join(dir, '.gitignore'), '\nnode_modules\n.nx\n');

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
  FORCE_COLOR: '0',
  GIT_AUTHOR_NAME: 'trial',
  GIT_AUTHOR_EMAIL: 'trial@example.com',
  GIT_COMMITTER_NAME: 'trial',
  GIT_COMMITTER_EMAIL: 'trial@example.com',
};
const run = (cmd, argv, cwd = dir) => {
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', maxBuffer: 512 << 20 });
  const output = (r.stdout ?? '') + (r.stderr ?? '');
  return { code: r.status ?? -1, output, stdout: r.stdout ?? '', seconds: Math.round((Date.now() - t0) / 100) / 10 };
};
const nx = (a) => run(process.execPath, [path.join(dir, 'node_modules/nx/dist/bin/nx.js'), ...a]);
// Nx 24 ends a failed run with "Failed tasks:" and one "- project:target" line per task.
const failedTasks = (output) => {
  const list = output.slice(output.lastIndexOf('Failed tasks:'));
  return output.includes('Failed tasks:') ? [...list.matchAll(/^\s*-\s+(\S+):(go-[\w-]+)\s*$/gm)].map((m) => m[1]) : [];
};
// The packages `go vet ./...` reports: "# <import path>" headers where go prints them, and the
// package of each "<file>:<line>:<col>: " diagnostic (go 1.26 prints no header above them).
const vetReported = (output) => {
  const listed = run('go', ['list', '-e', '-f', '{{.Dir}}\t{{.ImportPath}}', './...']).stdout.split('\n');
  const byDir = new Map(listed.filter(Boolean).map((l) => /** @type {[string, string]} */ (l.split('\t'))));
  const fromHeaders = [...output.matchAll(/^# (\S+)/gm)].map((m) => m[1]);
  const fromFiles = [...output.matchAll(/^(?:vet: )?(\S+?\.go):\d+(?::\d+)?: /gm)].map((m) =>
    byDir.get(path.dirname(path.resolve(dir, m[1]))),
  );
  return [...new Set([...fromHeaders, ...fromFiles].filter(Boolean))];
};
const sorted = (list) => [...new Set(list)].sort();
const warnings = (output) =>
  output.split('\n').filter((l) => l.startsWith('nx-gopkg: ') && !l.includes('nothing to do'));

// As a new user adds the plugin (`nx add nx-gopkg` runs this generator after installing it).
const init = nx(['g', 'nx-gopkg:init']);
if (init.code !== 0) throw new Error(`nx g nx-gopkg:init failed:\n${init.output}`);
run('git', ['init', '-q', '-b', 'main']);
run('git', ['add', '-A']);
run('git', ['commit', '-q', '-m', 'trial']);
const result = { name: get('name', path.basename(source)) };

const shown = nx(['show', 'projects', '--json']);
const projects = shown.code === 0 ? JSON.parse(shown.stdout.slice(shown.stdout.indexOf('['))) : [];
result.projects = projects.length;
result.showSeconds = shown.seconds;
result.warnings = warnings(shown.output);
const graph = nx(['graph', `--file=${path.join(base, 'graph.json')}`]);
result.graph = graph.code === 0 ? 'ok' : graph.output.slice(-2000);

const goBuild = run('go', ['build', './...']);
result.goBuild = { code: goBuild.code, seconds: goBuild.seconds };
const build = nx(['run-many', '-t', 'go-build', '--output-style=static']);
result.runManyBuild = {
  code: build.code,
  seconds: build.seconds,
  failed: sorted(failedTasks(build.output)).slice(0, 30),
};
if (build.code !== 0) fs.writeFileSync(path.join(os.tmpdir(), `field-${result.name}-go-build.log`), build.output);
result.nothingToDo = (build.output.match(/nothing to do, build constraints exclude/g) ?? []).length;
if (!args.includes('--skip-vet')) {
  // go vet ./... exits 1 on some repositories of its own; the check is that the go-vet tasks
  // that fail are exactly the packages go vet reports.
  const goVet = run('go', ['vet', './...']);
  const vet = nx(['run-many', '-t', 'go-vet', '--output-style=static']);
  const failed = sorted(failedTasks(vet.output));
  const reported = sorted(vetReported(goVet.output));
  result.goVet = { code: goVet.code, seconds: goVet.seconds, reported: reported.length };
  result.runManyVet = {
    code: vet.code,
    seconds: vet.seconds,
    failed: failed.length,
    sameAsGoVet: JSON.stringify(failed) === JSON.stringify(reported),
  };
  if (!result.runManyVet.sameAsGoVet)
    result.runManyVet.diff = {
      onlyNx: failed.filter((f) => !reported.includes(f)),
      onlyGo: reported.filter((f) => !failed.includes(f)),
    };
  if (vet.code !== 0) fs.writeFileSync(path.join(os.tmpdir(), `field-${result.name}-go-vet.log`), vet.output);
}

// A one-line edit of the first package in sorted order that nothing else imports is not chosen
// by hand: the edit goes to the package of the first non-test .go file under the module root.
const ls = run('git', ['ls-files', '*.go']);
const leaf = ls.stdout
  .split('\n')
  .find((f) => f && !f.endsWith('_test.go') && !f.includes('/testdata/') && !f.startsWith('vendor/'));
const baseRev = run('git', ['rev-parse', 'HEAD']).stdout.trim();
fs.appendFileSync(path.join(dir, leaf), '\n// edited by the field trial\n');
run('git', ['commit', '-qam', 'edit']);
const aff = nx(['affected', '-t', 'go-build', `--base=${baseRev}`, `--graph=${path.join(base, 'affected.json')}`]);
result.affected = {
  edited: leaf,
  tasks:
    aff.code === 0
      ? Object.keys(JSON.parse(fs.readFileSync(path.join(base, 'affected.json'), 'utf8')).tasks.tasks).length
      : `failed: ${aff.output.slice(-500)}`,
};
const affRun = nx(['affected', '-t', 'go-build', `--base=${baseRev}`, '--output-style=static']);
result.affected.code = affRun.code;
result.affected.seconds = affRun.seconds;

process.stdout.write(JSON.stringify(result) + '\n');
if (!args.includes('--keep')) fs.rmSync(base, { recursive: true, force: true });
