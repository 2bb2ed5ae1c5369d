import { logger, type Tree } from '@nx/devkit';
import { changedFiles, emptyWorkspace, gofmtDirty } from '../../test-support/generator-tree';
import commandGenerator from '../command/command';
import moduleGenerator from '../module/module';
import packageGenerator from '../package/package';
import { PLUGIN_NAME, type GoChecker } from '../init/init';
import { compareGoVersions } from './go-work';
import { defaultPackageName, packageClause, packageNameProblem } from './go-source';
import { normalizeDirectory } from './workspace-dirs';

const GO_MOD = 'module example.com/app\n\ngo 1.24\n';
const noGo: GoChecker = () => ({ found: false, reason: 'no go in this test' });
const go126: GoChecker = () => ({ found: true, version: 'go1.26.8' });

let info: jest.SpyInstance;
let warn: jest.SpyInstance;
beforeEach(() => {
  info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  info.mockRestore();
  warn.mockRestore();
});

/** Runs a generator twice; the second run must change nothing. */
async function twice(tree: Tree, run: () => Promise<void>): Promise<Record<string, string>> {
  await run();
  const first = changedFiles(tree);
  await run();
  expect(changedFiles(tree)).toEqual(first);
  return first;
}

describe('nx-gopkg:package', () => {
  it('writes a gofmt-clean library and test in the module that owns the directory, once', async () => {
    const tree = emptyWorkspace({ 'go.mod': GO_MOD });
    const files = await twice(tree, () => packageGenerator(tree, { directory: 'libs/string-utils', skipFormat: true }));
    const go = Object.keys(files)
      .filter((f) => f.endsWith('.go'))
      .sort();
    expect(go).toEqual(['libs/string-utils/stringutils.go', 'libs/string-utils/stringutils_test.go']);
    expect(packageClause(files[go[0]])).toBe('stringutils');
    expect(packageClause(files[go[1]])).toBe('stringutils');
    expect(gofmtDirty(files)).toEqual([]);
    expect(info.mock.calls.flat().join('\n')).toContain('example.com/app/libs/string-utils');
  });

  it('warns when nx.json does not register the plugin, and not when it does', async () => {
    const tree = emptyWorkspace({ 'go.mod': GO_MOD });
    await packageGenerator(tree, { directory: 'a', skipFormat: true });
    expect(warn.mock.calls.flat().join('\n')).toMatch(/not in nx.json "plugins".*:init/);
    warn.mockClear();
    tree.write('nx.json', JSON.stringify({ plugins: [{ plugin: PLUGIN_NAME, options: {} }] }));
    await packageGenerator(tree, { directory: 'b', skipFormat: true });
    expect(warn).not.toHaveBeenCalled();
  });

  it('takes the nearest go.mod, so a nested module owns its subdirectories', async () => {
    const tree = emptyWorkspace({ 'go.mod': GO_MOD, 'tools/go.mod': 'module example.com/tools\n\ngo 1.24\n' });
    await packageGenerator(tree, { directory: 'tools/lint', skipFormat: true });
    expect(info.mock.calls.flat().join('\n')).toContain('Go package example.com/tools/lint');
  });

  it('accepts --name and refuses names go cannot take', async () => {
    const tree = emptyWorkspace({ 'go.mod': GO_MOD });
    await packageGenerator(tree, { directory: 'a/b', name: 'strutil', skipFormat: true });
    expect(tree.exists('a/b/strutil.go')).toBe(true);
    await expect(packageGenerator(tree, { directory: 'c', name: 'func', skipFormat: true })).rejects.toThrow(
      /Go keyword/,
    );
    await expect(packageGenerator(tree, { directory: '9lives', skipFormat: true })).rejects.toThrow(/--name/);
  });

  it('refuses a directory without a module, hidden from go, or holding another package', async () => {
    await expect(packageGenerator(emptyWorkspace(), { directory: 'lib', skipFormat: true })).rejects.toThrow(
      /no go.mod at or above lib.*:module/,
    );
    const tree = emptyWorkspace({ 'go.mod': GO_MOD, 'lib/x.go': '// Package other.\npackage other\n' });
    await expect(packageGenerator(tree, { directory: 'a/testdata/x', skipFormat: true })).rejects.toThrow(/testdata/);
    await expect(packageGenerator(tree, { directory: '_tmp/x', skipFormat: true })).rejects.toThrow(/starts with "_"/);
    await expect(packageGenerator(tree, { directory: 'node_modules/x', skipFormat: true })).rejects.toThrow(/skipDirs/);
    await expect(packageGenerator(tree, { directory: 'vendor/x', skipFormat: true })).rejects.toThrow(/vendor/);
    await expect(packageGenerator(tree, { directory: 'lib', skipFormat: true })).rejects.toThrow(
      /already holds package other/,
    );
  });

  it('leaves a file the user has changed since alone', async () => {
    const tree = emptyWorkspace({ 'go.mod': GO_MOD });
    await packageGenerator(tree, { directory: 'greet', skipFormat: true });
    tree.write('greet/greet.go', 'package greet\n\nfunc Mine() {}\n');
    await packageGenerator(tree, { directory: 'greet', skipFormat: true });
    expect(tree.read('greet/greet.go', 'utf-8')).toBe('package greet\n\nfunc Mine() {}\n');
  });
});

