// The first header tier (fast-header.ts) must change nothing: every GOROOT .go file, and a
// seeded set of mutants, read to the same header with it as with the exact path alone (the
// import reader and the parser). Partial heads are compared as the
// reader sees them: the first 8 KB, then the whole file when more is asked for.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIRST_CHUNK, analyzeComments, analyzeGoFile, parseGoFileHeader } from './header-reader';
import { readFastCommentHeader, readFastHeader } from './fast-header';
import { goEnv } from './go-env';
import { mutate, prng } from '../test-support/fuzz-mutations';

const GOROOT = execFileSync('go', ['env', 'GOROOT'], { env: goEnv(), encoding: 'utf8' }).trim();
const MUTANTS = Number(process.env.NX_GOPKG_HEADER_CASES ?? 5000); // more: NX_GOPKG_HEADER_CASES=100000

type HeaderReader = typeof import('./header-reader');
let exact!: HeaderReader;
const declined = jest.fn(() => undefined);
jest.isolateModules(() => {
  jest.doMock('./fast-header', () => ({
    ...jest.requireActual('./fast-header'),
    readFastHeader: declined,
    readFastCommentHeader: declined,
  }));
  exact = jest.requireActual<HeaderReader>('./header-reader');
});

function filesOf(dir: string, ext: RegExp, out: string[] = []): string[] {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) filesOf(p, ext, out);
    else if (d.isFile() && ext.test(d.name)) out.push(p);
  }
  return out;
}

/** What readGoFileHeader does with a file's content: the head first, all of it when asked. */
function viaHead<T>(analyze: (b: Buffer, file: string, complete: boolean) => T | undefined, src: Buffer, file: string) {
  if (src.length >= FIRST_CHUNK) {
    const first = analyze(src.subarray(0, FIRST_CHUNK), file, false);
    if (first !== undefined) return first;
  }
  return analyze(src, file, true);
}

