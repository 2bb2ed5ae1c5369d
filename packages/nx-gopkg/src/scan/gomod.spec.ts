import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseGoMod } from './gomod';
import { canonicalModuleVersion, checkImportPath, pathMajor } from './module-path';
import { canonicalSemver, isValidSemver } from './semver';
import { describeWithGo, GOROOT, mutations, runGoAsync, scriptTestFiles } from '../test-support/go-oracle';
import { mapLimit } from '../test-support/map-limit';
import { tempDir } from '../test-support/temp-dir';
import type { GoModFile } from './types';

const RICH = `// Module comment.
//
// Deprecated: use example.com/other instead.
module "example.com/m" // the module

go 1.25.0

toolchain go1.25.1

godebug (
	default=go1.21
	panicnil=1
)
godebug http2client=0

require example.com/a v1.2 // indirect
require (
	example.com/b/v2 v2.0.0
	// above c
	example.com/c v1.0.0 // indirect; used by a
	example.com/d v1.0.0 // indirectly
	gopkg.in/yaml.v3 v3.0.1
	example.com/e v2.0.0+incompatible
	"example.com/quoted" v0.0.0-20200101000000-abcdefabcdef
)
replace example.com/a => ../a
replace example.com/b/v2 v2.0.0 => example.com/bb/v2 v2.1.0
replace (
	example.com/c v1.0.0 => ./local/c
	example.com/d => /abs/d
)
exclude example.com/c v1.1.0
exclude (
	example.com/d v1.0.1
)
// Published by accident.
retract [v1.0.0, v1.0.5]
retract (
	v1.1.0 // broken build
	// Bad tag.
	v1.2.0
)
tool example.com/a/cmd/x
tool (
	example.com/b/v2/cmd/y
)
ignore ./node_modules
ignore (
	static
	"./b/c"
)
`;

/** Our GoModFile in the shape of \`go mod edit -json\` output. */
function toEditJson(mod: GoModFile): unknown {
  const mv = (m: { path: string; version?: string }) =>
    m.version ? { Path: m.path, Version: m.version } : { Path: m.path };
  const out: Record<string, unknown> = {
    Module: mod.deprecated ? { Path: mod.module, Deprecated: mod.deprecated } : { Path: mod.module },
  };
  if (mod.go) out.Go = mod.go;
  if (mod.toolchain) out.Toolchain = mod.toolchain;
  if (mod.godebug.length) out.GoDebug = mod.godebug.map((g) => ({ Key: g.key, Value: g.value }));
  const list = <T, U>(xs: T[], f: (x: T) => U): U[] | null => (xs.length ? xs.map(f) : null);
  out.Require = list(mod.require, (r) => ({ ...mv(r), ...(r.indirect ? { Indirect: true } : {}) }));
  out.Exclude = list(mod.exclude, mv);
  out.Replace = list(mod.replace, (r) => ({ Old: mv(r.old), New: mv(r.new) }));
  out.Retract = list(mod.retractIntervals ?? [], (r) => ({
    ...(r.low ? { Low: r.low } : {}),
    ...(r.high ? { High: r.high } : {}),
    ...(r.rationale ? { Rationale: r.rationale } : {}),
  }));
  out.Tool = list(mod.tool, (p) => ({ Path: p }));
  out.Ignore = list(mod.ignore, (p) => ({ Path: p }));
  return out;
}

/**
 * go.mod problems that `go mod edit` does not report: it accepts duplicate requires and a
 * missing module line (go build rejects both).
 */
const syntaxProblems = (mod: GoModFile) =>
  mod.problems.filter((p) => !p.message.startsWith('duplicate require') && p.message !== 'missing module declaration');

/** The script-test corpus is large (~1100 files); all of it with NX_GOPKG_ORACLE_FULL=1, else every 8th. */
const sample = <T>(xs: T[]): T[] => (process.env.NX_GOPKG_ORACLE_FULL ? xs : xs.filter((_, i) => i % 8 === 0));

