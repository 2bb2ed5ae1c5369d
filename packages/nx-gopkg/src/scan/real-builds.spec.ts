// Package names in the any-platform mode, against go list in real builds: a name conflict is
// reported exactly when some real build (here: the ports below, cgo on and off) reports one.
import * as path from 'node:path';
import { describeWithGo, runGo } from '../test-support/go-oracle';
import { tempDir, writeTree } from '../test-support/temp-dir';
import { scanPackageDir } from './package';

const SAMPLE_BUILDS = ['linux/amd64', 'windows/amd64', 'darwin/arm64', 'js/wasm', 'plan9/386'];

const dirs: Record<string, Record<string, string>> = {
  // A tools file beside the module's own package (x/tools idiom).
  tools: {
    'mod.go': 'package mod\n',
    'tools.go': '//go:build tools\n\npackage tools\n\nimport _ "example.com/n/lib"\n',
  },
  // A generator that sorts first, behind a tag nobody sets.
  gen: { 'a_gen.go': '//go:build none\n\npackage main\n\nfunc main() {}\n', 'lib.go': 'package gen\n' },
  ignoregen: { 'a_gen.go': '//go:build ignore\n\npackage main\n\nfunc main() {}\n', 'lib.go': 'package ignoregen\n' },
  // cmd/dist's guard: only an old toolchain compiles it.
  guard: {
    'build.go': 'package main\n\nfunc main() {}\n',
    'notgo124.go': '//go:build !go1.24\n\npackage requires_go_1_24\n',
  },
  // Platform halves with different names never meet.
  halves: { 'a_linux.go': 'package one\n', 'b_windows.go': 'package two\n' },
  // Both compiled on linux: a real conflict.
  clash: { 'a.go': 'package one\n', 'b.go': '//go:build linux\n\npackage two\n' },
  // A cgo file with another name: a real conflict where cgo is on.
  cgoclash: { 'a.go': 'package one\n', 'b.go': 'package two\n\nimport "C"\n' },
  // Configured-tag files are compiled: with the tag set, a real conflict (see the tags test).
  tagged: { 'a.go': 'package one\n', 'b.go': '//go:build integration\n\npackage two\n' },
};

describeWithGo('package names in the any-platform mode', () => {
  let root: string;
  beforeAll(() => {
    root = tempDir('realbuilds');
    const files: Record<string, string> = {
      'go.mod': 'module example.com/n\n\ngo 1.24\n',
      'lib/lib.go': 'package lib\n',
    };
    for (const [dir, tree] of Object.entries(dirs)) for (const [f, c] of Object.entries(tree)) files[`${dir}/${f}`] = c;
    writeTree(root, files);
  });

  const goReportsConflict = (dir: string, tags: string[] = []) =>
    SAMPLE_BUILDS.flatMap((b) => ['0', '1'].map((cgo) => [b, cgo])).some(([b, cgo]) => {
      const [goos, goarch] = b.split('/');
      const r = runGo(
        [
          'list',
          '-e',
          ...(tags.length ? ['-tags', tags.join(',')] : []),
          '-f',
          '{{with .Error}}{{.Err}}{{end}}',
          `./${dir}`,
        ],
        root,
        {
          GOOS: goos,
          GOARCH: goarch,
          CGO_ENABLED: cgo,
        },
      );
      return /found packages/.test(r.stdout + r.stderr);
    });

  it.each(Object.keys(dirs))('%s: a conflict exactly when a real build has one', (dir) => {
    const facts = scanPackageDir(path.join(root, dir), { kind: 'anyPlatform', tags: [] })!;
    const reported = facts.problems.some((p) => p.kind === 'package-name');
    expect(reported).toBe(goReportsConflict(dir));
  });

  it('with the tag configured, the tagged file conflicts, as go list -tags says', () => {
    const facts = scanPackageDir(path.join(root, 'tagged'), { kind: 'anyPlatform', tags: ['integration'] })!;
    expect(goReportsConflict('tagged', ['integration'])).toBe(true);
    expect(facts.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('found packages one (a.go) and two (b.go)'),
    ]);
  });

  it('the package is named by a file real builds compile, and tag-only files stay inputs', () => {
    const gen = scanPackageDir(path.join(root, 'gen'), { kind: 'anyPlatform', tags: [] })!;
    const goName = runGo(['list', '-f', '{{.Name}}', './gen'], root).stdout.trim();
    expect(gen.name).toBe(goName);
    expect(gen.goFiles).toEqual(['a_gen.go', 'lib.go']);
    const tools = scanPackageDir(path.join(root, 'tools'), { kind: 'anyPlatform', tags: [] })!;
    expect(tools.name).toBe('mod');
    expect(tools.imports).toEqual(['example.com/n/lib']);
  });

  it('release tags are fixed by the toolchain: an old-toolchain guard is no file of the package', () => {
    const guard = scanPackageDir(path.join(root, 'guard'), { kind: 'anyPlatform', tags: [], goVersion: '1.26' })!;
    expect(guard.goFiles).toEqual(['build.go']);
    expect(guard.ignoredGoFiles).toEqual(['notgo124.go']);
    const old = scanPackageDir(path.join(root, 'guard'), { kind: 'anyPlatform', tags: [], goVersion: '1.23' })!;
    expect(old.goFiles).toEqual(['build.go', 'notgo124.go']);
    expect(old.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('found packages main (build.go) and requires_go_1_24'),
    ]);
  });
});
