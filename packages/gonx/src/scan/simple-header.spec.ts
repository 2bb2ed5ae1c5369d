// The header fast path (simple-header.ts) must change nothing: every GOROOT .go file and a
// seeded set of mutants parse to the same header with and without it (fast-header.ts, the tier
// before it, is off on both sides here; fast-header.spec.ts tests that one).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseGoFileHeader } from './header-reader';
import { parseSimpleHeader } from './simple-header';
import { goEnv } from './go-env';
import { mutate, prng } from './testing/fuzz-mutations';

const GOROOT = execFileSync('go', ['env', 'GOROOT'], { env: goEnv(), encoding: 'utf8' }).trim();
const MUTANTS = Number(process.env.GONX_HEADER_CASES ?? 5000); // more: GONX_HEADER_CASES=100000

jest.mock('./fast-header', () => ({ readFastHeader: () => undefined }));

/** header-reader loaded once more with the fast path switched off. */
let fullParse!: typeof parseGoFileHeader;
const declined = jest.fn(() => undefined);
jest.isolateModules(() => {
  jest.doMock('./simple-header', () => ({ parseSimpleHeader: declined }));
  fullParse = jest.requireActual<typeof import('./header-reader')>('./header-reader').parseGoFileHeader;
});

function goFiles(dir: string, out: string[] = []): string[] {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) goFiles(p, out);
    else if (d.isFile() && d.name.endsWith('.go')) out.push(p);
  }
  return out;
}

describe('parseSimpleHeader', () => {
  const files = goFiles(path.join(GOROOT, 'src'));

  it('is the full parser on every GOROOT .go file (testdata included)', () => {
    for (const f of files) {
      const src = fs.readFileSync(f);
      expect([f, parseGoFileHeader(src, f)]).toEqual([f, fullParse(src, f)]);
    }
    expect(files.length).toBeGreaterThan(5000);
    expect(declined).toHaveBeenCalled(); // the comparison really ran without the fast path
    console.log(`simple header: ${files.length} GOROOT files compared`);
  });

  it('is the full parser on mutated headers', () => {
    const r = prng(20261126);
    let differ = 0;
    for (let n = 0; n < MUTANTS; n++) {
      const f = files[Math.floor(r() * files.length)];
      const src = fs.readFileSync(f);
      const m = mutate(r, src);
      const got = parseGoFileHeader(m.content, f);
      const want = fullParse(m.content, f);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        differ++;
        expect({ ops: m.ops, mutant: m.content.toString('latin1'), got }).toEqual({ ops: m.ops, mutant: m.content.toString('latin1'), got: want });
      }
    }
    expect(differ).toBe(0);
  });

  it('declines what it does not handle', () => {
    const parse = (s: string) => parseSimpleHeader(Buffer.from(s), 0, Buffer.byteLength(s));
    expect(parse('package p\nimport "a"\n')).toEqual({ name: 'p', nameLine: 1, imports: [{ path: 'a', line: 2 }] });
    expect(parse('package p\nimport (\n\tx "a"\n\t. "b"; "c"\n)\n')).toBeUndefined(); // ';'
    expect(parse('package p\nimport "a" "b"\n')).toBeUndefined();
    expect(parse('package p\nimport "C"\n')).toBeUndefined();
    expect(parse('package p\nimport `a`\n')).toBeUndefined();
    expect(parse('package p\nimport "a\\x41"\n')).toBeUndefined();
    expect(parse('package é\n')).toBeUndefined();
    expect(parse('package p /* x\n*/ import "a"')).toEqual({ name: 'p', nameLine: 1, imports: [{ path: 'a', line: 2 }] });
    expect(parse('package p /* x */ import "a"')).toBeUndefined();
  });
});