describe('nx-gopkg:command', () => {
  it('writes a gofmt-clean package main and test, once', async () => {
    const tree = emptyWorkspace({ 'go.mod': GO_MOD });
    const files = await twice(tree, () => commandGenerator(tree, { directory: 'cmd/hello', skipFormat: true }));
    expect(
      Object.keys(files)
        .filter((f) => f.endsWith('.go'))
        .sort(),
    ).toEqual(['cmd/hello/main.go', 'cmd/hello/main_test.go']);
    expect(packageClause(files['cmd/hello/main.go'])).toBe('main');
    expect(files['cmd/hello/main.go']).toContain('// Command hello ');
    expect(gofmtDirty(files)).toEqual([]);
  });
});

describe('nx-gopkg:module', () => {
  it('writes go.mod with a root package and creates go.work when it is the second module', async () => {
    const tree = emptyWorkspace({ 'go.mod': GO_MOD });
    const files = await twice(tree, () =>
      moduleGenerator(tree, { directory: 'libs/textkit', module: 'example.com/textkit', skipFormat: true }, noGo),
    );
    expect(files['libs/textkit/go.mod']).toBe('module example.com/textkit\n\ngo 1.24\n');
    expect(files['go.work']).toBe('go 1.24\n\nuse (\n\t.\n\t./libs/textkit\n)\n');
    expect(packageClause(files['libs/textkit/textkit.go'])).toBe('textkit');
    expect(gofmtDirty(files)).toEqual([]);
  });

  it('adds a use line to an existing go.work, in its use block, and raises its go line when needed', async () => {
    const tree = emptyWorkspace({
      'go.work': 'go 1.24\n\nuse (\n\t./a\n\t./b\n)\n',
      'a/go.mod': 'module example.com/a\n\ngo 1.24\n',
      'b/go.mod': 'module example.com/b\n\ngo 1.24\n',
    });
    await twice(tree, () => moduleGenerator(tree, { directory: 'c', module: 'example.com/c', skipFormat: true }, noGo));
    expect(tree.read('go.work', 'utf-8')).toBe('go 1.24\n\nuse (\n\t./a\n\t./b\n\t./c\n)\n');
    expect(tree.read('c/go.mod', 'utf-8')).toBe('module example.com/c\n\ngo 1.24\n');
    await moduleGenerator(
      tree,
      { directory: 'd', module: 'example.com/d', goVersion: '1.25.1', skipPackage: true, skipFormat: true },
      noGo,
    );
    expect(tree.read('go.work', 'utf-8')).toBe('go 1.25.1\n\nuse (\n\t./a\n\t./b\n\t./c\n\t./d\n)\n');
    expect(tree.exists('d/d.go')).toBe(false);
  });

  it('appends to a go.work of single use lines', async () => {
    const tree = emptyWorkspace({ 'go.work': 'go 1.24\n\nuse ./a\n', 'a/go.mod': 'module example.com/a\n\ngo 1.24\n' });
    await moduleGenerator(tree, { directory: 'b', module: 'example.com/b', skipFormat: true }, noGo);
    expect(tree.read('go.work', 'utf-8')).toBe('go 1.24\n\nuse ./a\n\nuse ./b\n');
  });

  it('makes the first module without go.work, with the toolchain version, and names the package from the path', async () => {
    const tree = emptyWorkspace();
    await moduleGenerator(tree, { directory: '.', module: 'example.com/tool/v2', skipFormat: true }, go126);
    expect(tree.read('go.mod', 'utf-8')).toBe('module example.com/tool/v2\n\ngo 1.26.8\n');
    expect(tree.exists('go.work')).toBe(false);
    expect(packageClause(tree.read('tool.go', 'utf-8')!)).toBe('tool');
    await expect(
      moduleGenerator(emptyWorkspace(), { directory: 'x', module: 'example.com/x', skipFormat: true }, noGo),
    ).rejects.toThrow(/--goVersion/);
  });

  it('creates no go.work for a third module when the user keeps modules apart', async () => {
    const tree = emptyWorkspace({
      'a/go.mod': 'module example.com/a\n\ngo 1.24\n',
      'b/go.mod': 'module example.com/b\n\ngo 1.24\n',
    });
    await moduleGenerator(tree, { directory: 'c', module: 'example.com/c', skipFormat: true }, noGo);
    expect(tree.exists('go.work')).toBe(false);
    expect(tree.exists('c/go.mod')).toBe(true);
  });

  it('refuses a bad module path and a directory that holds another module', async () => {
    const tree = emptyWorkspace({ 'go.mod': GO_MOD });
    await expect(
      moduleGenerator(tree, { directory: 'x', module: 'example.com/x y', skipFormat: true }, noGo),
    ).rejects.toThrow(/invalid char ' '/);
    await expect(
      moduleGenerator(tree, { directory: 'x', module: 'example.com/x/v1', skipFormat: true }, noGo),
    ).rejects.toThrow(/major version/);
    await expect(
      moduleGenerator(tree, { directory: '.', module: 'example.com/other', skipFormat: true }, noGo),
    ).rejects.toThrow(/already declares module example.com\/app/);
  });
});

