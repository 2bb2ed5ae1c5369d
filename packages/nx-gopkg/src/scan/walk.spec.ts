import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverWorkspace, IgnorePatterns } from './walk';
import { describeWithGo, GOROOT, runGo } from '../test-support/go-oracle';
import { tempDir, writeTree } from '../test-support/temp-dir';
import type { WorkspaceLayout } from './types';

const pkg = (name: string) => `package ${name}\n`;

/** A go.work joining modules a and b, with every directory rule `./...` applies. */
const WORKSPACE: Record<string, string> = {
  'go.work': 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n',
  'a/go.mod': 'module example.com/a\n\ngo 1.22\n\nignore ./static\nignore gen\n',
  'a/a.go': pkg('a'),
  'a/internal/x/x.go': pkg('x'),
  'a/onlytests/x_test.go': pkg('onlytests'),
  'a/_skip/s.go': pkg('s'),
  'a/.hidden/h.go': pkg('h'),
  'a/testdata/t.go': pkg('t'),
  'a/testdata/mod/go.mod': 'module example.com/intestdata\n',
  'a/testdata/mod/m.go': pkg('m'),
  'a/node_modules/npm/n.go': pkg('n'),
  'a/static/s.go': pkg('s'),
  'a/static/sub/s.go': pkg('s'),
  'a/deep/gen/g.go': pkg('g'),
  'a/gen/g.go': pkg('g'),
  'a/generator/g.go': pkg('g'),
  'a/sub/static/s.go': pkg('s'), // ./static is root-relative: not ignored here
  'a/vendorish/vendor/v.go': pkg('vendor'), // a directory named vendor holding code is a package
  'a/vendorish/vendor/sub/s.go': pkg('s'), // ... but nothing below it is
  'a/underscorefile/_u.go': pkg('u'),
  'a/dotfile/.d.go': pkg('d'),
  'a/nogo/readme.txt': 'hi\n',
  'a/with space/w.go': pkg('w'), // listed by go -e, with an import path error
  'a/Ünï/u.go': pkg('u'),
  'a/dir.go/inside.go': pkg('inside'), // a directory named *.go is not a file
  'a/go.mod.d/go.mod/x.go': pkg('x'), // a directory named go.mod does not start a module
  'a/nested/go.mod': 'module example.com/nested\n\ngo 1.22\n',
  'a/nested/n.go': pkg('nested'),
  'a/nested/inner/i.go': pkg('inner'),
  'b/go.mod': 'module example.com/b\n\ngo 1.22\n',
  'b/b.go': pkg('b'),
  'b/pkg/p.go': pkg('p'),
  'loose/l.go': pkg('l'),
  'loose/deeper/d.go': pkg('d'),
};

function buildWorkspace(): string {
  const root = tempDir('walk');
  writeTree(root, WORKSPACE);
  fs.symlinkSync('../b/pkg', path.join(root, 'a', 'linkdir')); // not followed, as go does
  fs.mkdirSync(path.join(root, 'a', 'symfile'));
  fs.symlinkSync('../a.go', path.join(root, 'a', 'symfile', 's.go')); // followed: a file
  fs.symlinkSync('.', path.join(root, 'a', 'loop')); // would loop if followed
  return root;
}

const importPaths = (layout: WorkspaceLayout, moduleDir?: string) =>
  layout.packages
    .filter((p) => !moduleDir || p.moduleDir === moduleDir)
    .map((p) => `${p.importPath} ${p.dir}`)
    .sort();

