// embed-directives.ts finds //go:embed comments by skipping text with one regular expression. It
// must find exactly the comments go/scanner's tokens hold: compared with a token-by-token
// reference (GoScanner) on every GOROOT .go file and on mutants full of strings and comments.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { embedDirective, scanEmbeds } from './embed-directives';
import { GoScanner } from './go-scanner';
import { goEnv } from './go-env';
import { mutate, prng } from '../test-support/fuzz-mutations';

const GOROOT = execFileSync('go', ['env', 'GOROOT'], { env: goEnv(), encoding: 'utf8' }).trim();
const MUTANTS = Number(process.env.NX_GOPKG_HEADER_CASES ?? 5000);

/** The reference: every COMMENT token starting with //go:embed. */
function byTokens(b: Buffer, start: number): { pattern: string; line: number }[] {
  const out: { pattern: string; line: number }[] = [];
  const sc = new GoScanner(b, start, b.length);
  for (let t = sc.scan(); t.kind !== 'EOF'; t = sc.scan()) {
    if (t.kind !== 'COMMENT' || !t.lit.startsWith('//go:embed')) continue;
    for (const pattern of embedDirective(t.lit) ?? []) out.push({ pattern, line: t.line });
  }
  return out;
}

function goFiles(dir: string, out: string[] = []): string[] {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) goFiles(p, out);
    else if (d.isFile() && d.name.endsWith('.go')) out.push(p);
  }
  return out;
}

/** Text that moves //go:embed into and out of strings, runes and comments. */
const TRICKS = [
  '"',
  "'",
  '`',
  '/*',
  '*/',
  '//',
  '\\',
  '\n',
  '\r',
  '//go:embed x.txt\n',
  '"//go:embed s"',
  '`\n//go:embed r\n`',
  "'\"'",
  '"\\"',
  '/* //go:embed c */',
  '\xff',
  '\0',
];

describe('scanEmbeds', () => {
  const files = goFiles(path.join(GOROOT, 'src'));

  it('finds the directives go/scanner finds in every GOROOT .go file', () => {
    let found = 0;
    for (const f of files) {
      const b = fs.readFileSync(f);
      const got = scanEmbeds(b, 0);
      found += got.length;
      expect([f, got]).toEqual([f, byTokens(b, 0)]);
    }
    expect(found).toBeGreaterThan(20);
  });

  it('finds them in mutants', () => {
    const r = prng(27112026);
    let found = 0;
    for (let n = 0; n < MUTANTS; n++) {
      const f = files[Math.floor(r() * files.length)];
      let b = mutate(r, fs.readFileSync(f)).content;
      // Tricky text at random places past the header too, where the directives live.
      const s = b.toString('latin1');
      let t = s;
      for (let k = 0; k < 6; k++) {
        const at = Math.floor(r() * t.length);
        t = t.slice(0, at) + TRICKS[Math.floor(r() * TRICKS.length)] + t.slice(at);
      }
      b = Buffer.from(t, 'latin1');
      const got = scanEmbeds(b, 0);
      found += got.length;
      const want = byTokens(b, 0);
      if (JSON.stringify(got) !== JSON.stringify(want)) expect({ f, text: t, got }).toEqual({ f, text: t, got: want });
    }
    expect(found).toBeGreaterThan(MUTANTS / 10);
  });

  it('skips strings, runes, raw strings and comments as go/scanner does', () => {
    const src = [
      'package p',
      'var a = "//go:embed no1" // x',
      "var b = '\"' //go:embed yes1",
      'var c = `',
      '//go:embed no2`',
      '/* //go:embed no3 */ var d int',
      'var e = "unterminated',
      '//go:embed yes2',
      'var f = "\\\\" //go:embed yes3',
      'var g = "\\"//go:embed no4"',
      '//go:em\rbed yes4\r',
      '/* unterminated //go:embed no5',
    ].join('\n');
    expect(scanEmbeds(Buffer.from(src), 0)).toEqual([
      { pattern: 'yes1', line: 3 },
      { pattern: 'yes2', line: 8 },
      { pattern: 'yes3', line: 9 },
      { pattern: 'yes4', line: 11 },
    ]);
  });
});
