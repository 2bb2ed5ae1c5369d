// One workspace holding every kind of bad input nx-gopkg must survive (see e2e/robustness.e2e.ts).
// Valid modules (good/, tools/, the oddly named module directory) never import anything broken,
// so their builds must pass while every broken package fails with go's own message.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeProxy } from './goproxy';
import { TestWorkspace } from './workspace';

/** A module directory whose name holds a space, quotes, `$()`, a backquote and unicode (legal for go). */
export const ODD_MODULE_DIR = 'odd dir \'q\' "dq" $(touch pwned-dir) `x` ü';

/** Valid modules: every package in them must build. */
export const VALID_MODULES = ['good', 'tools', ODD_MODULE_DIR];

const thirdParty = {
  path: 'example.org/thirdparty',
  version: 'v1.0.0',
  files: {
    'go.mod': 'module example.org/thirdparty\n\ngo 1.21\n',
    'greet/greet.go': 'package greet\n\n// Word is the third-party word.\nfunc Word() string { return "hello" }\n',
  },
};

const requireThirdParty = 'require example.org/thirdparty v1.0.0\n';
const useThirdParty = 'import "example.org/thirdparty/greet"\n\nvar W = greet.Word()\n';

/**
 * Broken inputs: the file nx-gopkg should name in its warning (workspace-relative) and a pattern the
 * warning's reason must match, or `undefined` when nx-gopkg cannot know (go finds it while compiling).
 */
export interface BrokenCase {
  /** Project directory (the package). */
  dir: string;
  /** The file a nx-gopkg warning names, with the reason it gives; none when the scanner cannot know. */
  warning?: { file: string; reason: RegExp };
  /** What go says when building it. */
  goSays: RegExp;
  /**
   * False when nx-gopkg makes no project (warning only): a package whose only file has a bad
   * //go:build line has no files.
   */
  project?: false;
}

