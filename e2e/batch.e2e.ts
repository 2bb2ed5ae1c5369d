// Batch mode with the real nx CLI: nx-gopkg:go declares a batch implementation with preferBatch, so
// `nx run-many` hands all Go tasks to one worker that runs go once per module root and flag set.
// Proves that results and terminal output are attributed per task: a broken package fails exactly
// its own tasks and its importers', and every output Nx caches and replays is the task's own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stripAnsi, taskOutcomes, TestWorkspace } from './support/workspace';

const M = 'example.com/bx';
const testFile = (name: string, body: string, imports: string[] = []) =>
  `import (\n\t"testing"\n${imports.map((i) => `\t"${i}"\n`).join('')})\n\nfunc ${name}(t *testing.T) {\n\tt.Log("log-of-${name}")\n${body}}\n`;

const FILES: Record<string, string> = {
  'go.mod': `module ${M}\n\ngo 1.24\n`,
  'alpha/alpha.go': 'package alpha\n\n// A is fine.\nfunc A() int { return 1 }\n',
  'alpha/alpha_test.go': 'package alpha\n\n' + testFile('TestAlphaWorks', '\tif A() != 1 {\n\t\tt.Fatal(A())\n\t}\n'),
  'beta/beta.go': 'package beta\n\n// B is fine.\nfunc B() int { return 2 }\n',
  'beta/beta_test.go': 'package beta\n\n' + testFile('TestBetaWorks', ''),
  'broken/broken.go': 'package broken\n\n// X does not compile.\nfunc X() int { return 1 + "one" }\n',
  'broken/broken_test.go': 'package broken\n\n' + testFile('TestBrokenNever', ''),
  'user/user.go': `package user\n\nimport "${M}/broken"\n\n// U imports the broken package.\nfunc U() int { return broken.X() }\n`,
  'user/user_test.go': 'package user\n\n' + testFile('TestUserUses', ''),
  'xuser/xuser.go':
    'package xuser\n\n// Y compiles; only its tests import the broken package.\nfunc Y() int { return 3 }\n',
  'xuser/xuser_test.go': 'package xuser_test\n\n' + testFile('TestXuserUses', '\t_ = broken.X()\n', [`${M}/broken`]),
  'gamma/gamma.go': 'package gamma\n\n// G is fine; its test fails.\nfunc G() int { return 4 }\n',
  'gamma/gamma_test.go': 'package gamma\n\n' + testFile('TestGammaFails', '\tt.Fatal("gamma-says-no")\n'),
  'vetme/vetme.go':
    'package vetme\n\nimport "fmt"\n\n// V has a printf mistake.\nfunc V() { fmt.Printf("%d\\n", "x") }\n',
  'cmd/tool/main.go': `package main\n\nimport (\n\t"fmt"\n\n\t"${M}/alpha"\n)\n\nfunc main() { fmt.Println("tool", alpha.A()) }\n`,
  'cmd/bad/main.go': `package main\n\nimport "${M}/user"\n\nfunc main() { println(user.U()) }\n`,
  'other/tool/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("other tool") }\n',
};

const pkgs = ['alpha', 'beta', 'broken', 'user', 'xuser', 'gamma', 'vetme', 'cmd/tool', 'cmd/bad', 'other/tool'];
const tests = ['alpha', 'beta', 'broken', 'user', 'xuser', 'gamma'];
const TEST_NAMES: Record<string, string> = {
  alpha: 'TestAlphaWorks',
  beta: 'TestBetaWorks',
  broken: 'TestBrokenNever',
  user: 'TestUserUses',
  xuser: 'TestXuserUses',
  gamma: 'TestGammaFails',
};
const id = (rel: string, target: string) => `${M}/${rel}:${target}`;

// What must fail: the broken package, its importers (for go-test/go-vet also importers through
// test files), the failing test and the vet finding. Everything else succeeds.
const FAILING = new Set([
  ...['broken', 'user', 'cmd/bad'].map((p) => id(p, 'go-build')),
  ...['broken', 'user', 'xuser', 'gamma'].map((p) => id(p, 'go-test')),
  ...['broken', 'user', 'xuser', 'cmd/bad', 'vetme'].map((p) => id(p, 'go-vet')),
]);
const ALL = [
  ...pkgs.map((p) => id(p, 'go-build')),
  ...tests.map((p) => id(p, 'go-test')),
  ...pkgs.map((p) => id(p, 'go-vet')),
].sort();

/** Per task, the terminal output Nx printed under its `> nx run` header (static output style). */
function sections(output: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  for (const line of stripAnsi(output).split('\n')) {
    const m = /^\s*>\s+nx run (\S+?)(?:\s+.*)?$/.exec(line);
    if (m) {
      current = m[1];
      out.set(current, '');
      continue;
    }
    if (/^\s*(NX|—|-{5,})/.test(line) || /Running \d+ tasks? with/.test(line)) {
      current = undefined;
      continue;
    }
    if (current) out.set(current, out.get(current)! + line + '\n');
  }
  return out;
}