describe('readFastHeader', () => {
  const files = filesOf(path.join(GOROOT, 'src'), /\.go$/);
  const others = filesOf(path.join(GOROOT, 'src'), /\.(s|S|c|h|cc|cpp|m|f|syso)$/);

  it('reads every GOROOT .go file (testdata included) as the exact path does', () => {
    let taken = 0;
    for (const f of files) {
      const src = fs.readFileSync(f);
      if (readFastHeader(src, true)) taken++;
      expect([f, parseGoFileHeader(src, f)]).toEqual([f, exact.parseGoFileHeader(src, f)]);
      expect([f, viaHead(analyzeGoFile, src, f)]).toEqual([f, viaHead(exact.analyzeGoFile, src, f)]);
    }
    expect(files.length).toBeGreaterThan(5000);
    expect(declined).toHaveBeenCalled(); // the reference really ran without the fast tier
    expect(taken).toBeGreaterThan(files.length * 0.9); // and the tier is really used
    console.log(`fast header: ${files.length} GOROOT files compared, ${taken} read by the fast tier`);
  });

  it('reads the leading comments of every GOROOT non-Go source file as the exact path does', () => {
    let taken = 0;
    for (const f of others) {
      const src = fs.readFileSync(f);
      if (readFastCommentHeader(src, true)) taken++;
      expect([f, viaHead(analyzeComments, src, f)]).toEqual([f, viaHead(exact.analyzeComments, src, f)]);
    }
    expect(others.length).toBeGreaterThan(500);
    expect(taken).toBeGreaterThan(others.length * 0.8);
  });

  it('reads mutated headers as the exact path does', () => {
    const r = prng(20261127);
    let taken = 0;
    for (let n = 0; n < MUTANTS; n++) {
      const f = files[Math.floor(r() * files.length)];
      const m = mutate(r, fs.readFileSync(f));
      if (readFastHeader(m.content, true)) taken++;
      if (readFastCommentHeader(m.content, true)) taken++;
      // Each mutant is also read as a non-Go file's leading comments.
      const got = [
        parseGoFileHeader(m.content, f),
        viaHead(analyzeGoFile, m.content, f),
        viaHead(analyzeComments, m.content, f),
      ];
      const want = [
        exact.parseGoFileHeader(m.content, f),
        viaHead(exact.analyzeGoFile, m.content, f),
        viaHead(exact.analyzeComments, m.content, f),
      ];
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        expect({ ops: m.ops, mutant: m.content.toString('latin1'), got }).toEqual({
          ops: m.ops,
          mutant: m.content.toString('latin1'),
          got: want,
        });
      }
    }
    expect(taken).toBeGreaterThan(MUTANTS * 0.4);
  });

  const read = (s: string) => readFastHeader(Buffer.from(s, 'utf8'), true);

  it('reads the usual forms', () => {
    expect(
      read('// c\n\npackage p // x\n\nimport (\n\t"a"\n\tb "c/d" // e\n\t. "f"\n)\nimport _ "g"\nfunc f() {}\n'),
    ).toEqual({
      name: 'p',
      nameLine: 3,
      imports: [
        { path: 'a', line: 6 },
        { path: 'c/d', line: 7 },
        { path: 'f', line: 8 },
        { path: 'g', line: 10 },
      ],
      firstToken: 6,
      end: 72,
      constraintEnd: 21,
      constraints: 'none',
    });
    expect(read('//go:build linux && !cgo\n\npackage p\n')).toMatchObject({
      constraints: 'goBuild',
      goBuild: 'linux && !cgo',
      end: 36,
    });
    expect(read('// é ≤\npackage p\n\ntype T int\n')).toMatchObject({ name: 'p', nameLine: 2 }); // UTF-8 in comments
  });

  it('declines what the exact path must decide', () => {
    expect(read('package p\n\n// #include <a.h>\n/* int f(void);\n*/\nimport "C"\n')).toMatchObject({
      cgoPreamble: ' #include <a.h>\n int f(void);\n',
    });
    expect(read('package p\n\n// not the preamble\n\nimport "C"\n')).not.toHaveProperty('cgoPreamble');
    expect(read('package p\nimport (\n\t"C"\n)\n')).toBeUndefined(); // a spec's own doc: left to the parser
    expect(read('package p\nimport x "C"\n')).toBeUndefined();
    expect(read('package p\nimport "a"; import "b"\n')).toBeUndefined();
    expect(read('package p\nimport "é"\n')).toBeUndefined();
    expect(read('package p\nimport `a`\n')).toBeUndefined();
    expect(read('package p\nimport ("a")\n')).toBeUndefined();
    expect(read('package func\n')).toBeUndefined();
    expect(read('package p\nimport\n"a"\n')).toBeUndefined();
    expect(read('package p\n/* x')).toBeUndefined(); // unterminated comment
    expect(read('package p\n// \xff\nvar x int\n')).toMatchObject({ name: 'p' }); // U+00FF, valid UTF-8
    expect(readFastHeader(Buffer.from('package p\n// \xff\nvar x int\n', 'latin1'), true)).toBeUndefined(); // invalid UTF-8
    expect(readFastHeader(Buffer.from('package p\n// \0\nvar x int\n', 'latin1'), true)).toBeUndefined(); // NUL
    expect(read('package p\n// \ufeff\nvar x int\n')).toBeUndefined(); // a BOM past the start
    expect(readFastHeader(Buffer.from('package p\nimport "a"\n'), false)).toBeUndefined(); // the head may go on
    expect(read('package p\nimport "a"\n')).toMatchObject({ end: 21 }); // ...a whole file ends there
    expect(read('//go:build a\n//go:build b\npackage p\n')).toMatchObject({ constraints: 'general' });
    expect(read('/* */\n//go:build a\npackage p\n')).toMatchObject({ constraints: 'general' });
    expect(read('// +build a\n\npackage p\n')).toMatchObject({ constraints: 'general' });
    // Directive words inside text are not directives; anything that may start a line is left to constraintLines.
    expect(read('// See //go:build and // +build lines.\npackage p\n')).toMatchObject({ constraints: 'none' });
    expect(read('// See the //go:build line.\n//go:build a\n\npackage p\n')).toMatchObject({
      constraints: 'goBuild',
      goBuild: 'a',
    });
    expect(read('// x +build y\n//go:build a\n\npackage p\n')).toMatchObject({ constraints: 'goBuild', goBuild: 'a' });
    expect(read('\t//go:build a\n\npackage p\n')).toMatchObject({ constraints: 'general' });
    expect(read('/*\n\u00a0// +build a\n*/\n\npackage p\n')).toMatchObject({ constraints: 'general' }); // TrimSpace trims U+00A0
    expect(read('//go:build a\n/// +build b\n\npackage p\n')).toMatchObject({ constraints: 'general' });
  });

  it('reads the leading comments of non-Go files, and declines what the exact path must judge', () => {
    const comments = (s: string, complete = true) => readFastCommentHeader(Buffer.from(s, 'latin1'), complete);
    expect(comments('// c\n//go:build amd64\n\n#include "textflag.h"\n')).toEqual({
      end: 23,
      constraints: 'goBuild',
      goBuild: 'amd64',
    });
    expect(comments('/* x */\n\nTEXT x(SB)\n')).toEqual({ end: 9, constraints: 'none' });
    expect(comments('// only comments\n')).toEqual({ end: 17, constraints: 'none' });
    expect(comments('// only comments\n', false)).toBeUndefined(); // the head may go on
    expect(comments('// a\n/ b\n')).toBeUndefined(); // a lone slash: a syntax error there
    expect(comments('// a\n; b\n')).toBeUndefined(); // go/build skips ';' as a blank
    expect(comments('// \0\nx\n')).toBeUndefined();
    expect(comments('/* open\n')).toBeUndefined();
  });
});