describe('discoverWorkspace', () => {
  const root = buildWorkspace();
  const layout = discoverWorkspace(root);

  it('finds modules, the go.work and their association', () => {
    expect(layout.root).toBe(root);
    expect(
      layout.modules.map((m) => [
        path.relative(root, m.dir),
        m.goMod.module,
        m.workFile && path.relative(root, m.workFile),
      ]),
    ).toEqual([
      ['a', 'example.com/a', 'go.work'],
      ['a/nested', 'example.com/nested', undefined],
      ['b', 'example.com/b', 'go.work'],
    ]);
    expect(layout.workFiles.map((w) => [w.file, w.use])).toEqual([[path.join(root, 'go.work'), ['./a', './b']]]);
  });

  it('lists package directories with import paths, applying every skip rule', () => {
    const rel = layout.packages.map(
      (p) => `${p.importPath} ${path.relative(root, p.dir)} ${path.relative(root, p.moduleDir)}`,
    );
    expect(rel.sort()).toEqual([
      'example.com/a a a',
      'example.com/a/dir.go a/dir.go a',
      'example.com/a/generator a/generator a',
      'example.com/a/go.mod.d/go.mod a/go.mod.d/go.mod a',
      'example.com/a/internal/x a/internal/x a',
      'example.com/a/onlytests a/onlytests a',
      'example.com/a/sub/static a/sub/static a',
      'example.com/a/symfile a/symfile a',
      'example.com/a/vendorish/vendor a/vendorish/vendor a',
      'example.com/a/with space a/with space a',
      'example.com/a/Ünï a/Ünï a',
      'example.com/b b b',
      'example.com/b/pkg b/pkg b',
      'example.com/nested a/nested a/nested',
      'example.com/nested/inner a/nested/inner a/nested',
    ]);
  });

  it('reports .go files outside any module once per tree, and a nested module outside the go.work', () => {
    expect(layout.problems).toEqual(
      expect.arrayContaining([
        { kind: 'layout', file: path.join(root, 'loose'), message: expect.stringContaining('not in a module') },
        {
          kind: 'layout',
          file: path.join(root, 'a/nested/go.mod'),
          message: expect.stringContaining(`inside the workspace ${path.join(root, 'go.work')} but not listed`),
        },
      ]),
    );
    expect(layout.problems).toHaveLength(4);
  });

  it("lists packages whose import path go rejects, with go's error as a problem", () => {
    expect(layout.problems).toEqual(
      expect.arrayContaining([
        {
          kind: 'import-path',
          file: path.join(root, 'a/with space'),
          message: 'malformed import path "example.com/a/with space": invalid char \' \'',
        },
        {
          kind: 'import-path',
          file: path.join(root, 'a/Ünï'),
          message: 'malformed import path "example.com/a/Ünï": invalid char \'Ü\'',
        },
      ]),
    );
  });

  it('walks node_modules when skipDirs is empty, like go', () => {
    const all = discoverWorkspace(root, { skipDirs: [] });
    expect(importPaths(all).filter((l) => !importPaths(layout).includes(l))).toEqual([
      `example.com/a/node_modules/npm ${path.join(root, 'a/node_modules/npm')}`,
    ]);
  });

  it('follows GOWORK: off disables workspaces, a path selects one go.work', () => {
    const off = discoverWorkspace(root, { gowork: 'off' });
    expect(off.modules.map((m) => m.workFile)).toEqual([undefined, undefined, undefined]);
    expect(off.problems.some((p) => p.message.includes('use directives'))).toBe(false);
    const explicit = discoverWorkspace(root, { gowork: path.join(root, 'go.work') });
    expect(explicit.modules.map((m) => m.workFile && path.relative(root, m.workFile))).toEqual([
      'go.work',
      undefined,
      'go.work',
    ]);
    const missing = discoverWorkspace(root, { gowork: path.join(root, 'none.work') });
    expect(missing.modules.map((m) => m.workFile)).toEqual([undefined, undefined, undefined]);
    expect(missing.problems.map((p) => p.file)).toContain(path.join(root, 'none.work'));
  });

  it('records go.sum and leaves vendoring off without a vendor directory', () => {
    fs.writeFileSync(path.join(root, 'b', 'go.sum'), '');
    const again = discoverWorkspace(root);
    const b = again.modules.find((m) => m.goMod.module === 'example.com/b')!;
    expect(b.goSumFile).toBe(path.join(root, 'b', 'go.sum'));
    expect(b.vendor).toBeUndefined();
    fs.rmSync(path.join(root, 'b', 'go.sum'));
  });
});

