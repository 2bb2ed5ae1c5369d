// Small packages with tricky content, written to a temporary module and compared with real
// `go list -e -json` (plus -test for test embeds) of the same module, for several contexts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildContext, GoPackageFacts } from './types';
import { scanPackageDir } from './package';
import { contextFromGo } from './go-env';
import { GoListPackage, IMPORT_FIELDS, LIST_FIELDS, ageFiles, goList } from '../test-support/go-list';

const BOM = '\ufeff';
const NUL = '\u0000';

/** Package directory → file name → content. */
const FIXTURES: Record<string, Record<string, string | Buffer>> = {
  lexing: {
    'a.go': `// Copyright line.

// Package lexing has imports in odd places.
package lexing

import /* "notme" */ (
	// "commented/out"
	"fmt" // )
	_ "embed" /* ) */
	. "strings"; x "os"
	r \`path/filepath\`
	"\\x6e\\u0065t/url"
)

import "errors"

var s = "import \\"nope\\""

const c = \`
import "nope2"
\`

func f() { _ = fmt.Sprint; _ = x.Args; _ = r.Join; _ = errors.New; _ = ToUpper }
`,
    'b.go': `package lexing; import ("io"; "bufio"); var _ io.Reader; var _ bufio.Reader`,
    'c.go': `${BOM}// +build linux

package lexing

import "sort"
`,
  },
  buildtags: {
    'gobuild.go': `//go:build windows
// +build linux

package buildtags

import "a/winonly"
`,
    'plusbuild_late.go': `// Package doc comment.
// +build ignore
package buildtags

import "a/docplus"
`,
    'plusbuild_and.go': `// +build linux,amd64 darwin
// +build cgo

package buildtags

import "a/linuxcgo"
`,
    'ignored.go': `//go:build ignore

package main

import "a/tool"
`,
    'negated.go': `//go:build !linux && !windows

package buildtags

import "a/other"
`,
    'release.go': `//go:build go1.21 && !go1.99 && unix && gc

package buildtags

import "a/modern"
`,
    'slashstar.go': `/*
//go:build ignore
*/

package buildtags

import "a/slashstar"
`,
  },
  // go list stops reading a package at a //go:build line it cannot parse (b.go here).
  badtags: {
    'a.go': 'package badtags\n\nimport "a/ok"\n',
    'a_windows.go': 'package badtags\n\nimport "a/win"\n',
    'b.go': '//go:build linux &&\n\npackage badtags\n',
    'c.go': 'package badtags\n',
  },
  multitags: {
    'ok.go': 'package multitags\n\nimport "a/ok"\n',
    'multi.go': '//go:build linux\n//go:build amd64\n\npackage multitags\n',
    'multi_windows.go': '//go:build linux\n//go:build amd64\n\npackage multitags\n',
    'parse_windows.go': 'package multitags\n\nimport "a b"\n',
  },
  suffixes: {
    'x.go': 'package suffixes\n',
    'linux.go': 'package suffixes\n\nimport "a/nameonly"\n',
    'x_linux.go': 'package suffixes\n\nimport "a/linux"\n',
    'x_windows_amd64.go': 'package suffixes\n\nimport "a/winamd64"\n',
    'x_arm64_test.go': 'package suffixes\n\nimport "a/arm64test"\n',
    'x_linux_test.go': 'package suffixes_test\n\nimport "a/linuxxtest"\n',
    'x_unknownos.go': 'package suffixes\n',
    'x_android.go': 'package suffixes\n\nimport "a/android"\n',
    'x_darwin_arm64.s': '// asm\n',
    'y_amd64.s': '#include "textflag.h"\n',
    '_skip.go': 'package other\n',
    '.hidden.go': 'package other\n',
  },
  cgo: {
    'a.go': `package cgo

/*
#cgo CFLAGS: -DX=1
#include <stdlib.h>
// import "inpreamble"
*/
import "C"

import "unsafe"

var _ unsafe.Pointer
`,
    'nocgo.go': '//go:build !cgo\n\npackage cgo\n\nimport "a/nocgo"\n',
    'b.go': 'package cgo\n\nimport "math"\n\nvar _ = math.Pi\n',
    'c.c': '// +build linux\n\nint x;\n',
    'w.c': '//go:build windows\n\nint y;\n',
    'h.h': '#define X 1\n',
    'asm.S': '// preprocessed asm\n',
    'asm2.sx': '// preprocessed asm\n',
    'k.cc': 'int k;\n',
    'm.m': 'int m;\n',
    'f.f90': '! fortran\n',
    's.swig': '%module s\n',
    'o.syso': Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
    'cgo_test.go': 'package cgo\n\nimport "C"\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n',
  },
  cgobad: {
    // #cgo lines that go list rejects (InvalidGoFiles), and ones it accepts.
    'ok.go': `package cgobad

// #cgo nocallback f
// #cgo noescape g
// #cgo linux,!cgo CFLAGS: -O2 -I\${SRCDIR}/inc
// #cgo pkg-config: zlib
// #cgo LDFLAGS: "-L/opt/a b" 'x'\\ y
import "C"
`,
    // Conditions are the fields before the verb, any one of which may hold: "amd64" does here.
    'fields.go': 'package cgobad\n\n// #cgo (windows || darwin) && amd64 BOGUS: x\nimport "C"\n',
    // One field with &, | or parentheses is a //go:build expression.
    'expr.go': 'package cgobad\n\n// #cgo (windows||darwin)&&amd64 BOGUS: x\nimport "C"\n',
    'noline.go': 'package cgobad\n\n// #cgo LDFLAGS -lm\nimport "C"\n',
    'noverb.go': 'package cgobad\n\n/*\n#cgo :\n*/\nimport "C"\n',
    'verb.go': 'package cgobad\n\n// #cgo linux BOGUS: x\nimport "C"\n',
    'unsafe.go': 'package cgobad\n\n// #cgo CFLAGS: -D\'a;b\'\nimport "C"\n',
    'empty.go': 'package cgobad\n\n// #cgo CFLAGS: ""\nimport "C"\n',
    'quote.go': 'package cgobad\n\n// #cgo CFLAGS: "-DX=1\nimport "C"\n',
    'escape.go': 'package cgobad\n\n// #cgo CFLAGS: -DX\\\nimport "C"\n',
    'second.go': 'package cgobad\n\n// #cgo CFLAGS: -O1\nimport "C"\n\n// #cgo windows LDFLAGS -lws2\nimport "C"\n',
    'onlywin.go': 'package cgobad\n\n// #cgo windows FOO: x\nimport "C"\n',
    'bad_test.go': 'package cgobad\n\n// #cgo CFLAGS -x\nimport "C"\n',
  },
  sonly: {
    'a.go': 'package sonly\n',
    'b.S': '// only with cgo\n',
    'c.s': '// plain asm\n',
  },
  tests: {
    'a.go': 'package tests\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n',
    'a_test.go': 'package tests\n\nimport "testing"\n',
    'b_test.go': 'package tests_test\n\nimport (\n\t"testing"\n\t"m.example/tests"\n)\n',
    'doc.go': 'package documentation\n\nimport "a/doc"\n',
    'other.go': 'package wrongname\n\nimport "a/wrong"\n',
  },
  broken: {
    'a.go': 'package broken\n\nimport "fmt"\n',
    'badpath.go': 'package broken\n\nimport "a b"\n',
    'badescape.go': 'package broken\n\nimport "a\\qb"\n',
    'nul.go': `package broken\n\nimport "os${NUL}"\n`,
    'late_nul.go': `package broken\n\nimport "io"\n\nfunc f() { _ = "${NUL}" }\n`,
    'nopkg.go': '// only a comment\n',
    'keyword.go': 'package func\n',
    'unterminated.go': 'package broken\n\nimport "strings\n',
    'bad_utf8.go': Buffer.concat([Buffer.from('package broken\n\n// bad \xff byte\nimport "bytes"\n', 'latin1')]),
    'semi.go': 'package broken; ; import "never"\n',
  },
  embeds: {
    'e.go': `package embeds

import "embed"

//go:embed static
var static embed.FS

//go:embed all:static/inner "quoted name.txt" \`raw.txt\`
//go:embed *.txt
var more embed.FS

// go:embed notadirective.txt
var x = "//go:embed instring.txt"
`,
    'f.go': 'package embeds\n\n//go:embed nofile.txt\nvar notEmbed string\n',
    'e_test.go': 'package embeds\n\nimport _ "embed"\n\n//go:embed testdata/t.txt\nvar t string\n',
    'x_test.go': 'package embeds_test\n\nimport _ "embed"\n\n//go:embed testdata\nvar t string\n',
    'quoted name.txt': 'q',
    'raw.txt': 'r',
    'a.txt': 'a',
    '.hidden.txt': 'h',
    'static/index.html': '<html>',
    'static/.dot': 'dot',
    'static/_under': 'under',
    'static/inner/.hidden': 'h',
    'static/inner/page.txt': 'p',
    'static/nested/go.mod': 'module nested\n',
    'static/nested/n.txt': 'n',
    'testdata/t.txt': 't',
    'testdata/deep/d.txt': 'd',
  },
  embedmissing: {
    'e.go':
      'package embedmissing\n\nimport _ "embed"\n\n//go:embed here.txt\nvar a string\n\n//go:embed missing/*.txt\nvar b string\n',
    'here.txt': 'h',
  },
  embedbad: {
    'e.go': 'package embedbad\n\nimport _ "embed"\n\n//go:embed ../up.txt\nvar a string\n',
  },
};