/** Tasks Nx lists as failed in its summary. */
function failedTasks(output: string): string[] {
  const text = stripAnsi(output);
  const at = text.lastIndexOf('Failed tasks:');
  if (at < 0) return [];
  const failed: string[] = [];
  for (const line of text.slice(at).split('\n').slice(1)) {
    const m = /^\s*-\s+(\S+:\S+)/.exec(line);
    if (m) failed.push(m[1]);
    else if (failed.length && line.trim() === '') break;
  }
  return failed.sort();
}

let ws: TestWorkspace;
const runMany = (extra: string[] = [], env: Record<string, string | undefined> = {}) =>
  ws.nx(['run-many', '-t', 'go-build', 'go-test', 'go-vet', '--output-style=static', ...extra], env);

beforeAll(() => {
  ws = TestWorkspace.create(FILES);
});
afterAll(() => ws?.cleanup());

describe('batch attribution with the real nx CLI', () => {
  let first: ReturnType<typeof runMany>;
  beforeAll(() => {
    first = runMany();
  });

  test('Nx runs the Go tasks as one batch of nx-gopkg:go (preferBatch, no flag needed)', () => {
    expect(first.output).toMatch(new RegExp(`Running ${ALL.length} tasks with nx-gopkg:go`));
    expect([...taskOutcomes(first.output).keys()].sort()).toEqual(ALL);
  });

  test('exactly the broken package, its importers, the failing test and the vet finding fail', () => {
    expect(first.code).not.toBe(0);
    expect(failedTasks(first.output)).toEqual([...FAILING].sort());
  });

  test("each task's output is its own", () => {
    const s = sections(first.output);
    for (const p of tests) {
      const out = s.get(id(p, 'go-test'))!;
      if (['alpha', 'beta', 'gamma'].includes(p)) expect(out).toContain(`log-of-${TEST_NAMES[p]}`);
      for (const other of tests.filter((o) => o !== p)) expect(out).not.toContain(`log-of-${TEST_NAMES[other]}`);
    }
    expect(s.get(id('gamma', 'go-test'))).toContain('gamma-says-no');
    expect(s.get(id('alpha', 'go-test'))).not.toContain('gamma-says-no');
    // Importers carry the broken package's compile error, as go prints it for them alone.
    for (const t of [
      id('broken', 'go-build'),
      id('user', 'go-build'),
      id('cmd/bad', 'go-build'),
      id('xuser', 'go-test'),
    ]) {
      expect(s.get(t)).toContain('broken/broken.go:4:');
    }
    expect(s.get(id('alpha', 'go-build'))).not.toContain('broken.go');
    expect(s.get(id('vetme', 'go-vet'))).toContain('vetme/vetme.go:6:');
    expect(s.get(id('alpha', 'go-vet'))).not.toContain('vetme');
  });

  test('main packages are built to their own output paths (same binary name, two places)', () => {
    const run = (rel: string) => ws.run(path.join(ws.dir, rel), []).stdout;
    expect(run('dist/go/cmd/tool/tool')).toBe('tool 1\n');
    expect(run('dist/go/other/tool/tool')).toBe('other tool\n');
    expect(fs.existsSync(path.join(ws.dir, 'dist/go/cmd/bad/bad'))).toBe(false);
  });

  test('rerun with nothing changed: successes replay from the cache with their own output', () => {
    fs.rmSync(path.join(ws.dir, 'dist'), { recursive: true, force: true });
    const again = runMany();
    expect(failedTasks(again.output)).toEqual([...FAILING].sort());
    const outcomes = taskOutcomes(again.output);
    const s = sections(again.output);
    for (const t of ALL) {
      if (FAILING.has(t)) continue;
      expect([t, outcomes.get(t)]).toEqual([t, 'hit']);
    }
    for (const p of ['alpha', 'beta']) {
      const out = s.get(id(p, 'go-test'))!;
      expect(out).toContain(`log-of-${TEST_NAMES[p]}`);
      for (const other of tests.filter((o) => o !== p)) expect(out).not.toContain(`log-of-${TEST_NAMES[other]}`);
    }
    // Cached binaries come back to their own paths.
    expect(ws.run(path.join(ws.dir, 'dist/go/cmd/tool/tool'), []).stdout).toBe('tool 1\n');
    expect(ws.run(path.join(ws.dir, 'dist/go/other/tool/tool'), []).stdout).toBe('other tool\n');
  });

  test('without batching (--batch=false) the same tasks fail', () => {
    const single = runMany(['--skip-nx-cache', '--batch=false']);
    expect(single.output).not.toMatch(/tasks with nx-gopkg:go/);
    expect(failedTasks(single.output)).toEqual([...FAILING].sort());
  });

  test('fixing the broken package: its importers now pass, and only the tasks it reaches ran', () => {
    ws.write({ 'broken/broken.go': 'package broken\n\n// X compiles now.\nfunc X() int { return 1 }\n' });
    const fixed = runMany();
    expect(failedTasks(fixed.output)).toEqual([id('gamma', 'go-test'), id('vetme', 'go-vet')]);
    const outcomes = taskOutcomes(fixed.output);
    expect(outcomes.get(id('alpha', 'go-build'))).toBe('hit');
    expect(outcomes.get(id('user', 'go-build'))).toBe('miss');
    expect(ws.run(path.join(ws.dir, 'dist/go/cmd/bad/bad'), []).stderr).toBe('1\n');
  });
});