describe('discoverWorkspace edge cases', () => {
  it('walks a module named by go.work use even inside a skipped directory', () => {
    const root = tempDir('walk-use');
    writeTree(root, {
      'go.work': 'go 1.22\nuse ./_tools\nuse ./missing\nuse ../outside\n',
      '_tools/go.mod': 'module example.com/tools\ngo 1.22\n',
      '_tools/t.go': pkg('tools'),
    });
    const layout = discoverWorkspace(root);
    expect(importPaths(layout)).toEqual([`example.com/tools ${path.join(root, '_tools')}`]);
    expect(layout.modules[0].workFile).toBe(path.join(root, 'go.work'));
    expect(layout.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('has no go.mod'),
      expect.stringContaining('outside'),
    ]);
  });

  it('keeps packages of a module without a module path under provisional paths, and reports it', () => {
    const root = tempDir('walk-nomodule');
    writeTree(root, { 'go.mod': 'go 1.22\n', 'x.go': pkg('x'), 'sub/go.mod': 'go 1.22\n', 'sub/y/y.go': pkg('y') });
    const layout = discoverWorkspace(root);
    expect(importPaths(layout)).toEqual([`_ ${root}`, `_/sub/y ${path.join(root, 'sub/y')}`]);
    expect(layout.modules[0].goMod.problems.map((p) => p.message)).toEqual(['missing module declaration']);
    expect(layout.problems.map((p) => [p.file, p.message])).toEqual([
      [path.join(root, 'go.mod'), expect.stringContaining('no module path; its packages are kept under _/')],
      [path.join(root, 'sub/go.mod'), expect.stringContaining('kept under _/sub/')],
    ]);
  });

  it('gives std import paths only to a std module in GOROOT/src when goroot is known', () => {
    const root = tempDir('walk-std');
    writeTree(root, { 'src/go.mod': 'module std\n', 'src/fmt/f.go': pkg('fmt'), 'src/builtin/b.go': pkg('builtin') });
    const src = path.join(root, 'src');
    expect(importPaths(discoverWorkspace(src))).toEqual([`fmt ${path.join(src, 'fmt')}`]);
    expect(importPaths(discoverWorkspace(src, { goroot: root }))).toEqual([`fmt ${path.join(src, 'fmt')}`]);
    expect(importPaths(discoverWorkspace(src, { goroot: '/elsewhere' }))).toEqual([
      `std/builtin ${path.join(src, 'builtin')}`,
      `std/fmt ${path.join(src, 'fmt')}`,
    ]);
  });

  it('ignores everything when the ignore directive names the module root', () => {
    const root = tempDir('walk-ignore-root');
    writeTree(root, { 'go.mod': 'module m\nignore ./\n', 'x.go': pkg('x'), 'y/y.go': pkg('y') });
    expect(discoverWorkspace(root).packages).toEqual([]);
  });

  it('follows a symlinked root, like go does for the directory it starts from', () => {
    const real = tempDir('walk-real');
    writeTree(real, { 'go.mod': 'module m\n', 'p/p.go': pkg('p') });
    const link = path.join(tempDir('walk-link'), 'ws');
    fs.symlinkSync(real, link);
    expect(importPaths(discoverWorkspace(link))).toEqual([`m/p ${path.join(link, 'p')}`]);
  });

  it('returns a problem, not an exception, for a missing root', () => {
    const layout = discoverWorkspace('/nonexistent/nx-gopkg/root');
    expect(layout.packages).toEqual([]);
    expect(layout.problems[0].message).toMatch(/cannot read directory/);
  });

  it('reports an unreadable directory and goes on', () => {
    const root = tempDir('walk-perm');
    writeTree(root, { 'go.mod': 'module m\n', 'ok/o.go': pkg('o'), 'locked/l.go': pkg('l') });
    // chmod 000 does not stop root, so the permission error is injected into the real module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs: typeof fs = require('node:fs');
    const real = nodeFs.readdirSync;
    nodeFs.readdirSync = ((dir: fs.PathLike, opts?: unknown) => {
      if (String(dir) === path.join(root, 'locked'))
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
      return (real as (d: fs.PathLike, o?: unknown) => unknown)(dir, opts);
    }) as typeof fs.readdirSync;
    try {
      const layout = discoverWorkspace(root);
      expect(importPaths(layout)).toEqual([`m/ok ${path.join(root, 'ok')}`]);
      expect(layout.problems).toEqual([
        { kind: 'read', file: path.join(root, 'locked'), message: expect.stringContaining('EACCES') },
      ]);
    } finally {
      nodeFs.readdirSync = real;
    }
  });
});