const CONTEXTS: [string, string, boolean][] = [
  ['linux', 'amd64', true],
  ['linux', 'amd64', false],
  ['windows', 'amd64', false],
  ['android', 'arm64', true],
  ['darwin', 'arm64', true],
];

function writeTree(root: string): void {
  fs.writeFileSync(path.join(root, 'go.mod'), 'module m.example\n\ngo 1.26\n');
  for (const [pkg, files] of Object.entries(FIXTURES)) {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(root, pkg, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
}

const sorted = (xs: unknown) => JSON.stringify([...((xs as string[]) ?? [])].sort());

function mismatches(want: GoListPackage, got: GoPackageFacts, label: string): string[] {
  const out: string[] = [];
  const check = (field: string, w: unknown, g: unknown) => {
    if (sorted(w) !== sorted(g)) out.push(`${label} ${field}: want ${sorted(w)} got ${sorted(g)}`);
  };
  if ((want.Name ?? '') !== got.name) out.push(`${label} Name: want ${want.Name} got ${got.name}`);
  for (const [g, f] of LIST_FIELDS) check(g, want[g], got[f]);
  for (const [g, f] of IMPORT_FIELDS) check(g, want[g], got[f]);
  check('TestEmbedFiles', want.TestEmbedFiles, got.testEmbedFiles);
  check('XTestEmbedFiles', want.XTestEmbedFiles, got.xTestEmbedFiles);
  return out;
}

describe('fixture packages vs go list', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-fixtures-'));
    writeTree(root);
    ageFiles(root);
  });
  // NX_GOPKG_KEEP_FIXTURES=1 keeps the module for inspection.
  afterAll(() =>
    process.env.NX_GOPKG_KEEP_FIXTURES
      ? console.log(`fixtures kept in ${root}`)
      : fs.rmSync(root, { recursive: true, force: true }),
  );

  const dirs = Object.keys(FIXTURES);

  it.each(CONTEXTS)('mode context equals go list for %s/%s cgo=%s', async (goos, goarch, cgo) => {
    const context: BuildContext = contextFromGo(goos, goarch, cgo);
    const env = { GOOS: goos, GOARCH: goarch, CGO_ENABLED: cgo ? '1' : '0', GOPROXY: 'off', GOWORK: 'off' };
    // -test fills TestEmbedFiles/XTestEmbedFiles on the package itself; its test variants are skipped.
    const listed = await goList(['-json', '-test', ...dirs.map((d) => './' + d)], { cwd: root, env });
    const byDir = new Map(
      listed
        .filter((p) => !p.ForTest && !p.ImportPath.includes(' ') && !p.ImportPath.endsWith('.test'))
        .map((p) => [p.Dir, p]),
    );
    const problems: string[] = [];
    for (const d of dirs) {
      const want = byDir.get(path.join(root, d));
      const got = scanPackageDir(path.join(root, d), { kind: 'context', context });
      if (!want || !got)
        problems.push(`${d}: go list ${want ? 'has' : 'lacks'} it, scanner ${got ? 'has' : 'lacks'} it`);
      else problems.push(...mismatches(want, got, `${goos}/${goarch} cgo=${cgo} ${d}`));
    }
    expect(problems).toEqual([]);
  });

  it('mode anyPlatform holds every context', async () => {
    const missing: string[] = [];
    for (const d of dirs) {
      const any = scanPackageDir(path.join(root, d), { kind: 'anyPlatform' })!;
      for (const [goos, goarch, cgo] of CONTEXTS) {
        const one = scanPackageDir(path.join(root, d), { kind: 'context', context: contextFromGo(goos, goarch, cgo) })!;
        for (const f of [
          'goFiles',
          'cgoFiles',
          'testGoFiles',
          'xTestGoFiles',
          'sFiles',
          'cFiles',
          'imports',
          'testImports',
          'xTestImports',
          'embedFiles',
        ] as const) {
          for (const x of one[f]) if (!any[f].includes(x)) missing.push(`${d} ${goos}/${goarch} ${f}: ${x}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents the tricky cases (hand-checked against the go list output above)', () => {
    const linux = contextFromGo('linux', 'amd64', true);
    const scan = (d: string) => scanPackageDir(path.join(root, d), { kind: 'context', context: linux })!;
    const lex = scan('lexing');
    expect(lex.imports).toEqual([
      'bufio',
      'embed',
      'errors',
      'fmt',
      'io',
      'net/url',
      'os',
      'path/filepath',
      'sort',
      'strings',
    ]);
    expect(lex.importPos.get('net/url')!.line).toBe(12);
    const cons = scan('buildtags');
    expect(cons.goFiles).toEqual(['plusbuild_and.go', 'plusbuild_late.go', 'release.go', 'slashstar.go']);
    const bad = scan('badtags');
    expect([bad.goFiles, bad.ignoredGoFiles, bad.imports]).toEqual([['a.go'], ['a_windows.go'], []]);
    const multi = scan('multitags');
    expect([multi.goFiles, multi.invalidGoFiles, multi.ignoredGoFiles]).toEqual([
      ['ok.go'],
      ['multi.go', 'multi_windows.go', 'parse_windows.go'],
      ['parse_windows.go'],
    ]);
    const broken = scan('broken');
    expect(broken.imports).toEqual(['fmt', 'io']);
    expect(broken.invalidGoFiles).toContain('nul.go');
    const emb = scan('embeds');
    expect(emb.embedPatterns).toEqual(['*.txt', 'all:static/inner', 'quoted name.txt', 'raw.txt', 'static']);
    expect(emb.embedFiles).toContain('static/inner/.hidden');
    expect(emb.embedFiles).not.toContain('static/.dot');
    expect(emb.embedFiles).not.toContain('static/nested/n.txt');
    expect(emb.testdataFiles).toEqual(['testdata/deep/d.txt', 'testdata/t.txt']);
    const missing = scan('embedmissing');
    expect(missing.embedFiles).toEqual([]);
    expect(missing.problems.map((p) => p.message)).toContain('pattern missing/*.txt: no matching files found');
  });
});
