// Output attribution of batched go invocations. The JSON streams are recorded from real go in a
// temporary module (beforeAll), then fed to the parsers in memory; runGroup is exercised end to end.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  attributeBuild,
  attributeTest,
  attributeVet,
  baseOf,
  depsFromList,
  ownerOf,
  parseJsonStream,
  splitHeaderBlocks,
  type ListedDeps,
} from './batch-parse';
import { chunkArgs, listFlags, planBatch } from './batch-plan';
import { runGroup } from './batch';
import type { GoExecutorOptions } from './schema';

const M = 'example.com/m';
const env = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off', GOPROXY: 'off', GOSUMDB: 'off' };
let dir: string;

const files: Record<string, string> = {
  'go.mod': `module ${M}\n\ngo 1.24\n`,
  'a/a.go': 'package a\n\nfunc A() int { return 1 + "x" }\n',
  'a/a_test.go': 'package a\n\nimport "testing"\n\nfunc TestAlpha(t *testing.T) {}\n',
  'b/b.go': `package b\n\nimport "${M}/a"\n\nfunc B() int { return a.A() }\n`,
  'b/b_test.go': 'package b\n\nimport "testing"\n\nfunc TestBravo(t *testing.T) { t.Log("from bravo") }\n',
  'c/c.go': 'package c\n\nfunc C() int { return 3 }\n',
  'c/c_test.go':
    'package c\n\nimport "testing"\n\nfunc TestCharlie(t *testing.T) { t.Log("from charlie") }\nfunc TestCharlie2(t *testing.T) {}\n',
  'd/d.go': 'package d\n\nfunc D() int { return 4 }\n',
  'd/d_test.go': `package d_test\n\nimport (\n\t"testing"\n\n\t"${M}/a"\n)\n\nfunc TestDelta(t *testing.T) { _ = a.A() }\n`,
  'f/f.go': 'package f\n\nfunc F() int { return 6 }\n',
  'f/f_test.go': 'package f\n\nimport "testing"\n\nfunc TestFoxtrot(t *testing.T) { t.Fatal("foxtrot fails") }\n',
  'v/v.go': 'package v\n\nimport "fmt"\n\nfunc V() { fmt.Printf("%d\\n", "x") }\n',
  'v/v_test.go': 'package v\n\nimport "testing"\n\nfunc TestVictor(t *testing.T) {}\n',
  'e/e.go': `package e\n\nimport _ "${M}/missing"\n`,
  'cmd/app/main.go': `package main\n\nimport "${M}/b"\n\nfunc main() { println(b.B()) }\n`,
  'cmd/lost/main.go': `package main\n\nimport _ "${M}/missing"\n\nfunc main() {}\n`,
  'cmd/ok/main.go': `package main\n\nimport "${M}/c"\n\nfunc main() { println(c.C()) }\n`,
  'x/tool/main.go': 'package main\n\nfunc main() { println("x") }\n',
  'y/tool/main.go': 'package main\n\nfunc main() { println("y") }\n',
};