describe('helpers', () => {
  it('gofmtDirty does report code gofmt would change', () => {
    expect(gofmtDirty({ 'a/a.go': 'package a\nfunc  X( ) {}\n', 'b.go': 'package b\n' })).toEqual(['a/a.go']);
  });

  it('derives package names as go convention does', () => {
    expect(defaultPackageName('libs/string-utils')).toBe('stringutils');
    expect(defaultPackageName('example.com/foo/v3')).toBe('foo');
    expect(packageNameProblem('main')).toMatch(/command/);
    expect(packageNameProblem('ok_name1')).toBeUndefined();
  });

  it('resolves the directory from where nx runs inside the workspace', () => {
    const tree = emptyWorkspace();
    expect(normalizeDirectory(tree, 'util', `${tree.root}/libs`)).toBe('libs/util');
    expect(normalizeDirectory(tree, 'libs/util', '/elsewhere')).toBe('libs/util');
    expect(() => normalizeDirectory(tree, '../up', tree.root)).toThrow(/outside the workspace/);
  });

  it('orders Go versions numerically', () => {
    expect(compareGoVersions('1.10', '1.9')).toBeGreaterThan(0);
    expect(compareGoVersions('1.25rc1', '1.25.0')).toBeLessThan(0);
    expect(compareGoVersions('1.24', '1.24.0')).toBe(0);
  });
});