describe('IgnorePatterns', () => {
  it('matches ./x from the module root and plain x at any depth', () => {
    const p = new IgnorePatterns(['./static', 'gen', 'a/b/', './c/d']);
    const ignored = ['static', 'static/x', 'gen', 'x/gen', 'x/gen/y', 'q/a/b', 'c/d', 'c/d/e'];
    const kept = ['', 'x/static', 'generator', 'xgen', 'a', 'a/bc', 'c', 'x/c/d'];
    for (const d of ignored) expect([d, p.shouldIgnore(d)]).toEqual([d, true]);
    for (const d of kept) expect([d, p.shouldIgnore(d)]).toEqual([d, false]);
  });
});

/**
 * `go list -e ./...` in dir: "importPath dir" lines. go leaves Dir empty for a malformed
 * import path; the directory is then the one the import path names.
 */
function goListAll(dir: string, modulePath: string, env: Record<string, string> = {}): string[] {
  const r = runGo(['list', '-e', '-f', '{{.ImportPath}}|{{.Dir}}', './...'], dir, env);
  if (r.status !== 0) throw new Error(`go list in ${dir} failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [ip, d] = l.split('|');
      return `${ip} ${d || path.join(dir, ip.slice(modulePath.length))}`;
    })
    .sort();
}

describeWithGo('discoverWorkspace against go list', () => {
  it('lists the same packages as `go list ./...` in each module of a workspace', () => {
    const root = buildWorkspace();
    const withNodeModules = discoverWorkspace(root, { skipDirs: [] });
    for (const m of withNodeModules.modules) {
      // The nested module is outside the go.work, so go needs GOWORK=off there.
      const env: Record<string, string> = m.workFile ? {} : { GOWORK: 'off' };
      expect(importPaths(withNodeModules, m.dir)).toEqual(goListAll(m.dir, m.goMod.module, env));
    }
    // The workspace's main modules, as go sees them from the go.work directory.
    const mains = runGo(['list', '-m', '-f', '{{.Path}} {{.Dir}} {{.GoMod}} {{.GoVersion}}'], root);
    expect(mains.status).toBe(0);
    const ours = withNodeModules.modules
      .filter((m) => m.workFile === path.join(root, 'go.work'))
      .map((m) => `${m.goMod.module} ${m.dir} ${m.goMod.file} ${m.goMod.go}`);
    expect(ours.sort()).toEqual(mains.stdout.trim().split('\n').sort());
  });

  describe('vendoring', () => {
    const root = tempDir('walk-vendor');
    writeTree(root, {
      'c/go.mod': 'module example.com/c\n\ngo 1.22\n\nrequire example.com/d v0.0.0\n\nreplace example.com/d => ../d\n',
      'c/c.go': 'package c\n\nimport _ "example.com/d/dpkg"\n',
      'd/go.mod': 'module example.com/d\n\ngo 1.22\n',
      'd/dpkg/d.go': pkg('dpkg'),
      'd/unused/u.go': pkg('unused'),
      // A workspace vendored with `go work vendor`, its replacement declared in go.work.
      'w/go.work': 'go 1.22\n\nuse ./e\n\nreplace example.com/g => ./g\n',
      'w/e/go.mod': 'module example.com/e\n\ngo 1.22\n\nrequire example.com/g v0.0.0\n',
      'w/e/e.go': 'package e\n\nimport _ "example.com/g/gpkg"\n',
      'w/g/go.mod': 'module example.com/g\n\ngo 1.22\n',
      'w/g/gpkg/g.go': pkg('gpkg'),
    });
    const vendorOk = runGo(['mod', 'vendor'], path.join(root, 'c'));
    const workVendorOk = runGo(['work', 'vendor'], path.join(root, 'w'));
    const dirOf = (pkgPath: string, cwd: string, args: string[] = []) =>
      runGo(['list', ...args, '-f', '{{.Dir}}', pkgPath], cwd).stdout.trim();

    it('vendors offline with go mod vendor / go work vendor', () => {
      expect([vendorOk.status, vendorOk.stderr]).toEqual([0, '']);
      expect([workVendorOk.status, workVendorOk.stderr]).toEqual([0, '']);
    });

    it('applies vendoring exactly when go builds from vendor/', () => {
      const layout = discoverWorkspace(root);
      // w/g is only a replacement target: go refuses to run inside it while w/go.work exists.
      expect(layout.problems).toEqual([
        {
          kind: 'layout',
          file: path.join(root, 'w/g/go.mod'),
          message: expect.stringContaining('not listed in its use directives'),
        },
      ]);
      const c = layout.modules.find((m) => m.goMod.module === 'example.com/c')!;
      expect(dirOf('example.com/d/dpkg', c.dir)).toBe(path.join(c.dir, 'vendor/example.com/d/dpkg'));
      expect(c.vendorDir).toBe(path.join(c.dir, 'vendor'));
      expect(c.vendor).toEqual([
        {
          path: 'example.com/d',
          version: 'v0.0.0',
          replacement: { path: '../d' },
          explicit: true,
          goVersion: '1.22',
          packages: ['example.com/d/dpkg'],
        },
        { path: 'example.com/d', version: '', replacement: { path: '../d' }, explicit: false, packages: [] },
      ]);
      // -mod=mod turns it off for go and for us.
      expect(dirOf('example.com/d/dpkg', c.dir, ['-mod=mod'])).toBe(path.join(root, 'd/dpkg'));
      expect(discoverWorkspace(root, { modFlag: 'mod' }).modules.every((m) => m.vendor === undefined)).toBe(true);
      // The d module itself has no vendor directory.
      expect(layout.modules.find((m) => m.goMod.module === 'example.com/d')!.vendor).toBeUndefined();
      // go list ./... does not walk vendor/.
      expect(importPaths(layout, c.dir)).toEqual(goListAll(c.dir, c.goMod.module));
    });

    it('uses the workspace vendor directory in workspace mode', () => {
      const layout = discoverWorkspace(root);
      const e = layout.modules.find((m) => m.goMod.module === 'example.com/e')!;
      expect(dirOf('example.com/g/gpkg', e.dir)).toBe(path.join(root, 'w/vendor/example.com/g/gpkg'));
      expect(e.workFile).toBe(path.join(root, 'w/go.work'));
      expect(e.vendorDir).toBe(path.join(root, 'w/vendor'));
      // go work vendor also records the wildcard replacement on its own line.
      expect(e.vendor?.map((v) => [v.path, v.version, v.replacement, v.packages])).toEqual([
        ['example.com/g', 'v0.0.0', { path: './g' }, ['example.com/g/gpkg']],
        ['example.com/g', '', { path: './g' }, []],
      ]);
    });

    it('does not vendor below go 1.14, like go', () => {
      const old = tempDir('walk-vendor-old');
      fs.cpSync(root, old, { recursive: true });
      // Both go.mod files go back to 1.13 (else go wants a tidy go.mod for the newer d).
      for (const rel of ['c/go.mod', 'd/go.mod']) {
        const goMod = path.join(old, rel);
        fs.writeFileSync(goMod, fs.readFileSync(goMod, 'utf8').replace('go 1.22', 'go 1.13'));
      }
      const c = discoverWorkspace(old).modules.find((m) => m.goMod.module === 'example.com/c')!;
      expect(c.vendor).toBeUndefined();
      expect(dirOf('example.com/d/dpkg', c.dir)).toBe(path.join(old, 'd/dpkg'));
    });
  });

  it('finds in GOROOT/src the packages `go list std cmd` reports, minus vendored ones', () => {
    const src = path.join(GOROOT, 'src');
    const go = runGo(['list', '-e', '-f', '{{.ImportPath}} {{.Dir}}', 'std', 'cmd'], src);
    expect(go.status).toBe(0);
    const want = go.stdout
      .trim()
      .split('\n')
      .filter((l) => !/^(cmd\/)?vendor\//.test(l))
      .sort();
    const layout = discoverWorkspace(src, { goroot: GOROOT });
    expect(layout.problems).toEqual([]);
    expect(layout.modules.map((m) => [m.goMod.module, !!m.vendor])).toEqual([
      ['std', true],
      ['cmd', true],
    ]);
    const ours = importPaths(layout);
    expect(want.filter((l) => !ours.includes(l))).toEqual([]);
    // Extra directories are exactly those whose files build constraints exclude on this
    // platform: go drops them from patterns, the package layer decides for nx-gopkg.
    const extra = ours.filter((l) => !want.includes(l)).map((l) => l.split(' ')[0]);
    const why = runGo(['list', '-e', '-f', '{{.ImportPath}}: {{.Error}}', ...extra], src)
      .stdout.trim()
      .split('\n');
    expect(why.filter((l) => !l.includes('build constraints exclude all Go files'))).toEqual([]);
    expect(ours.length).toBe(want.length + extra.length);
  });
});