function go(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('go', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function deps(pkgs: string[], withTests: boolean) {
  const r = go(['list', '-e', ...(withTests ? ['-test'] : []), '-json=ImportPath,Deps', ...pkgs]);
  return depsFromList(parseJsonStream<ListedDeps>(r.stdout).values);
}

const p = (rel: string) => `${M}/${rel}`;
const saved = { ...process.env };

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-batch-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  execFileSync('go', ['version'], { env });
  Object.assign(process.env, { GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off', GOPROXY: 'off', GOSUMDB: 'off' });
});
afterAll(() => {
  process.env = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('package IDs', () => {
  test('owner and base of test variants', () => {
    expect(ownerOf('example.com/m/a')).toBe('example.com/m/a');
    expect(ownerOf('example.com/m/a [example.com/m/b.test]')).toBe('example.com/m/b');
    expect(ownerOf('example.com/m/d_test [example.com/m/d.test]')).toBe('example.com/m/d');
    expect(ownerOf('example.com/m/d.test')).toBe('example.com/m/d');
    expect(baseOf('example.com/m/a [example.com/m/b.test]')).toBe('example.com/m/a');
  });
});

describe('streams', () => {
  test('concatenated pretty-printed JSON values with text between them', () => {
    const { values, other } = parseJsonStream('{}\n{\n\t"a": {"x": "}{\\"" }\n}\nnoise\n{"b":1}');
    expect(values).toEqual([{}, { a: { x: '}{"' } }, { b: 1 }]);
    expect(other).toBe('noise\n');
  });

  test('header blocks', () => {
    const { blocks, other } = splitHeaderBlocks(
      'go: warning\n# p/a\na.go:1: x\n\tmore\n# p/b [p/b.test]\n# [p/b]\nvet: y\n',
    );
    expect(other).toBe('go: warning\n');
    expect(blocks).toEqual([
      { id: 'p/a', text: '# p/a\na.go:1: x\n\tmore\n' },
      { id: 'p/b [p/b.test]', text: '# p/b [p/b.test]\n# [p/b]\nvet: y\n' },
    ]);
  });

  test('chunks and go list flags', () => {
    expect(chunkArgs(['aaaa', 'bbbb', 'cc'], 10)).toEqual([['aaaa', 'bbbb'], ['cc']]);
    expect(listFlags(['-tags', 'x,y', '-race', '-run', 'TestX', '-mod=vendor', '-count=1'])).toEqual([
      '-tags',
      'x,y',
      '-race',
      '-mod=vendor',
    ]);
  });
});

describe('go build -json', () => {
  const pkgs = ['a', 'b', 'c', 'cmd/app', 'cmd/ok', 'd', 'f'].map(p);
  let rec: { code: number; stdout: string; stderr: string };
  beforeAll(() => {
    rec = go(['build', '-json', ...pkgs]);
  });

  test('the recording names only the broken package', () => {
    expect(rec.code).not.toBe(0);
    const ids = new Set(
      rec.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).ImportPath),
    );
    expect([...ids]).toEqual([p('a')]);
  });

  test('without dependencies, packages go did not name are unknown', () => {
    const a = attributeBuild(rec.stdout, rec.stderr, rec.code, pkgs);
    expect(a.results.get(p('a'))!.status).toBe('failure');
    expect(a.results.get(p('c'))!.status).toBe('unknown');
  });

  test('with go list dependencies: the broken package and its importers fail, nothing else', () => {
    const a = attributeBuild(rec.stdout, rec.stderr, rec.code, pkgs, deps(pkgs, false));
    const status = Object.fromEntries([...a.results].map(([k, v]) => [k.slice(M.length + 1), v.status]));
    expect(status).toEqual({
      a: 'failure',
      b: 'failure',
      'cmd/app': 'failure',
      c: 'unknown',
      'cmd/ok': 'unknown',
      d: 'unknown',
      f: 'unknown',
    });
    for (const pkg of ['a', 'b', 'cmd/app']) {
      expect(a.results.get(p(pkg))!.output).toContain('a/a.go:3:');
    }
  });

  test('a clean build succeeds with empty output', () => {
    const ok = [p('c'), p('cmd/ok')];
    const r = go(['build', '-json', ...ok]);
    const a = attributeBuild(r.stdout, r.stderr, r.code, ok);
    expect([...a.results.values()]).toEqual([
      { status: 'success', output: '' },
      { status: 'success', output: '' },
    ]);
  });
});

describe('go test -json', () => {
  const pkgs = ['a', 'b', 'c', 'd', 'f'].map(p);
  let a: ReturnType<typeof attributeTest>;
  beforeAll(() => {
    const rec = go(['test', '-json', ...pkgs]);
    a = attributeTest(rec.stdout, rec.stderr, rec.code, pkgs);
  });

  test('build failures reach the broken package and every test that imports it', () => {
    const status = Object.fromEntries([...a.results].map(([k, v]) => [k.slice(M.length + 1), v.status]));
    expect(status).toEqual({ a: 'failure', b: 'failure', c: 'success', d: 'failure', f: 'failure' });
    for (const pkg of ['a', 'b', 'd']) expect(a.results.get(p(pkg))!.output).toContain('a/a.go:3:');
  });

  test("each package's output is its own", () => {
    const c = a.results.get(p('c'))!.output;
    expect(c).toContain('TestCharlie');
    expect(c).toContain('from charlie');
    expect(c).not.toMatch(/Bravo|Foxtrot|Delta|a\/a\.go/);
    const f = a.results.get(p('f'))!.output;
    expect(f).toContain('foxtrot fails');
    expect(f).not.toMatch(/Charlie|a\/a\.go/);
  });
});

describe('go vet -json', () => {
  const pkgs = ['a', 'b', 'c', 'd', 'v'].map(p);
  let rec: { code: number; stdout: string; stderr: string };
  beforeAll(() => {
    rec = go(['vet', '-json', ...pkgs]);
  });

  test('diagnostics fail only their package; build failures fail importers (tests included)', () => {
    const a = attributeVet(rec.stdout, rec.stderr, rec.code, pkgs, dir, path.relative, deps(pkgs, true));
    const status = Object.fromEntries([...a.results].map(([k, v]) => [k.slice(M.length + 1), v.status]));
    expect(status).toEqual({ a: 'failure', b: 'failure', c: 'unknown', d: 'failure', v: 'failure' });
    expect(a.results.get(p('v'))!.output).toBe('v/v.go:5:24: fmt.Printf format %d has arg "x" of wrong type string\n');
    expect(a.results.get(p('d'))!.output).toContain('a/a.go:3:');
  });

  test('text diagnostics match plain go vet', () => {
    const r = go(['vet', p('v')]);
    const j = go(['vet', '-json', p('v')]);
    const a = attributeVet(j.stdout, j.stderr, j.code, [p('v')], dir, path.relative);
    expect(a.results.get(p('v'))!.output).toBe(r.stderr);
  });
});

describe('runGroup (real go)', () => {
  const task = (rel: string, command: GoExecutorOptions['command'], extra: Partial<GoExecutorOptions> = {}) => ({
    id: `${rel}:${command}`,
    options: { command, importPath: p(rel), moduleRoot: '.', ...extra } as GoExecutorOptions,
  });

  test('a load error fails its package; the others are built on a second go run', async () => {
    const plan = planBatch([task('e', 'build'), task('c', 'build'), task('d', 'build')], dir, 'linux');
    expect(plan.groups).toHaveLength(1);
    const out = await runGroup(plan.groups[0]);
    expect(out.results.get(p('e'))).toEqual({ success: false, output: expect.stringContaining('missing') });
    expect(out.results.get(p('c'))).toEqual({ success: true, output: '' });
    expect(out.results.get(p('d'))).toEqual({ success: true, output: '' });
  });

  test('a main package with a load error fails alone; the retry of the other packages runs without -o', async () => {
    const plan = planBatch(
      [
        task('cmd/lost', 'build', { outputPath: 'dist/cmd/lost', binaryName: 'lost' }),
        task('c', 'build'),
        task('d', 'build'),
      ],
      dir,
      'linux',
    );
    expect(plan.groups).toHaveLength(1);
    const out = await runGroup(plan.groups[0]);
    expect(out.results.get(p('cmd/lost'))).toEqual({ success: false, output: expect.stringContaining('missing') });
    expect(out.results.get(p('c'))).toEqual({ success: true, output: '' });
    expect(out.results.get(p('d'))).toEqual({ success: true, output: '' });
  });

  test('main packages with the same go name land at their own output paths', async () => {
    const tasks = [
      task('x/tool', 'build', { outputPath: 'dist/x/tool', binaryName: 'tool' }),
      task('y/tool', 'build', { outputPath: 'dist/y/tool', binaryName: 'tool' }),
      task('cmd/ok', 'build', { outputPath: 'dist/cmd/ok', binaryName: 'ok' }),
      task('c', 'build'),
      task('cmd/app', 'build', { outputPath: 'dist/cmd/app', binaryName: 'app' }),
    ];
    const plan = planBatch(tasks, dir, 'linux');
    expect(plan.groups.map((g) => [...g.tasks.keys()].length)).toEqual([4, 1]);
    const results = new Map<string, boolean>();
    for (const g of plan.groups) for (const [k, v] of (await runGroup(g)).results) results.set(k, v.success);
    expect(Object.fromEntries(results)).toEqual({
      [p('x/tool')]: true,
      [p('y/tool')]: true,
      [p('cmd/ok')]: true,
      [p('c')]: true,
      [p('cmd/app')]: false,
    });
    const run = (rel: string) => spawnSync(path.join(dir, rel), { encoding: 'utf8' }).stderr;
    expect(run('dist/x/tool/tool')).toBe('x\n');
    expect(run('dist/y/tool/tool')).toBe('y\n');
    expect(run('dist/cmd/ok/ok')).toBe('3\n');
    expect(fs.existsSync(path.join(dir, 'dist/cmd/app/app'))).toBe(false);
  });
});

describe('planBatch', () => {
  const t = (id: string, o: Partial<GoExecutorOptions>) => ({
    id,
    options: { command: 'build', importPath: id, moduleRoot: 'm', ...o } as GoExecutorOptions,
  });

  test('groups by command, module root and flags; go run and output-changing flags run alone', () => {
    const plan = planBatch(
      [
        t('a', {}),
        t('b', { moduleRoot: 'n' }),
        t('c', { args: '-race' }),
        t('d', { command: 'test' }),
        t('e', { command: 'test', args: ['-run', 'X'] }),
        t('f', { command: 'run' }),
        t('g', { command: 'test', args: '-c -o x.test' }),
        t('h', { command: 'vet', args: '-c=2' }),
        t('i', { command: 'vet' }),
        t('j', { tags: ['x'] }),
        t('k', {}),
        t('l', { stamp: true }),
      ],
      '/w',
      'linux',
    );
    expect(
      plan.groups.map((g) => [g.command, path.relative('/w', g.cwd), g.flags.join(' '), [...g.tasks.keys()].join(',')]),
    ).toEqual([
      ['build', 'm', '-buildvcs=false', 'a,k'],
      ['build', 'n', '-buildvcs=false', 'b'],
      ['build', 'm', '-buildvcs=false -race', 'c'],
      ['build', 'm', '-buildvcs=false -tags x', 'j'],
      ['build', 'm', '-buildvcs=auto', 'l'],
      ['vet', 'm', '', 'i'],
      ['test', 'm', '', 'd'],
      ['test', 'm', '-run X', 'e'],
    ]);
    expect(plan.singles.map((s) => s.id)).toEqual(['f', 'g', 'h']);
  });

  test('windows binaries get .exe for go and for the destination', () => {
    const plan = planBatch(
      [t('example.com/cmd/tool', { outputPath: 'dist/tool', binaryName: 'tool' })],
      '/w',
      'windows',
    );
    expect(plan.groups[0].mains[0]).toMatchObject({ goName: 'tool.exe', dest: path.resolve('/w/dist/tool/tool.exe') });
  });
});

describe('planBatch with go.work', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-plan-'));
    for (const m of ['a', 'b', 'c']) fs.mkdirSync(path.join(root, m));
    fs.writeFileSync(path.join(root, 'go.work'), 'go 1.24\n\nuse (\n\t./a\n\t./b\n)\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const t = (id: string, moduleRoot: string) => ({
    id,
    options: { command: 'build', importPath: id, moduleRoot } as GoExecutorOptions,
  });
  const groups = (plan: ReturnType<typeof planBatch>) =>
    plan.groups.map((g) => [path.relative(root, g.cwd), [...g.tasks.keys()].join(',')]);

  test('the modules a go.work uses share one group, run from the go.work directory', () => {
    expect(groups(planBatch([t('x', 'a'), t('y', 'b'), t('z', 'c')], root, 'linux', undefined))).toEqual([
      ['', 'x,y'],
      ['c', 'z'], // not listed by go.work: go refuses to run there in workspace mode anyway
    ]);
  });

  test('GOWORK=off, or a go.work with errors, keeps one group per module', () => {
    expect(groups(planBatch([t('x', 'a'), t('y', 'b')], root, 'linux', 'off'))).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
    fs.writeFileSync(path.join(root, 'go.work'), 'go 1.24\n\nuse ./a\nbogus\n');
    expect(groups(planBatch([t('x', 'a'), t('y', 'b')], root, 'linux', undefined))).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });

  test('an explicit GOWORK file decides the members', () => {
    const other = path.join(root, 'other.work');
    fs.writeFileSync(other, 'go 1.24\n\nuse ./b\nuse ./c\n');
    expect(groups(planBatch([t('x', 'a'), t('y', 'b'), t('z', 'c')], root, 'linux', other))).toEqual([
      ['a', 'x'],
      ['', 'y,z'],
    ]);
  });
});
