import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildContext, GoFileHeader } from './types';
import { readGoFileHeader } from './header-reader';
import { filePrefix, scanPackageDir } from './package';

const linux: BuildContext = {
  goos: 'linux',
  goarch: 'amd64',
  cgoEnabled: false,
  tags: [],
  toolTags: [],
  goVersion: '1.26',
};

describe('scanPackageDir', () => {
  let dir: string;
  const write = (rel: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-pkg-'));
    write('p/a.go', 'package p\n\nimport "fmt"\n');
    write('p/b_windows.go', 'package p\n\nimport "syscall"\n');
    write('p/c.go', 'package p\n\nimport "C"\nimport "unsafe"\n');
    write('p/a_test.go', 'package p\n\nimport "testing"\n');
    write('p/x_test.go', 'package p_test\n\nimport "p"\n');
    write('p/other.go', 'package q\n');
    write('p/testdata/in/data.txt', 'x');
    write('p/sub/s.go', 'package sub\n');
    write('nogo/readme.txt', 'x');
    write('pos/b.go', 'package pos\n\nimport "fmt"\n');
    write('pos/a.go', 'package pos\n\nimport (\n\t"os"\n\t"fmt"\n)\n\nimport "fmt"\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the first position of each import: first file in name order, first line in it', () => {
    const p = scanPackageDir(path.join(dir, 'pos'), { kind: 'anyPlatform' })!;
    expect(p.imports).toEqual(['fmt', 'os']);
    expect(p.importPos.get('fmt')).toEqual({ file: path.join(dir, 'pos', 'a.go'), line: 5 });
    expect(p.importPos.get('os')).toEqual({ file: path.join(dir, 'pos', 'a.go'), line: 4 });
  });

  it('assembles a package for one context', () => {
    const p = scanPackageDir(path.join(dir, 'p'), { kind: 'context', context: linux })!;
    expect(p.name).toBe('p');
    expect(p.goFiles).toEqual(['a.go', 'other.go']);
    expect(p.ignoredGoFiles).toEqual(['b_windows.go', 'c.go']); // cgo off: c.go and its imports drop out
    expect(p.imports).toEqual(['fmt']);
    expect(p.testImports).toEqual(['testing']);
    expect(p.xTestImports).toEqual(['p']);
    expect(p.xTestImportPos.get('p')).toEqual({ file: path.join(dir, 'p', 'x_test.go'), line: 3 });
    expect(p.invalidGoFiles).toEqual(['other.go']);
    expect(p.problems[0].message).toMatch(/^found packages p \(a.go\) and q \(other.go\)/);
    expect(p.testdataFiles).toEqual(['testdata/in/data.txt']);
  });

  it('anyPlatform takes every platform and cgo', () => {
    const p = scanPackageDir(path.join(dir, 'p'), { kind: 'anyPlatform' })!;
    expect(p.goFiles).toEqual(['a.go', 'b_windows.go', 'other.go']);
    expect(p.cgoFiles).toEqual(['c.go']);
    expect(p.imports).toEqual(['C', 'fmt', 'syscall', 'unsafe']);
  });

  it('returns undefined without any .go file or for a missing dir', () => {
    expect(scanPackageDir(path.join(dir, 'nogo'), { kind: 'anyPlatform' })).toBeUndefined();
    expect(scanPackageDir(path.join(dir, 'missing'), { kind: 'anyPlatform' })).toBeUndefined();
  });

  it('reads each .go file once, through the injected reader', () => {
    const reads: string[] = [];
    const readHeader = (f: string): GoFileHeader => (reads.push(f), readGoFileHeader(f));
    expect(scanPackageDir(path.join(dir, 'p'), { kind: 'anyPlatform' }, { readHeader })!.cgoFiles).toEqual(['c.go']);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBe(new Set(reads).size);
  });
});

describe('filePrefix', () => {
  it('is what path.join(dir, name) puts before a name, for normal and other dirs', () => {
    const dirs = [
      '/',
      '/a',
      '/a/b',
      '/a/b/',
      '/a//b',
      '/a/./b',
      '/a/../b',
      '/a/b/.',
      '/a/b/..',
      '/.a/..b/...',
      '/a/.b.',
      'rel/x',
      './x',
      '../x',
      '',
      '.',
      '/a\\b',
    ];
    for (const dir of dirs) expect([dir, filePrefix(dir) + 'f.go']).toEqual([dir, path.join(dir, 'f.go')]);
  });
});
