import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitEmbedArgs } from './embed-directives';
import { unquoteGoString } from './go-strings';
import { parseCommentHeader, parseGoFileHeader, readGoFileHeader } from './header-reader';
import { isValidImportPath } from './imports-parser';

const parse = (src: string | Buffer) => parseGoFileHeader(src, '/x/f.go');
const paths = (src: string | Buffer) => parse(src).imports.map((i) => i.path);

describe('parseGoFileHeader', () => {
  it('reads package, imports (single, grouped, named, dot, blank) with lines', () => {
    const h = parse('package p\n\nimport "a"\nimport (\n\tx "b"\n\t. "c"\n\t_ "d"\n)\n\nfunc f() {}\nimport "late"\n');
    expect(h.packageName).toBe('p');
    expect(h.packageLine).toBe(1);
    expect(h.imports).toEqual([
      { path: 'a', line: 3 },
      { path: 'b', line: 5 },
      { path: 'c', line: 6 },
      { path: 'd', line: 7 },
    ]);
    expect(h.problems).toEqual([]);
  });

  it('ignores imports in comments and strings, and ) in comments', () => {
    expect(
      paths('package p\n/* import "no" */\nimport ( // )\n\t"a" /* ) */\n\t// "no2"\n)\nvar s = `import "no3"`\n'),
    ).toEqual(['a']);
  });

  it('unquotes raw and interpreted strings with escapes', () => {
    expect(paths('package p\nimport (`raw/path`; "\\x6e\\u0065t"; "\\156et2")\n')).toEqual(['raw/path', 'net', 'net2']);
    expect(unquoteGoString('"\\U0001F600"')).toBe('\u{1F600}');
  });

  it('strips a BOM, reads //go:build and only qualifying +build lines', () => {
    const h = parse('\ufeff//go:build linux && !cgo\n// +build linux\n\npackage p\n');
    expect(h.goBuild).toBe('linux && !cgo');
    expect(h.plusBuild).toEqual(['linux']);
    // +build not followed by a blank line is part of the package doc: not a constraint.
    expect(parse('// +build linux\npackage p\n').plusBuild).toEqual([]);
    expect(parse('//go:build a\n//go:build b\n\npackage p\n').multipleGoBuild).toBe(true);
  });

  it('finds the cgo preamble and import "C"', () => {
    const h = parse('package p\n\n// #include <stdio.h>\n// #cgo LDFLAGS: -lm\nimport "C"\n');
    expect(h.importsC).toBe(true);
    expect(h.cgoPreamble).toBe(' #include <stdio.h>\n #cgo LDFLAGS: -lm');
  });

  it('reads //go:embed anywhere in files importing embed, split like go', () => {
    const src =
      'package p\n\nimport _ "embed"\n\n//go:embed a.txt "b c.txt" `d`\nvar x string\n\nfunc f() {\n\t//go:embed all:e\n}\n//go:embedx no\n// go:embed no\n';
    expect(parse(src).embeds).toEqual([
      { pattern: 'a.txt', line: 5 },
      { pattern: 'b c.txt', line: 5 },
      { pattern: 'd', line: 5 },
      { pattern: 'all:e', line: 9 },
    ]);
    expect(parse('package p\n//go:embed a\nvar x string\n').embeds).toEqual([]);
    expect(splitEmbedArgs('"bad')).toBeUndefined();
    expect(splitEmbedArgs('"a"b')).toBeUndefined();
  });

  it('reports syntax errors as problems, keeping no imports (like go/build)', () => {
    for (const src of [
      'package p\nimport "a b"\n',
      'package p\nimport "a\\qb"\n',
      'package p\nimport "unterminated\n',
      'package func\n',
      '// no package\n',
    ]) {
      const h = parse(src);
      expect(h.parseError).toBe(true);
      expect(h.imports).toEqual([]);
      expect(h.problems.length).toBeGreaterThan(0);
    }
    expect(parse('package func\n').packageName).toBe('');
    expect(parse(Buffer.from('package p\n// \xff\nimport "a"\n', 'latin1')).problems[0].message).toBe(
      'illegal UTF-8 encoding',
    );
  });

  it('a NUL in the header makes the file unreadable; a NUL after it does not matter', () => {
    expect(parse('package p\nimport "a\u0000"\n').readError).toBe(true);
    expect(parse('package p\nimport "a"\nvar s = "\u0000"\n').imports).toEqual([{ path: 'a', line: 2 }]);
  });

  it('stops at the first declaration that is not an import', () => {
    const h = parse('package p; import "a"; import "b"; var x = 1; import "c"');
    expect(h.imports.map((i) => i.path)).toEqual(['a', 'b']);
  });

  it('never throws on arbitrary bytes', () => {
    let seed = 1;
    for (let i = 0; i < 500; i++) {
      const bytes = Buffer.alloc(64, 0).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
      expect(() => parse(Buffer.concat([Buffer.from('package p\nimport '), bytes]))).not.toThrow();
    }
  });

  it('validates import paths like go/build', () => {
    expect(isValidImportPath('golang.org/x/net')).toBe(true);
    expect(isValidImportPath('é/ü')).toBe(true);
    for (const bad of ['', 'a b', 'a!b', 'a\\b', 'a\ufffdb', 'a\tb']) expect(isValidImportPath(bad)).toBe(false);
  });
});

describe('readGoFileHeader', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-hdr-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads past the first chunk when the header is long, and embeds at the end', () => {
    const long =
      '// ' +
      'x'.repeat(20000) +
      '\npackage p\n\nimport "embed"\nimport "late"\n\n' +
      'var a = 1\n'.repeat(2000) +
      '//go:embed z.txt\nvar z embed.FS\n';
    const f = path.join(dir, 'big.go');
    fs.writeFileSync(f, long);
    const h = readGoFileHeader(f);
    expect(h.imports.map((i) => i.path)).toEqual(['embed', 'late']);
    expect(h.embeds.map((e) => e.pattern)).toEqual(['z.txt']);
  });

  it('returns a problem for a missing file', () => {
    const h = readGoFileHeader(path.join(dir, 'missing.go'));
    expect(h.readError).toBe(true);
    expect(h.problems[0].message).toMatch(/cannot read file/);
  });
});

describe('parseCommentHeader (non-Go sources)', () => {
  it('reads constraints from leading comments; unreadable comments keep the file', () => {
    expect(parseCommentHeader('// +build linux\n\n#include "x.h"\n', 'a.c').plusBuild).toEqual(['linux']);
    expect(parseCommentHeader('//go:build arm64\n\nTEXT ·f(SB)\n', 'a.s').goBuild).toBe('arm64');
    expect(parseCommentHeader('/ not a comment\n', 'a.s').readError).toBe(true);
  });
});