describe('parseGoMod', () => {
  it('reads every directive in line and block form', () => {
    const mod = parseGoMod(RICH, '/w/go.mod');
    expect(mod.problems).toEqual([]);
    expect(mod.module).toBe('example.com/m');
    // The paragraph runs to the end of the comments, which include the suffix comment.
    expect(mod.deprecated).toBe('use example.com/other instead.\nthe module');
    expect(mod.go).toBe('1.25.0');
    expect(mod.toolchain).toBe('go1.25.1');
    expect(mod.godebug).toEqual([
      { key: 'default', value: 'go1.21' },
      { key: 'panicnil', value: '1' },
      { key: 'http2client', value: '0' },
    ]);
    expect(mod.require).toEqual([
      { path: 'example.com/a', version: 'v1.2.0', indirect: true, line: 16 },
      { path: 'example.com/b/v2', version: 'v2.0.0', indirect: false, line: 18 },
      { path: 'example.com/c', version: 'v1.0.0', indirect: true, line: 20 },
      { path: 'example.com/d', version: 'v1.0.0', indirect: false, line: 21 },
      { path: 'gopkg.in/yaml.v3', version: 'v3.0.1', indirect: false, line: 22 },
      { path: 'example.com/e', version: 'v2.0.0+incompatible', indirect: false, line: 23 },
      { path: 'example.com/quoted', version: 'v0.0.0-20200101000000-abcdefabcdef', indirect: false, line: 24 },
    ]);
    expect(mod.replace).toEqual([
      { old: { path: 'example.com/a' }, new: { path: '../a' }, line: 26 },
      {
        old: { path: 'example.com/b/v2', version: 'v2.0.0' },
        new: { path: 'example.com/bb/v2', version: 'v2.1.0' },
        line: 27,
      },
      { old: { path: 'example.com/c', version: 'v1.0.0' }, new: { path: './local/c' }, line: 29 },
      { old: { path: 'example.com/d' }, new: { path: '/abs/d' }, line: 30 },
    ]);
    expect(mod.exclude).toEqual([
      { path: 'example.com/c', version: 'v1.1.0' },
      { path: 'example.com/d', version: 'v1.0.1' },
    ]);
    expect(mod.retract).toEqual(['[v1.0.0, v1.0.5]', 'v1.1.0', 'v1.2.0']);
    expect(mod.retractIntervals).toEqual([
      { low: 'v1.0.0', high: 'v1.0.5', rationale: 'Published by accident.' },
      { low: 'v1.1.0', high: 'v1.1.0', rationale: 'broken build' },
      { low: 'v1.2.0', high: 'v1.2.0', rationale: 'Bad tag.' },
    ]);
    expect(mod.tool).toEqual(['example.com/a/cmd/x', 'example.com/b/v2/cmd/y']);
    expect(mod.ignore).toEqual(['./node_modules', 'static', './b/c']);
  });

  it('reports a missing module line, duplicate requires and bad lines with line numbers', () => {
    const mod = parseGoMod(
      [
        'go 1.22', // 1
        'require example.com/a v1.0.0', // 2
        'require example.com/a v1.1.0', // 3
        'require example.com/b master', // 4
        'frobnicate x', // 5
        'replace example.com/c => example.com/d', // 6
        'require example.com/e/v2 v1.0.0', // 7
        'go 1.23', // 8
        'exclude ( /* x */ )', // 9
        'require example.com/f v1.0.0', // 10
      ].join('\n'),
      '/w/go.mod',
    );
    expect(mod.require.map((r) => `${r.path}@${r.version}`)).toEqual([
      'example.com/a@v1.0.0',
      'example.com/a@v1.1.0',
      'example.com/f@v1.0.0',
    ]);
    const byLine = mod.problems.map((p) => [p.line, p.message]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        [undefined, 'missing module declaration'],
        [3, expect.stringContaining('duplicate require of example.com/a')],
        [4, expect.stringContaining('must be of the form v1.2.3')],
        [5, 'unknown directive: frobnicate'],
        [6, expect.stringContaining('replacement module without version must be directory path')],
        [7, expect.stringContaining('should be v2, not v1')],
        [8, 'repeated go statement'],
        [9, 'mod files must use // comments (not /* */ comments)'],
      ]),
    );
    expect(mod.go).toBe('1.22');
  });

  it('reports block errors and keeps reading after them', () => {
    const unknownBlock = parseGoMod('module m\nfoo (\n\tx\n)\nrequire a.com/b v1.0.0\n', '/go.mod');
    expect(unknownBlock.problems).toEqual([
      { kind: 'module-file', file: '/go.mod', line: 2, message: 'unknown block type: foo' },
    ]);
    expect(unknownBlock.require).toHaveLength(1);
    const unterminated = parseGoMod('module m\nrequire (\n\ta.com/b v1.0.0\n', '/go.mod');
    expect(unterminated.problems[0].message).toMatch(/unterminated block/);
    const afterParen = parseGoMod('module m\nrequire (\n\ta.com/b v1.0.0\n) x\n', '/go.mod');
    expect(afterParen.problems[0]).toMatchObject({
      line: 4,
      message: 'syntax error (expected newline after closing paren)',
    });
  });

  it('unquotes quoted strings and rejects raw strings in directives, as go does', () => {
    expect(parseGoMod('module "a.com/\\u00e9"\n', 'f').module).toBe('a.com/é');
    const raw = parseGoMod('module `a.com/m`\n', 'f');
    expect(raw.module).toBe('');
    expect(raw.problems.map((p) => p.message)).toContain('invalid quoted string: unquoted string cannot contain quote');
    expect(parseGoMod('module "a.com/m\n', 'f').problems[0].message).toBe('unexpected newline in string');
  });

  it('treats only "indirect" or "indirect;" as the indirect marker', () => {
    const mod = parseGoMod(
      'module m\nrequire (\n\ta.com/a v1.0.0 //indirect\n\ta.com/b v1.0.0 // indirect ; x\n\ta.com/c v1.0.0 // indirect; x\n\ta.com/d v1.0.0 // Indirect\n)\n',
      'f',
    );
    expect(mod.require.map((r) => r.indirect)).toEqual([true, false, true, false]);
  });

  it('never throws on arbitrary input', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = [
      'module',
      'require',
      'replace',
      'retract',
      '(',
      ')',
      '[',
      ']',
      ',',
      '=>',
      '"',
      '`',
      '//',
      '/*',
      '\n',
      ' ',
      'v1.0.0',
      'a.com/x',
      '\\',
      '\u0000',
      'é',
      'indirect',
    ];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(rand() * 40) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join('');
      expect(() => parseGoMod(text, 'f')).not.toThrow();
    }
  });
});