export const BROKEN: BrokenCase[] = [
  // Go syntax: only what go/build reads (the head) can be seen without compiling.
  { dir: 'broken/syntax/before', goSays: /syntax error/ },
  {
    dir: 'broken/syntax/inside',
    warning: { file: 'broken/syntax/inside/p.go', reason: /string|newline|syntax|expected/i },
    goSays: /string|newline|syntax/,
  },
  { dir: 'broken/syntax/after', goSays: /syntax error/ },
  {
    dir: 'broken/unterminated/comment',
    warning: { file: 'broken/unterminated/comment/p.go', reason: /comment/i },
    goSays: /comment not terminated|EOF/,
  },
  { dir: 'broken/unterminated/string', goSays: /string literal not terminated|newline in string/ },
  {
    dir: 'broken/utf8',
    warning: { file: 'broken/utf8/p.go', reason: /^3: illegal UTF-8 encoding$/ },
    goSays: /utf8\/p\.go:3:9: illegal UTF-8 encoding/,
  },
  {
    dir: 'broken/mismatch',
    warning: { file: 'broken/mismatch/b.go', reason: /package/ },
    goSays: /found packages a \(a\.go\) and b \(b\.go\)/,
  },
  // go list reports the package with an error and the file as invalid; nx-gopkg keeps it as a
  // project so that its go-build fails with go's message.
  {
    dir: 'broken/buildline',
    warning: { file: 'broken/buildline/p.go', reason: /parsing \/\/go:build line: missing close paren/ },
    goSays: /parsing \/\/go:build line/,
  },
  // A #cgo line go rejects: the file is invalid for go list, whether or not cgo is on.
  {
    dir: 'broken/cgoline',
    warning: { file: 'broken/cgoline/p.go', reason: /^ invalid #cgo verb: #cgo BOGUS: x$/ },
    goSays: /p\.go: invalid #cgo verb: #cgo BOGUS: x/,
  },
  { dir: 'broken/cycle/a', goSays: /import cycle not allowed/ },
  { dir: 'broken/cycle/b', goSays: /import cycle not allowed/ },
  {
    dir: 'broken/embed/nomatch',
    warning: { file: 'broken/embed/nomatch/p.go', reason: /^5: pattern nothing-\*\.txt: no matching files found$/ },
    goSays: /no matching files found/,
  },
  {
    dir: 'broken/embed/outside',
    warning: { file: 'broken/embed/outside/p.go', reason: /invalid pattern|\.\./ },
    goSays: /invalid pattern syntax/,
  },
  {
    dir: 'broken/embed/symlink',
    warning: { file: 'broken/embed/symlink/p.go', reason: /irregular|symlink/i },
    goSays: /cannot embed irregular file/,
  },
  // Module files.
  { dir: 'badmod', warning: { file: 'badmod/go.mod', reason: /./ }, goSays: /go\.mod:\d+/ },
  {
    dir: 'nomodline',
    warning: { file: 'nomodline/go.mod', reason: /missing module declaration/ },
    goSays: /missing module declaration/,
  },
  {
    dir: 'gowork/m/p',
    warning: { file: 'gowork/go.work', reason: /missing|does not exist|no go\.mod|not found/i },
    goSays: /missing|no such file|cannot load module/,
  },
  { dir: 'nosum', goSays: /missing go\.sum entry/ },
  { dir: 'garbagesum', warning: { file: 'garbagesum/go.sum', reason: /./ }, goSays: /malformed go\.sum/ },
  { dir: 'replout', goSays: /replacement directory|no such file|does not contain|outside/ },
  { dir: 'replmissing', goSays: /replacement directory|no such file/ },
  { dir: 'vendored', warning: { file: 'vendored/vendor/modules.txt', reason: /./ }, goSays: /inconsistent vendoring/ },
  { dir: 'newgo', goSays: /requires go >= 1\.99/ },
  // Names go rejects as import paths or file names.
  { dir: 'names/sp ace', goSays: /malformed import path|invalid char/ },
  { dir: "names/q'uote", goSays: /malformed import path|invalid char/ },
  { dir: 'names/d$(touch pwned-d)', goSays: /malformed import path|invalid char/ },
  { dir: 'names/bt`touch pwned-bt`', goSays: /malformed import path|invalid char/ },
  { dir: 'names/ünï', goSays: /malformed import path|invalid char/ },
  { dir: 'names/inj', goSays: /invalid input file name/ },
];

export function robustnessFiles(): Record<string, string> {
  const mod = (name: string, extra = '') => `module example.com/${name}\n\ngo 1.24\n${extra}`;
  const files: Record<string, string> = {
    // ---- valid: good/ ----
    'good/go.mod': mod('good', `\n${requireThirdParty}`),
    'good/lib/lib.go': `package lib\n\n${useThirdParty}\n// Name is the library's name.\nfunc Name() string { return "lib" }\n`,
    'good/app/main.go':
      'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/good/lib"\n\t"example.com/good/bom"\n)\n\nfunc main() { fmt.Println(lib.Name(), bom.X) }\n',
    // A BOM before the package clause is legal Go.
    'good/bom/bom.go': '\ufeffpackage bom\n\n// X is exported.\nconst X = 1\n',
    'good/loop/loop.go': 'package loop\n',
    'good/secret/secret.go': 'package secret\n\n// S is a secret.\nconst S = 1\n',
    // node_modules (nested, so the workspace's own symlinked node_modules stays untouched).
    'web/node_modules/dep/x.go': 'package dep\n\nimport "example.com/doesnotexist"\n',
    'web/node_modules/dep/nested/go.mod': 'module example.com/nested\n',
    'web/node_modules/dep/nested/y.go': 'package y\n',
    'web/index.ts': 'export const x = 1;\n',
    // ---- valid: tools/ (two main packages both named gen) ----
    'tools/go.mod': mod('tools'),
    'tools/a/cmd/gen/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("I am tools/a/cmd/gen") }\n',
    'tools/b/cmd/gen/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("I am tools/b/cmd/gen") }\n',
    // ---- valid: a module in an oddly named directory ----
    [`${ODD_MODULE_DIR}/go.mod`]: mod('odd'),
    [`${ODD_MODULE_DIR}/lib/lib.go`]: 'package lib\n\n// V is exported.\nconst V = 1\n',
    [`${ODD_MODULE_DIR}/cmd/odd/main.go`]:
      'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/odd/lib"\n)\n\nfunc main() { fmt.Println("odd", lib.V) }\n',

    // ---- broken: broken/ ----
    'broken/go.mod': mod('broken'),
    'broken/syntax/before/p.go': 'package p\n\nvar x = = 1\n\nimport "fmt"\n',
    'broken/syntax/inside/p.go': 'package p\n\nimport (\n\t"fmt\n\t"os"\n)\n',
    'broken/cgoline/p.go': 'package p\n\n// #cgo BOGUS: x\nimport "C"\n',
    'broken/syntax/after/p.go': 'package p\n\nimport "fmt"\n\nfunc f() { fmt.Println( }\n',
    'broken/unterminated/comment/p.go': 'package p\n\n/* this comment never ends\nimport "fmt"\n',
    'broken/unterminated/string/p.go': 'package p\n\nvar s = "never ends\n',
    'broken/mismatch/a.go': 'package a\n',
    'broken/mismatch/b.go': 'package b\n',
    'broken/buildline/p.go': '//go:build (linux && \n\npackage p\n',
    'broken/cycle/a/a.go': 'package a\n\nimport "example.com/broken/cycle/b"\n\nvar A = b.B\n',
    'broken/cycle/b/b.go': 'package b\n\nimport "example.com/broken/cycle/a"\n\nvar B = a.A\n',
    'broken/embed/nomatch/p.go': 'package p\n\nimport _ "embed"\n\n//go:embed nothing-*.txt\nvar s string\n',
    'broken/embed/outside/p.go': 'package p\n\nimport _ "embed"\n\n//go:embed ../../go.mod\nvar s string\n',
    'broken/embed/symlink/p.go': 'package p\n\nimport _ "embed"\n\n//go:embed link.txt\nvar s string\n',
    'broken/embed/symlink/target.txt': 'target\n',
    // ---- broken module files ----
    'badmod/go.mod': 'module example.com/badmod\n\ngo 1.24\n\nrequire (\n\texample.org/thirdparty v1.0.0\n',
    'badmod/p.go': 'package badmod\n',
    'nomodline/go.mod': 'go 1.24\n',
    'nomodline/p.go': 'package nomodline\n',
    'gowork/go.work': 'go 1.24\n\nuse (\n\t./m\n\t./missing\n)\n',
    'gowork/m/go.mod': mod('gw'),
    'gowork/m/p/p.go': 'package p\n',
    'nosum/go.mod': mod('nosum', `\n${requireThirdParty}`),
    'nosum/p.go': `package nosum\n\n${useThirdParty}`,
    'garbagesum/go.mod': mod('garbagesum', `\n${requireThirdParty}`),
    'garbagesum/p.go': `package garbagesum\n\n${useThirdParty}`,
    'replout/go.mod': mod(
      'replout',
      `\n${requireThirdParty}\nreplace example.org/thirdparty => ../../outside-of-the-workspace\n`,
    ),
    'replout/p.go': `package replout\n\n${useThirdParty}`,
    'replmissing/go.mod': mod('replmissing', `\n${requireThirdParty}\nreplace example.org/thirdparty => ./nope\n`),
    'replmissing/p.go': `package replmissing\n\n${useThirdParty}`,
    'vendored/go.mod': mod('vendored', `\n${requireThirdParty}`),
    'vendored/p.go': `package vendored\n\n${useThirdParty}`,
    'vendored/vendor/modules.txt':
      '# example.org/thirdparty v1.1.0\n## explicit; go 1.21\nexample.org/thirdparty/greet\n',
    'vendored/vendor/example.org/thirdparty/greet/greet.go':
      'package greet\n\nfunc Word() string { return "vendored" }\n',
    'newgo/go.mod': 'module example.com/newgo\n\ngo 1.99\n',
    'newgo/p.go': 'package newgo\n',
    // ---- names go rejects ----
    'names/go.mod': mod('names'),
    'names/sp ace/p.go': 'package p\n',
    "names/q'uote/p.go": 'package p\n',
    'names/d$(touch pwned-d)/p.go': 'package p\n',
    'names/bt`touch pwned-bt`/p.go': 'package p\n',
    'names/ünï/p.go': 'package p\n',
    'names/inj/$(touch pwned).go': 'package inj\n',
    'names/inj/ok.go': 'package inj\n',
  };
  // Duplicate requires (the same requirement twice; go accepts it): a valid package.
  files['duprequire/go.mod'] = mod('duprequire', `\n${requireThirdParty}${requireThirdParty}`);
  files['duprequire/p.go'] = 'package duprequire\n';
  // Invalid UTF-8 and an unterminated string, written as bytes below.
  return files;
}

/** Broken module files whose packages are projects nx-gopkg cannot vouch for; go decides. */
export interface RobustnessFixture {
  ws: TestWorkspace;
  /** Whether the test runs as root (chmod 000 does not stop root from reading). */
  root: boolean;
}

export function createRobustnessFixture(nxJson: object): RobustnessFixture {
  const ws = TestWorkspace.create(robustnessFiles(), nxJson);
  const proxyUrl = writeProxy(path.join(ws.dir, '.e2e/proxy'), [thirdParty]);
  ws.env.GOPROXY = proxyUrl;
  ws.env.GOMODCACHE = path.join(ws.dir, '.e2e/gomodcache');
  const abs = (rel: string) => path.join(ws.dir, rel);
  for (const d of ['broken/utf8', 'good/big']) fs.mkdirSync(abs(d), { recursive: true });

  // Raw bytes: invalid UTF-8 in a comment (go rejects the file).
  fs.writeFileSync(
    abs('broken/utf8/p.go'),
    Buffer.concat([
      Buffer.from('package p\n\n// bad: '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('\nconst X = 1\n'),
    ]),
  );
  // A 20 MB file that compiles quickly: comments and one constant.
  const line = `// ${'generated filler '.repeat(4)}\n`;
  const lines = Math.ceil((20 * 1024 * 1024) / line.length);
  fs.writeFileSync(
    abs('good/big/big.go'),
    `// Code generated for the robustness test. DO NOT EDIT.\n\npackage big\n\n${line.repeat(lines)}\n// Lines is the filler size.\nconst Lines = ${lines}\n`,
  );
  // Symlinks: a loop, a dangling pair, a directory link to the module root, and an embedded link.
  fs.symlinkSync('.', abs('good/loop/self'));
  fs.symlinkSync('b', abs('good/loop/a'));
  fs.symlinkSync('a', abs('good/loop/b'));
  fs.symlinkSync('..', abs('good/loop/up'));
  fs.symlinkSync('target.txt', abs('broken/embed/symlink/link.txt'));
  // go.sum: real for good/ (go mod tidy through the local proxy), garbage lines for garbagesum/.
  const tidy = ws.run('go', ['mod', 'tidy'], { GOWORK: 'off' }, abs('good'));
  if (tidy.code !== 0) throw new Error(`go mod tidy failed:\n${tidy.output}`);
  fs.writeFileSync(abs('garbagesum/go.sum'), `this is not a go.sum line\n${ws.read('good/go.sum')}\x00\xff garbage\n`);
  fs.copyFileSync(abs('good/go.sum'), abs('duprequire/go.sum'));
  // Unreadable: stops non-root users only.
  fs.chmodSync(abs('good/secret/secret.go'), 0o000);
  const root = process.getuid?.() === 0;
  return { ws, root };
}
