// Seeded mutations of real Go files for the differential fuzz test. Mutations concentrate on
// the file head, where go/build reads constraints, the package clause and imports.
import { prng } from '../../../../tools/seeded-random';

export { prng };

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, n: number) => Math.floor(r() * n);

const TAGS = [
  'linux',
  'windows',
  'amd64',
  'arm64',
  'cgo',
  'ignore',
  'unix',
  'go1.18',
  'go1.99',
  'gc',
  'gccgo',
  'foo',
  'darwin',
  'js',
  'wasm',
  'amd64.v1',
  'goexperiment.x',
  'boringcrypto',
  'ios',
  'android',
];
const PATHS = [
  'fmt',
  'os',
  'embed',
  'C',
  'unsafe',
  'example.com/x',
  'a/b/c',
  'strings',
  'net/http',
  'x',
  'internal/abi',
  'golang.org/x/net/nettest',
];
const BAD_PATHS = [
  '',
  'a b',
  'a!b',
  'a\\\\b',
  '\\x41bc',
  '\\u00e9t\\u00e9',
  'é',
  'a\\tb',
  '\\xff',
  'a:b',
  'a"b',
  '\\U0001F600',
  'a\\nb',
  'x\\u2028y',
  'abc\\q',
  '\\400',
  '\\uD800',
];

function buildExpr(r: Rand, depth = 0): string {
  const k = int(r, depth > 2 ? 2 : 6);
  if (k <= 1) return pick(r, TAGS);
  if (k === 2) return '!' + buildExpr(r, depth + 1);
  if (k === 3) return `(${buildExpr(r, depth + 1)})`;
  return `${buildExpr(r, depth + 1)} ${pick(r, ['&&', '||', '&', '|', ' '])} ${buildExpr(r, depth + 1)}`;
}

function plusBuild(r: Rand): string {
  const n = 1 + int(r, 3);
  return Array.from({ length: n }, () =>
    Array.from({ length: 1 + int(r, 2) }, () => (r() < 0.3 ? '!' : '') + pick(r, TAGS)).join(','),
  ).join(' ');
}

function quoted(r: Rand, p: string): string {
  if (r() < 0.15) return '`' + p.replace(/`/g, '') + '`';
  return '"' + p + '"';
}

function importPath(r: Rand): string {
  return r() < 0.15 ? pick(r, BAD_PATHS) : pick(r, PATHS);
}

function importDecl(r: Rand): string {
  const spec = () => `${pick(r, ['', '', '_ ', '. ', 'x ', 'ali '])}${quoted(r, importPath(r))}`;
  if (r() < 0.5) return `import ${spec()}\n`;
  const specs = Array.from(
    { length: 1 + int(r, 3) },
    () => `\t${spec()}${pick(r, ['', ' // )', ' /* ) */', ';'])}\n`,
  ).join('');
  return `import (\n${specs})\n`;
}

function garbage(r: Rand): string {
  const parts = [
    '\x00',
    '\x80',
    '\xff',
    '\xc3',
    '\xe2\x80',
    '\\',
    '"',
    '`',
    "'",
    '/',
    '*',
    ')',
    '(',
    ';',
    '\r',
    '\t',
    '\ufeff',
    '\u00e9',
    '\u2028',
    '@',
    '#',
    '0x',
    '1e',
    '_',
    ' ',
  ];
  return Array.from({ length: 1 + int(r, 4) }, () => pick(r, parts)).join('');
}

const INSERTS: ((r: Rand) => string)[] = [
  (r) => `/* ${pick(r, ['import "fmt"', ')', 'x\n y', '*', '//go:build ignore', ''])} */`,
  (r) => `// ${pick(r, ['import "os"', ')', '"', '`', '+build linux', 'go:build linux'])}\n`,
  (r) => `//go:build ${buildExpr(r)}\n`,
  (r) => `// +build ${plusBuild(r)}\n`,
  (r) => `//+build ${plusBuild(r)}\n\n`,
  (r) =>
    `${pick(r, ['// see ', '\t', ' ', '\u00a0', '\u0085', '\v', '/', '// x // '])}${pick(r, ['//go:build linux', '// +build linux', '+build', 'go:build'])}\n`,
  () => '\n',
  () => '\n\n',
  (r) => importDecl(r),
  (r) => `"${pick(r, ['str', ')', 'import', '\\"', '\\n'])}"`,
  (r) => '`raw ' + pick(r, [')', '\n', '"', 'import "x"']) + '`',
  () => '\ufeff',
  (r) => garbage(r),
  (r) => `//go:embed ${pick(r, ['a.txt', '"b c"', '`d`', 'all:x', '*.go', '"bad', 'x y'])}\n`,
  (r) =>
    `/*\n#include <stdio.h>\n${pick(r, ['', '#cgo CFLAGS: -O2\n', '#cgo LDFLAGS -lm\n', '#cgo linux BOGUS: x\n', "#cgo CFLAGS: -D'a;b'\n", '#cgo windows FOO: y\n', '#cgo !cgo CFLAGS: "x\n'])}*/\nimport "C"\n`,
  (r) => `package ${pick(r, ['x', 'x_test', 'documentation', '_', 'func', 'main', 'p.q', '123', ''])}\n`,
  () => ';',
  (r) => pick(r, ['var x = 1\n', 'func f() {}\n', 'type T int\n', 'const c = "import"\n', 'importx "a"\n']),
];

/** End of the import block (roughly): where mutations are most interesting. */
function headEnd(src: string): number {
  const m = /\n(func|type|var|const) /.exec(src);
  return Math.min(src.length, (m ? m.index : src.length) + 80);
}

export interface Mutant {
  content: Buffer;
  /** What was done, for failure messages. */
  ops: string[];
}

/** `src` is the original file as bytes; mutations are applied to its latin1 image. */
export function mutate(r: Rand, src: Buffer): Mutant {
  let s = src.toString('latin1');
  const ops: string[] = [];
  const n = 1 + int(r, 3);
  for (let i = 0; i < n; i++) {
    const at = int(r, headEnd(s) + 1);
    const k = int(r, 20);
    if (k === 0 && s.length > 0) {
      const len = 1 + int(r, 20);
      ops.push(`delete ${at}+${len}`);
      s = s.slice(0, at) + s.slice(at + len);
    } else if (k === 1) {
      ops.push('crlf');
      s = s.replace(/\n/g, '\r\n');
    } else if (k === 2) {
      const bad = asBytes(quoted(r, pick(r, BAD_PATHS)));
      ops.push(`replace first import path with ${bad}`);
      s = s.replace(/"[^"\n]*"/, bad);
    } else {
      const ins = asBytes(pick(r, INSERTS)(r));
      ops.push(`insert at ${at}: ${JSON.stringify(ins)}`);
      s = s.slice(0, at) + ins + s.slice(at);
    }
  }
  return { content: Buffer.from(s, 'latin1'), ops };
}

/**
 * The latin1 image of inserted text: U+0080..U+00FF (except é) stand for raw bytes such as
 * invalid UTF-8; everything else is UTF-8 encoded.
 */
function asBytes(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out += c >= 0x80 && c <= 0xff && ch !== '\u00e9' ? ch : Buffer.from(ch, 'utf8').toString('latin1');
  }
  return out;
}
