import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseGoMod } from './gomod';
import {
  checkVendorConsistency,
  compareGoVersions,
  modFlagFromGoflags,
  parseVendorModulesTxt,
  vendoringInEffect,
} from './vendor';
import { describeWithGo, GOROOT, runGo } from '../test-support/go-oracle';

const MODULES_TXT = `# example.com/a v1.0.0
## explicit; go 1.21
example.com/a
example.com/a/sub
# example.com/b v1.2.0 => ../b
## explicit
example.com/b/pkg
# example.com/c v0.3.0 => example.com/cc v0.4.0
example.com/c
# example.com/d => ./d
# not a module line
this/is/ignored
# example.com/e v1.0.0
## go 1.20; explicit; future-annotation
`;

describe('parseVendorModulesTxt', () => {
  it('reads modules, replacements, annotations and packages', () => {
    const txt = parseVendorModulesTxt(MODULES_TXT, '/w/vendor/modules.txt');
    expect(txt.workspace).toBe(false);
    expect(txt.modules).toEqual([
      {
        path: 'example.com/a',
        version: 'v1.0.0',
        explicit: true,
        goVersion: '1.21',
        packages: ['example.com/a', 'example.com/a/sub'],
      },
      {
        path: 'example.com/b',
        version: 'v1.2.0',
        explicit: true,
        replacement: { path: '../b' },
        packages: ['example.com/b/pkg'],
      },
      {
        path: 'example.com/c',
        version: 'v0.3.0',
        explicit: false,
        replacement: { path: 'example.com/cc', version: 'v0.4.0' },
        packages: ['example.com/c'],
      },
      { path: 'example.com/d', version: '', explicit: false, replacement: { path: './d' }, packages: [] },
      { path: 'example.com/e', version: 'v1.0.0', explicit: true, goVersion: '1.20', packages: [] },
    ]);
    // go skips a module line it does not understand, and the package lines after it.
    expect(txt.problems).toEqual([
      {
        kind: 'module-file',
        file: '/w/vendor/modules.txt',
        line: 11,
        message: 'vendor/modules.txt: module line not understood: # not a module line',
      },
    ]);
  });

  it('recognizes a workspace vendor directory by its first line', () => {
    expect(parseVendorModulesTxt('## workspace\n# example.com/a v1.0.0\n', 'f').workspace).toBe(true);
    expect(parseVendorModulesTxt('# example.com/a v1.0.0\n## workspace\n', 'f').workspace).toBe(false);
  });
});

describe('vendoringInEffect', () => {
  const base = { goVersion: '1.22', vendorDirExists: true, modulesTxt: { workspace: false }, workspaceMode: false };
  it.each([
    [{}, true],
    [{ vendorDirExists: false }, false],
    [{ goVersion: undefined }, false],
    [{ goVersion: '1.13' }, false],
    [{ goVersion: '1.14' }, true],
    [{ modulesTxt: undefined }, true],
    [{ modulesTxt: { workspace: true } }, false],
    [{ workspaceMode: true }, false],
    [{ workspaceMode: true, modulesTxt: { workspace: true } }, true],
    [{ modFlag: 'mod' as const }, false],
    [{ modFlag: 'readonly' as const }, false],
    [{ vendorDirExists: false, modFlag: 'vendor' as const }, true],
  ])('%j → %s', (change, want) => {
    expect(vendoringInEffect({ ...base, ...change }).vendor).toBe(want);
  });
});

describe('modFlagFromGoflags', () => {
  it('finds -mod in GOFLAGS', () => {
    expect(modFlagFromGoflags(undefined)).toBeUndefined();
    expect(modFlagFromGoflags('-tags=x')).toBeUndefined();
    expect(modFlagFromGoflags(' -tags=x  -mod=vendor ')).toBe('vendor');
    expect(modFlagFromGoflags('--mod=mod -mod=readonly')).toBe('readonly');
  });
});

describe('compareGoVersions', () => {
  it('orders like gover.Compare', () => {
    const sorted = ['1.13', '1.14rc1', '1.14', '1.14.1', '1.21', '1.21rc1', '1.21.0', '1.21.1', '1.22'];
    for (let i = 0; i + 1 < sorted.length; i++) expect(compareGoVersions(sorted[i], sorted[i + 1])).toBe(-1);
    expect(compareGoVersions('1.14', '1.14.0')).toBe(0);
    expect(compareGoVersions('junk', '1.0')).toBe(-1);
  });
});

describe('checkVendorConsistency', () => {
  const goMod = parseGoMod(
    'module m\ngo 1.22\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n\texample.com/x v1.0.0\n)\nreplace example.com/b => ../b\nreplace example.com/y => ../y\n',
    '/w/m/go.mod',
  );
  it('reports what go calls inconsistent vendoring', () => {
    const txt = parseVendorModulesTxt(MODULES_TXT, '/w/m/vendor/modules.txt');
    const messages = checkVendorConsistency(txt, '/w/m/vendor/modules.txt', [{ dir: '/w/m', goMod }]).map(
      (p) => p.message,
    );
    expect(messages).toEqual([
      'inconsistent vendoring: example.com/x@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt',
      'inconsistent vendoring: example.com/b: is replaced in go.mod, but not marked as replaced in vendor/modules.txt',
      'inconsistent vendoring: example.com/y: is replaced in go.mod, but not marked as replaced in vendor/modules.txt',
      'inconsistent vendoring: example.com/c@v0.3.0: is marked as replaced in vendor/modules.txt, but not replaced in go.mod',
      'inconsistent vendoring: example.com/d: is marked as replaced in vendor/modules.txt, but not replaced in go.mod',
    ]);
  });
});

describeWithGo('GOROOT vendor/modules.txt against go list', () => {
  it.each([
    ['', 'std'],
    ['cmd', 'cmd'],
  ])('%s: every vendored package resolves to the module modules.txt names', (sub) => {
    const dir = path.join(GOROOT, 'src', sub);
    const file = path.join(dir, 'vendor', 'modules.txt');
    const txt = parseVendorModulesTxt(fs.readFileSync(file, 'utf8'), file);
    expect(txt.problems).toEqual([]);
    const ours = txt.modules.flatMap((m) => m.packages.map((p) => `${p}|${m.path}@${m.version}`)).sort();
    const pkgs = ours.map((l) => l.split('|')[0]);
    const go = runGo(
      ['list', '-e', '-f', '{{.ImportPath}}|{{with .Module}}{{.Path}}@{{.Version}}{{end}}', ...pkgs],
      dir,
    );
    expect(go.status).toBe(0);
    expect(go.stdout.trim().split('\n').sort()).toEqual(ours);
    const goMod = parseGoMod(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'), path.join(dir, 'go.mod'));
    expect(checkVendorConsistency(txt, file, [{ dir, goMod }])).toEqual([]);
  });
});
