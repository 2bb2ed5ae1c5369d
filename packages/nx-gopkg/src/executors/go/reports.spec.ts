// JUnit and coverage from real `go test -json -coverprofile` over two packages in a temporary
// module, the per-platform batch plan, golangci-lint report attribution, and the lint config
// search (pure parts; the tools themselves run in e2e/workflow-targets.e2e.ts).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findLintConfig } from '../../nx/lint-config';
import { planBatch } from './batch-plan';
import { splitCoverProfile } from './coverage-profile';
import { runFmt } from './fmt';
import { junitXml, PACKAGE_FAILURE_CASE, TestEvent } from './junit';
import { issuesByDir } from './lint';
import { renderTestStream } from './test-reports';

const M = 'example.com/r';
const env = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off', GOPROXY: 'off', GOSUMDB: 'off' };
let dir: string;
let events: TestEvent[];
let profile: string;

const files: Record<string, string> = {
  'go.mod': `module ${M}\n\ngo 1.24\n`,
  'p/p.go': 'package p\n\n// Abs is |n|.\nfunc Abs(n int) int {\n\tif n < 0 {\n\t\treturn -n\n\t}\n\treturn n\n}\n',
  'p/p_test.go':
    'package p\n\nimport "testing"\n\nfunc TestPos(t *testing.T) { if Abs(2) != 2 { t.Fatal() } }\n' +
    'func TestBad(t *testing.T) { t.Errorf("bad <&> \\x01 %d", Abs(-1)) }\n' +
    'func TestSkip(t *testing.T) { t.Skip("not today") }\n' +
    'func TestSub(t *testing.T) {\n\tt.Run("inner", func(t *testing.T) { t.Fatal("inner fails") })\n}\n',
  'q/q.go': 'package q\n\n// One is 1.\nfunc One() int { return 1 }\n',
  'q/q_test.go': 'package q\n\nimport "testing"\n\nfunc TestOne(t *testing.T) { if One() != 1 { t.Fatal() } }\n',
  'broken/broken.go': 'package broken\n\nfunc X() int { return "x" }\n',
  'broken/broken_test.go': 'package broken\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n',
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-reports-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  const cover = path.join(dir, 'cover.out');
  const r = spawnSync('go', ['test', '-json', `-coverprofile=${cover}`, `${M}/p`, `${M}/q`, `${M}/broken`], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  events = renderTestStream(r.stdout).events;
  profile = fs.readFileSync(cover, 'utf8');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('junitXml', () => {
  it('has one testcase per test and subtest with its time, failure and skip text, escaped', () => {
    const xml = junitXml(`${M}/p`, events);
    expect(xml).toMatch(
      /<testsuite name="example\.com\/r\/p" tests="5" failures="3" errors="0" skipped="1" time="\d+\.\d{3}"/,
    );
    for (const name of ['TestPos', 'TestBad', 'TestSkip', 'TestSub', 'TestSub/inner'])
      expect(xml).toContain(`name="${name}"`);
    expect(xml).toContain('bad &lt;&amp;&gt; \uFFFD 1');
    expect(xml).toContain('<skipped message="p_test.go:7: not today">');
    expect(xml).toContain('inner fails');
    // Nothing of the other package leaks in.
    expect(xml).not.toContain('TestOne');
  });

  it('gives a package that failed to build one failing testcase with the compiler output', () => {
    const xml = junitXml(`${M}/broken`, events);
    expect(xml).toContain(`name="${PACKAGE_FAILURE_CASE}"`);
    expect(xml).toMatch(/broken\.go:3:\d+: cannot use "x"/);
    expect(xml).toMatch(/tests="1" failures="1"/);
  });

  it('a passing package has no failure elements', () => {
    const xml = junitXml(`${M}/q`, events);
    expect(xml).toMatch(/tests="1" failures="0"/);
    expect(xml).not.toContain('<failure');
  });
});

describe('splitCoverProfile', () => {
  it('gives each package the lines of its own files under the shared mode header', () => {
    const split = splitCoverProfile(profile, [`${M}/p`, `${M}/q`, `${M}/none`]);
    const p = split.get(`${M}/p`)!.split('\n');
    expect(p[0]).toBe('mode: set');
    expect(
      p
        .slice(1)
        .filter(Boolean)
        .every((l) => l.startsWith(`${M}/p/p.go:`)),
    ).toBe(true);
    expect(p.length).toBeGreaterThan(2);
    expect(split.get(`${M}/q`)).toMatch(/^mode: set\nexample\.com\/r\/q\/q\.go:/);
    expect(split.get(`${M}/none`)).toBe('mode: set\n');
    // Every block line of the merged profile lands in exactly one package's profile.
    const blocks = profile
      .split('\n')
      .slice(1)
      .filter((l) => l.startsWith(`${M}/p/`) || l.startsWith(`${M}/q/`));
    expect([...split.values()].reduce((n, t) => n + t.split('\n').slice(1).filter(Boolean).length, 0)).toBe(
      blocks.length,
    );
  });
});

describe('planBatch with platforms and coverage', () => {
  const task = (id: string, extra: object) => ({
    id,
    options: { command: 'build' as const, importPath: `${M}/${id}`, moduleRoot: '.', ...extra },
  });
  it('groups by platform and names windows binaries .exe', () => {
    const plan = planBatch(
      [
        task('a', {}),
        task('b', { goos: 'linux', goarch: 'arm64' }),
        task('c', { goos: 'linux', goarch: 'arm64' }),
        task('cmd', { goos: 'windows', goarch: 'amd64', outputPath: 'out/windows_amd64/cmd', binaryName: 'cmd' }),
      ],
      '/ws',
      'linux',
    );
    expect(plan.groups.map((g) => [g.env ?? {}, [...g.tasks.keys()]])).toEqual([
      [{}, [`${M}/a`]],
      [{ GOOS: 'linux', GOARCH: 'arm64' }, [`${M}/b`, `${M}/c`]],
      [{ GOOS: 'windows', GOARCH: 'amd64' }, [`${M}/cmd`]],
    ]);
    expect(plan.groups[2].mains[0]).toMatchObject({ goName: 'cmd.exe', dest: '/ws/out/windows_amd64/cmd/cmd.exe' });
  });

  it('keeps tests with and without coverage apart; fmt, lint and tidy never go into go groups', () => {
    const plan = planBatch(
      [
        { id: 't1', options: { command: 'test', importPath: `${M}/p`, moduleRoot: '.', coverProfile: 'x/c.out' } },
        { id: 't2', options: { command: 'test', importPath: `${M}/q`, moduleRoot: '.' } },
        { id: 'y', options: { command: 'tidy', importPath: M, moduleRoot: '.' } },
      ],
      '/ws',
      'linux',
    );
    expect(plan.groups.map((g) => [g.cover ?? false, [...g.tasks.keys()]])).toEqual([
      [true, [`${M}/p`]],
      [false, [`${M}/q`]],
    ]);
    expect(plan.singles.map((t) => t.id)).toEqual(['y']);
  });
});

describe('runFmt (real gofmt)', () => {
  it('attributes one gofmt run to each package: unformatted files, parse errors, clean packages; fix rewrites', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-fmt-'));
    try {
      const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
        fs.writeFileSync(path.join(ws, rel), text);
      };
      write('m/clean/c.go', 'package clean\n\nconst C = 1\n');
      write('m/clean/sub/s.go', 'package sub\nconst  S=1\n'); // a nested package: not clean's file
      write('m/messy/a.go', 'package messy\nconst  A=1\n');
      write('m/messy/_ignored.go', 'package messy\nconst  B=1\n');
      write('m/broken/b.go', 'package broken\nfunc {\n');
      const task = (dir: string, extra: object = {}) => ({
        label: `${dir}:go-fmt`,
        options: { command: 'fmt' as const, importPath: dir, moduleRoot: 'm', packageDir: dir, ...extra },
      });
      const r = await runFmt([task('m/clean'), task('m/messy'), task('m/broken')], ws, env);
      expect(r.get('m/clean:go-fmt')).toEqual({ success: true, output: '' });
      expect(r.get('m/messy:go-fmt')!.success).toBe(false);
      expect(r.get('m/messy:go-fmt')!.output).toMatch(
        /^m\/messy\/a\.go\nnx-gopkg: gofmt -l lists 1 file .*nx run m\/messy:go-fmt --fix/,
      );
      expect(r.get('m/broken:go-fmt')!.success).toBe(false);
      expect(r.get('m/broken:go-fmt')!.output).toMatch(/^m\/broken\/b\.go:2:\d+: /);
      const fixed = await runFmt([task('m/messy', { fix: true })], ws, env);
      expect(fixed.get('m/messy:go-fmt')).toEqual({ success: true, output: 'm/messy/a.go\n' });
      expect(fs.readFileSync(path.join(ws, 'm/messy/a.go'), 'utf8')).toBe('package messy\n\nconst A = 1\n');
      expect(fs.readFileSync(path.join(ws, 'm/messy/_ignored.go'), 'utf8')).toBe('package messy\nconst  B=1\n');
      // --args=-w is the same as --fix.
      write('m/messy/a.go', 'package messy\nconst  A=1\n');
      expect((await runFmt([task('m/messy', { args: '-w' })], ws, env)).get('m/messy:go-fmt')!.success).toBe(true);
      expect(fs.readFileSync(path.join(ws, 'm/messy/a.go'), 'utf8')).toBe('package messy\n\nconst A = 1\n');
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('issuesByDir', () => {
  it('attributes golangci-lint issues (absolute paths) to package directories of the module', () => {
    const report = {
      Issues: [
        { FromLinter: 'errcheck', Text: 'unchecked', Pos: { Filename: '/ws/app/lintme/l.go', Line: 7, Column: 11 } },
        { FromLinter: 'unused', Text: 'unused x', Pos: { Filename: '/ws/app/root.go', Line: 1, Column: 1 } },
      ],
    };
    const byDir = issuesByDir(report, '/ws/app', '/ws');
    expect(byDir.get('lintme')).toBe('app/lintme/l.go:7:11: unchecked (errcheck)\n');
    expect(byDir.get('.')).toBe('app/root.go:1:1: unused x (unused)\n');
  });
});

describe('findLintConfig', () => {
  it("takes golangci-lint's first name in the nearest directory from the module root up to the workspace root", () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-lintcfg-'));
    try {
      fs.mkdirSync(path.join(ws, 'a/b/m'), { recursive: true });
      expect(findLintConfig(ws, 'a/b/m')).toBeUndefined();
      fs.writeFileSync(path.join(ws, '.golangci.json'), '{}');
      expect(findLintConfig(ws, 'a/b/m')).toBe('.golangci.json');
      fs.writeFileSync(path.join(ws, 'a/.golangci.toml'), '');
      fs.writeFileSync(path.join(ws, 'a/.golangci.yml'), '');
      expect(findLintConfig(ws, 'a/b/m')).toBe('a/.golangci.yml');
      expect(findLintConfig(ws, '.')).toBe('.golangci.json');
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