describe('semver helpers', () => {
  it('canonicalizes like golang.org/x/mod', () => {
    expect(canonicalSemver('v1')).toBe('v1.0.0');
    expect(canonicalSemver('v1.2')).toBe('v1.2.0');
    expect(canonicalSemver('v1.2.3+meta')).toBe('v1.2.3');
    expect(canonicalSemver('v1.2-pre')).toBe('');
    expect(canonicalSemver('v01.2.3')).toBe('');
    expect(canonicalSemver('v1.2.3-01')).toBe('');
    expect(canonicalModuleVersion('v2.0.0+incompatible')).toBe('v2.0.0+incompatible');
    expect(isValidSemver('v1.2.3-rc.1+build.5')).toBe(true);
    expect(isValidSemver('1.2.3')).toBe(false);
  });

  it('splits major version suffixes like module.SplitPathVersion', () => {
    expect(pathMajor('example.com/m')).toBe('');
    expect(pathMajor('example.com/m/v2')).toBe('/v2');
    expect(pathMajor('example.com/m/v1')).toBeUndefined();
    expect(pathMajor('example.com/m/v0')).toBeUndefined();
    expect(pathMajor('example.com/m/v2.1')).toBeUndefined();
    expect(pathMajor('gopkg.in/yaml.v3')).toBe('.v3');
    expect(pathMajor('gopkg.in/yaml.v0')).toBe('.v0');
    expect(pathMajor('gopkg.in/check.v1-unstable')).toBe('.v1-unstable');
    expect(pathMajor('gopkg.in/yaml')).toBeUndefined();
  });
});

describe('checkImportPath', () => {
  it('accepts what module.CheckImportPath accepts and explains the rest like go', () => {
    for (const ok of ['example.com/a', 'a/b+c/d~x/e_f/g-h/v1.2', 'c++', 'x/.hidden'])
      expect(checkImportPath(ok)).toBeUndefined();
    expect(checkImportPath('a/con')).toBe(
      'malformed import path "a/con": "con" disallowed as path element component on Windows',
    );
    expect(checkImportPath('a/nul.txt')).toMatch(/"nul" disallowed/);
    expect(checkImportPath('a/x~1')).toMatch(/trailing tilde and digits in path element$/);
    expect(checkImportPath('a/b.')).toMatch(/trailing dot in path element$/);
    expect(checkImportPath('a/..')).toMatch(/invalid path element "\.\."$/);
    expect(checkImportPath('a//b')).toMatch(/double slash$/);
    expect(checkImportPath('-a')).toMatch(/leading dash$/);
    expect(checkImportPath('a/é')).toMatch(/invalid char 'é'$/);
  });
});

describeWithGo('parseGoMod against `go mod edit -json`', () => {
  /** Writes text to a temp go.mod, asks go, and compares with our parse. */
  async function compare(text: string, dir: string, name: string): Promise<string | undefined> {
    const file = path.join(dir, `${name}.mod`);
    fs.writeFileSync(file, text);
    const go = await runGoAsync(['mod', 'edit', '-json', file], dir);
    const ours = parseGoMod(text, file);
    if (go.status !== 0) {
      return syntaxProblems(ours).length > 0
        ? undefined
        : `${name}: go rejects it but we found no problem:\n${go.stderr}`;
    }
    if (syntaxProblems(ours).length > 0) return `${name}: go accepts it but we report ${JSON.stringify(ours.problems)}`;
    const want = JSON.parse(go.stdout);
    const got = toEditJson(ours);
    return JSON.stringify(got) === JSON.stringify(want)
      ? undefined
      : `${name}: got ${JSON.stringify(got)}\nwant ${JSON.stringify(want)}`;
  }

  it('matches on a rich go.mod', async () => {
    expect(await compare(RICH, tempDir('gomod'), 'rich')).toBeUndefined();
  });

  it('matches on random mutations of the rich go.mod (accepted or rejected alike)', async () => {
    const mutants = mutations(RICH, process.env.NX_GOPKG_ORACLE_FULL ? 1000 : 80);
    const dir = tempDir('gomod-mutants');
    const failures = await mapLimit(mutants, 4, (m) => compare(m.text, dir, m.name));
    expect(failures.filter(Boolean)).toEqual([]);
  });

  it('matches on every go.mod under GOROOT/src', async () => {
    const files = findFiles(path.join(GOROOT, 'src'), 'go.mod');
    expect(files.length).toBeGreaterThanOrEqual(15);
    const dir = tempDir('gomod-goroot');
    const failures = await mapLimit(files, 4, (f) => compare(fs.readFileSync(f, 'utf8'), dir, f.replace(/\W/g, '_')));
    expect(failures.filter(Boolean)).toEqual([]);
  });

  it('matches on every go.mod in cmd/go script tests (valid and invalid ones)', async () => {
    const all = scriptTestFiles('go.mod');
    expect(all.length).toBeGreaterThan(1000);
    const files = sample(all);
    const dir = tempDir('gomod-scripts');
    const failures = await mapLimit(files, 4, (f) => compare(f.content, dir, f.origin.replace(/\W/g, '_')));
    expect(failures.filter(Boolean)).toEqual([]);
  });
});

function findFiles(dir: string, base: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(p, base));
    else if (e.name === base) out.push(p);
  }
  return out.sort();
}
