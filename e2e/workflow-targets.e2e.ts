// The Go workflow targets with the real tools: go-fmt (gofmt), go-tidy (go mod tidy -diff),
// go-test's coverage and JUnit outputs (restored from a warm remote cache), go-build's platform
// configurations, version stamping through a hashed value, and go-lint (golangci-lint). The
// fixture has one of each problem: an unformatted file, a non-tidy go.mod, two failing tests and
// one errcheck finding. Each check fails exactly its task with the tool's message, passes after
// the fix, and is served from the cache on a rerun.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeProxy } from './support/goproxy';
import { failedTasks, taskOutputs } from './support/nx-output';
import { taskOutcomes, TestWorkspace } from './support/workspace';

const APP = 'example.com/app';
const GREET = 'example.com/app/greet';
const MESSY = 'example.com/app/messy';
const LINTME = 'example.com/app/lintme';
const TOOL = 'example.com/app/cmd/tool';
const TOOLS = 'example.com/tools';

const FILES: Record<string, string> = {
  '.golangci.yml': 'version: "2"\nlinters:\n  default: none\n  enable:\n    - errcheck\n',
  'app/go.mod': 'module example.com/app\n\ngo 1.24\n\nrequire example.org/thirdparty v1.0.0\n',
  'app/greet/greet.go':
    'package greet\n\nimport "example.org/thirdparty/words"\n\n// Hello greets name.\nfunc Hello(name string) string { return words.Hi() + ", " + name }\n\n' +
    '// Count caps n at 10.\nfunc Count(n int) int {\n\tif n > 10 {\n\t\treturn 10\n\t}\n\treturn n\n}\n',
  'app/greet/greet_test.go':
    'package greet\n\nimport "testing"\n\nfunc TestHello(t *testing.T) {\n\tif got := Hello("go"); got != "hi, go" {\n\t\tt.Fatal(got)\n\t}\n}\n\n' +
    'func TestCountSmall(t *testing.T) {\n\tif got := Count(3); got != wantSmall {\n\t\tt.Errorf("Count(3) = %d, want %d", got, wantSmall)\n\t}\n}\n\n' +
    'func TestCountLarge(t *testing.T) {\n\tif got := Count(30); got != wantLarge {\n\t\tt.Errorf("Count(30) = %d, want %d", got, wantLarge)\n\t}\n}\n',
  'app/greet/want_test.go': 'package greet\n\nconst (\n\twantSmall = 4\n\twantLarge = 11\n)\n',
  'app/messy/messy.go': 'package messy\n\n// Two is two.\nfunc Two() int {\nreturn 2\n}\n',
  'app/messy/messy_test.go':
    'package messy\n\nimport "testing"\n\nfunc TestTwo(t *testing.T) {\n\tif Two() != 2 {\n\t\tt.Fatal(Two())\n\t}\n}\n',
  'app/lintme/lintme.go':
    'package lintme\n\nimport "os"\n\n// Clean removes a file.\nfunc Clean(path string) {\n\tos.Remove(path)\n}\n',
  'app/cmd/tool/main.go':
    'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/app/greet"\n)\n\nvar version = "dev"\n\nfunc main() { fmt.Println(greet.Hello("tool"), version) }\n',
  // go generate runs mk.go (excluded from builds by its build line) in the package directory.
  'app/gen/gen.go': '// Package gen holds a generated table.\npackage gen\n\n//go:generate go run mk.go\n',
  'app/gen/mk.go':
    '//go:build ignore\n\npackage main\n\nimport "os"\n\nfunc main() {\n' +
    '\tlog, err := os.ReadFile("runs.log")\n\tif err != nil && !os.IsNotExist(err) {\n\t\tpanic(err)\n\t}\n' +
    '\tlog = append(log, os.Getenv("GOPACKAGE")+"\\n"...)\n' +
    '\tif err := os.WriteFile("runs.log", log, 0o644); err != nil {\n\t\tpanic(err)\n\t}\n' +
    '\ttable := "package gen\\n\\n// Size is generated.\\nconst Size = 3\\n"\n' +
    '\tif err := os.WriteFile("zz_table.go", []byte(table), 0o644); err != nil {\n\t\tpanic(err)\n\t}\n}\n',
  'tools/go.mod': 'module example.com/tools\n\ngo 1.24\n',
  'tools/tools.go': 'package tools\n\n// Name names the tools.\nconst Name = "tools"\n',
};

const NX_JSON = {
  plugins: [
    { plugin: 'nx-gopkg', options: { coverage: true, junit: true, platforms: ['linux/arm64', 'windows/amd64'] } },
  ],
};

let ws: TestWorkspace;
let lintBin: string | undefined;

/** golangci-lint as CI installs it: in GOBIN (or GOPATH/bin), or anywhere on PATH. */
function findGolangciLint(): string | undefined {
  const name = process.platform === 'win32' ? 'golangci-lint.exe' : 'golangci-lint';
  const goEnv = (v: string) => execFileSync('go', ['env', v], { encoding: 'utf8' }).trim();
  const gopath = goEnv('GOPATH').split(path.delimiter)[0];
  const dirs = [
    process.env.GOBIN,
    goEnv('GOBIN'),
    gopath && path.join(gopath, 'bin'),
    ...(process.env.PATH ?? '').split(path.delimiter),
  ];
  for (const dir of dirs) if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}

const run = (args: string[], env: Record<string, string | undefined> = {}) => {
  const r = ws.nx([...args, '--output-style=static'], env);
  return { ...r, outcomes: taskOutcomes(r.output), outputs: taskOutputs(r.output), failed: failedTasks(r.output) };
};
const allHits = (outcomes: Map<string, 'hit' | 'miss'>) => [...outcomes.values()].every((o) => o === 'hit');
const goVersionM = (bin: string) => ws.run('go', ['version', '-m', bin]).stdout;

beforeAll(() => {
  ws = TestWorkspace.create(FILES, NX_JSON);
  ws.env.GOPROXY = writeProxy(path.join(ws.dir, '.e2e/proxy'), [
    {
      path: 'example.org/thirdparty',
      version: 'v1.0.0',
      files: {
        'go.mod': 'module example.org/thirdparty\n\ngo 1.21\n',
        'words/words.go': 'package words\n\n// Hi says hi.\nfunc Hi() string { return "hi" }\n',
      },
    },
  ]);
  ws.env.GOMODCACHE = path.join(ws.dir, '.e2e/gomodcache');
  ws.env.GOLANGCI_LINT_CACHE = path.join(ws.dir, '.e2e/golangci-cache');
  // A tidy go.mod and go.sum, then one `// indirect` too many: go.mod is no longer tidy.
  const tidy = ws.run('go', ['mod', 'tidy'], {}, path.join(ws.dir, 'app'));
  if (tidy.code !== 0) throw new Error(tidy.output);
  fs.writeFileSync(
    path.join(ws.dir, 'app/go.mod'),
    ws.read('app/go.mod').replace('thirdparty v1.0.0\n', 'thirdparty v1.0.0 // indirect\n'),
  );
  lintBin = findGolangciLint();
  if (lintBin) ws.env.PATH = `${path.dirname(lintBin)}${path.delimiter}${process.env.PATH}`;
});
afterAll(() => ws?.cleanup());

test('every target has a description and a help example; go-tidy and go-generate sit on the module (root package or module project)', () => {
  const graph = ws.graph();
  const targets = (p: string) => graph.nodes[p].data.targets;
  expect(Object.keys(targets(GREET)).sort()).toEqual(['go-build', 'go-fmt', 'go-lint', 'go-test', 'go-vet']);
  expect(Object.keys(targets(TOOL)).sort()).toEqual(['go-build', 'go-fmt', 'go-lint', 'go-run', 'go-vet']);
  // app/ has no package: a module project holds the module's targets. tools/ has one: the package holds them.
  expect(graph.nodes[APP].data.root).toBe('app');
  expect(graph.nodes[APP].data.tags).toContain('go:kind:module');
  expect(Object.keys(targets(APP))).toEqual(['go-tidy', 'go-generate']);
  expect(Object.keys(targets(TOOLS))).toEqual(expect.arrayContaining(['go-tidy', 'go-generate']));
  for (const node of Object.values(graph.nodes)) {
    if (!node.data.tags?.includes('lang:go')) continue;
    for (const [name, t] of Object.entries(node.data.targets)) {
      expect([node.name, name, typeof t.metadata?.description]).toEqual([node.name, name, 'string']);
      expect([node.name, name, typeof t.metadata?.help?.command, typeof t.metadata?.help?.example]).toEqual([
        node.name,
        name,
        'string',
        'object',
      ]);
    }
  }
  expect(targets(TOOL)['go-build'].configurations?.['linux-arm64']).toMatchObject({ goos: 'linux', goarch: 'arm64' });
});

describe('go-fmt', () => {
  test('fails exactly the package with the unformatted file, naming it (batch and single)', () => {
    const r = run(['run-many', '-t', 'go-fmt']);
    expect(r.code).not.toBe(0);
    expect(r.failed).toEqual([`${MESSY}:go-fmt`]);
    expect(r.outputs.get(`${MESSY}:go-fmt`)).toContain('app/messy/messy.go');
    expect(r.outputs.get(`${MESSY}:go-fmt`)).toContain(`nx run ${MESSY}:go-fmt --fix`);
    const single = run(['run', `${MESSY}:go-fmt`, '--batch=false', '--skip-nx-cache']);
    expect(single.code).not.toBe(0);
    expect(single.output).toContain('app/messy/messy.go');
  });

  test('--fix rewrites the file, then every go-fmt passes and a rerun is served from the cache', () => {
    expect(run(['run', `${MESSY}:go-fmt`, '--fix']).code).toBe(0);
    expect(ws.read('app/messy/messy.go')).toContain('\treturn 2\n');
    const r = run(['run-many', '-t', 'go-fmt']);
    expect(r.code).toBe(0);
    const again = run(['run-many', '-t', 'go-fmt']);
    expect(again.code).toBe(0);
    expect(again.outcomes.size).toBe(r.outcomes.size);
    expect(allHits(again.outcomes)).toBe(true);
  });
});

describe('go-tidy', () => {
  test('fails exactly the non-tidy module with go mod tidy -diff output', () => {
    const r = run(['run-many', '-t', 'go-tidy']);
    expect(r.code).not.toBe(0);
    expect(r.failed).toEqual([`${APP}:go-tidy`]);
    expect(r.outputs.get(`${APP}:go-tidy`)).toMatch(/^-require example\.org\/thirdparty v1\.0\.0 \/\/ indirect$/m);
    expect(r.outcomes.get(`${TOOLS}:go-tidy`)).toBe('miss');
  });

  test('--fix runs go mod tidy; then go-tidy passes and is cached', () => {
    expect(run(['run', `${APP}:go-tidy`, '--fix']).code).toBe(0);
    expect(ws.read('app/go.mod')).not.toContain('// indirect');
    expect(run(['run-many', '-t', 'go-tidy']).code).toBe(0);
    const again = run(['run-many', '-t', 'go-tidy']);
    expect(again.code).toBe(0);
    expect(allHits(again.outcomes)).toBe(true);
  });
});

describe('go-test coverage and JUnit', () => {
  const junit = (dir: string) => ws.read(`dist/go/test-results/${dir}/junit.xml`);
  const coverage = (dir: string) => ws.read(`dist/go/test-results/${dir}/coverage.out`);

  function expectGreetReports(): void {
    const xml = junit('app/greet');
    expect(xml).toMatch(
      /<testsuite name="example\.com\/app\/greet" tests="3" failures="2" errors="0" skipped="0" time="[\d.]+"/,
    );
    for (const name of ['TestHello', 'TestCountSmall', 'TestCountLarge']) {
      expect(xml).toMatch(
        new RegExp(`<testcase classname="example\\.com/app/greet" name="${name}" time="\\d+\\.\\d{3}"`),
      );
    }
    expect(xml).toContain('Count(3) = 3, want 4');
    expect(xml).toContain('Count(30) = 10, want 11');
    expect((xml.match(/<failure /g) ?? []).length).toBe(2);
    wellFormed(xml);
    expect(coverage('app/greet')).toMatch(
      /^mode: set\nexample\.com\/app\/greet\/greet\.go:\d+\.\d+,\d+\.\d+ \d+ [01]\n/,
    );
    expect(coverage('app/greet')).not.toContain('example.com/app/messy');
  }

  test('batch: fails exactly the package with two failing tests; both packages get their reports', () => {
    const r = run(['run-many', '-t', 'go-test']);
    expect(r.code).not.toBe(0);
    expect(r.failed).toEqual([`${GREET}:go-test`]);
    expect(r.outputs.get(`${GREET}:go-test`)).toContain('--- FAIL: TestCountSmall');
    expect(r.outputs.get(`${GREET}:go-test`)).toContain('--- FAIL: TestCountLarge');
    expectGreetReports();
    expect(junit('app/messy')).toMatch(/tests="1" failures="0"/);
    expect(coverage('app/messy')).toMatch(/^mode: set\nexample\.com\/app\/messy\/messy\.go:/);
  });

  test('single task mode writes the same reports', () => {
    fs.rmSync(path.join(ws.dir, 'dist/go/test-results'), { recursive: true, force: true });
    const r = run(['run', `${GREET}:go-test`, '--batch=false']);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('--- FAIL: TestCountSmall');
    expectGreetReports();
  });

  test('after the fix the tests pass, and the reports come back from a warm remote cache with no local cache', async () => {
    ws.write({ 'app/greet/want_test.go': 'package greet\n\nconst (\n\twantSmall = 3\n\twantLarge = 10\n)\n' });
    const server = await startServer(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-remote-')));
    try {
      const env = { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN };
      const first = run(['run-many', '-t', 'go-test'], env);
      expect(first.code).toBe(0);
      expect(first.outcomes.get(`${GREET}:go-test`)).toBe('miss');
      const xml = junit('app/greet');
      expect(xml).toMatch(/tests="3" failures="0"/);
      const cover = coverage('app/greet');
      expect(run(['run-many', '-t', 'go-test'], env).outcomes.get(`${GREET}:go-test`)).toBe('hit');
      // No local cache, no workspace data, no report files: only the remote cache has them.
      for (const dir of [ws.cacheDir, ws.dataDir, path.join(ws.dir, 'dist/go/test-results')])
        fs.rmSync(dir, { recursive: true, force: true });
      const restored = run(['run-many', '-t', 'go-test'], env);
      expect(restored.code).toBe(0);
      expect(restored.output).toMatch(/nx run example\.com\/app\/greet:go-test\s+\[remote cache\]/);
      expect(junit('app/greet')).toBe(xml);
      expect(coverage('app/greet')).toBe(cover);
      expect(junit('app/messy')).toMatch(/tests="1" failures="0"/);
    } finally {
      server.close();
      fs.rmSync(server.dir, { recursive: true, force: true });
    }
  });
});

describe('platforms', () => {
  const hostBin = 'dist/go/app/cmd/tool/tool';
  const armBin = 'dist/go/linux_arm64/app/cmd/tool/tool';

  test('-c linux-arm64 builds arm64 binaries in batches while host builds stay cached', () => {
    expect(run(['run-many', '-t', 'go-build']).code).toBe(0);
    const host = run(['run-many', '-t', 'go-build']);
    expect(allHits(host.outcomes)).toBe(true);
    const hostInfo = goVersionM(path.join(ws.dir, hostBin));

    const arm = run(['run-many', '-t', 'go-build', '-c', 'linux-arm64']);
    expect(arm.code).toBe(0);
    // The platform is part of every hash: nothing is served from the host builds' entries.
    expect([...arm.outcomes.values()].filter((o) => o === 'hit')).toEqual([]);
    expect(arm.outcomes.has(`${TOOL}:go-build:linux-arm64`)).toBe(true);
    const info = goVersionM(path.join(ws.dir, armBin));
    expect(info).toMatch(/build\s+GOARCH=arm64/);
    expect(info).toMatch(/build\s+GOOS=linux/);
    expect(goVersionM(path.join(ws.dir, hostBin))).toBe(hostInfo);

    const hostAgain = run(['run-many', '-t', 'go-build']);
    expect(hostAgain.code).toBe(0);
    expect(allHits(hostAgain.outcomes)).toBe(true);
    expect(allHits(run(['run-many', '-t', 'go-build', '-c', 'linux-arm64']).outcomes)).toBe(true);
  });

  test('windows-amd64 writes tool.exe; single task mode builds for the platform too', () => {
    expect(run(['run', `${TOOL}:go-build:windows-amd64`]).code).toBe(0);
    expect(goVersionM(path.join(ws.dir, 'dist/go/windows_amd64/app/cmd/tool/tool.exe'))).toMatch(
      /build\s+GOOS=windows/,
    );
    fs.rmSync(path.join(ws.dir, armBin));
    expect(run(['run', `${TOOL}:go-build:linux-arm64`, '--batch=false', '--skip-nx-cache']).code).toBe(0);
    expect(goVersionM(path.join(ws.dir, armBin))).toMatch(/build\s+GOARCH=arm64/);
  });
});

test('version stamping: -ldflags -X through GOFLAGS is hashed, so a new version is never served from the cache', () => {
  const bin = path.join(ws.dir, 'dist/go/app/cmd/tool/tool');
  const build = (version: string) =>
    run(['run', `${TOOL}:go-build`], { GOFLAGS: `-ldflags=-X=main.version=${version}` });
  expect(build('1.0.0').outcomes.get(`${TOOL}:go-build`)).toBe('miss');
  expect(ws.run(bin, []).stdout.trim()).toBe('hi, tool 1.0.0');
  expect(build('1.0.0').outcomes.get(`${TOOL}:go-build`)).toBe('hit');
  expect(build('1.0.1').outcomes.get(`${TOOL}:go-build`)).toBe('miss');
  expect(ws.run(bin, []).stdout.trim()).toBe('hi, tool 1.0.1');
});

test("version stamping: an { env } input added with targetDefaults (restating nx-gopkg's inputs) misses the cache when the value changes", () => {
  const nxJson = ws.read('nx.json');
  try {
    ws.write({
      'nx.json': JSON.stringify({
        ...JSON.parse(nxJson),
        targetDefaults: {
          'go-build': { inputs: ['go-package', '^go-package', 'go-toolchain', { env: 'RELEASE_VERSION' }] },
        },
      }),
    });
    const build = (version: string) =>
      run(['run', `${TOOL}:go-build`], { RELEASE_VERSION: version }).outcomes.get(`${TOOL}:go-build`);
    build('2.0.0');
    expect(build('2.0.0')).toBe('hit');
    expect(build('2.0.1')).toBe('miss');
    // The restated inputs still include the package's files.
    ws.append('app/cmd/tool/main.go', '\n// edited\n');
    expect(build('2.0.1')).toBe('miss');
  } finally {
    ws.write({ 'nx.json': nxJson });
  }
});

describe('go-generate', () => {
  test("runs the module's //go:generate directives from its root on every run, never from the cache", () => {
    const single = run(['run', `${APP}:go-generate`]);
    expect(single.code).toBe(0);
    expect(ws.read('app/gen/zz_table.go')).toContain('const Size = 3');
    expect(ws.read('app/gen/runs.log')).toBe('gen\n');
    const all = run(['run-many', '-t', 'go-generate']);
    expect(all.code).toBe(0);
    expect([...all.outcomes.keys()].sort()).toEqual([`${APP}:go-generate`, `${TOOLS}:go-generate`]);
    expect([...all.outcomes.values()]).toEqual(['miss', 'miss']);
    expect(ws.read('app/gen/runs.log')).toBe('gen\ngen\n');
  });

  test('--args passes go generate flags: -run with no matching directive runs nothing', () => {
    expect(run(['run', `${APP}:go-generate`, '--args=-run=nomatch']).code).toBe(0);
    expect(ws.read('app/gen/runs.log')).toBe('gen\ngen\n');
  });

  test("a failing generator fails the task with go generate's message", () => {
    const source = ws.read('tools/tools.go');
    ws.write({ 'tools/tools.go': `${source}\n//go:generate go run ./nosuchdir\n` });
    try {
      const r = run(['run', `${TOOLS}:go-generate`]);
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(/tools\.go:\d+: running "go": exit status 1/);
    } finally {
      ws.write({ 'tools/tools.go': source });
    }
  });
});

describe('go-lint', () => {
  test('golangci-lint is installed (CI installs it with go install; see .ci/run)', () => {
    if (!lintBin) {
      throw new Error(
        'golangci-lint not found in GOBIN, GOPATH/bin or PATH: go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0',
      );
    }
  });

  test("fails exactly the package with the errcheck finding, with golangci-lint's message (batch and single)", () => {
    const r = run(['run-many', '-t', 'go-lint']);
    expect(r.code).not.toBe(0);
    expect(r.failed).toEqual([`${LINTME}:go-lint`]);
    const message = 'app/lintme/lintme.go:7:11: Error return value of `os.Remove` is not checked (errcheck)';
    expect(r.outputs.get(`${LINTME}:go-lint`)).toContain(message);
    for (const [task, out] of r.outputs)
      if (task !== `${LINTME}:go-lint`) expect([task, out]).not.toEqual([task, expect.stringContaining('errcheck')]);
    const single = run(['run', `${LINTME}:go-lint`, '--batch=false', '--skip-nx-cache']);
    expect(single.code).not.toBe(0);
    expect(single.output).toContain(message);
  });

  test("a package that does not type-check fails its own go-lint without hiding the other packages' findings (batch)", () => {
    // golangci-lint drops every other linter's issues when some package has typecheck errors.
    ws.write({ 'app/broken/broken.go': 'package broken\n\n// X is broken.\nfunc X() int { return "x" }\n' });
    try {
      const r = run(['run-many', '-t', 'go-lint']);
      expect(r.failed).toEqual([`example.com/app/broken:go-lint`, `${LINTME}:go-lint`]);
      expect(r.outputs.get('example.com/app/broken:go-lint')).toMatch(
        /app\/broken\/broken\.go:\d+:\d+: .*cannot use "x"/s,
      );
      expect(r.outputs.get(`${LINTME}:go-lint`)).toContain(
        'Error return value of `os.Remove` is not checked (errcheck)',
      );
    } finally {
      fs.rmSync(path.join(ws.dir, 'app/broken'), { recursive: true, force: true });
    }
  });

  test('after the fix every go-lint passes and a rerun is served from the cache', () => {
    ws.write({
      'app/lintme/lintme.go':
        'package lintme\n\nimport "os"\n\n// Clean removes a file.\nfunc Clean(path string) {\n\t_ = os.Remove(path)\n}\n',
    });
    expect(run(['run-many', '-t', 'go-lint']).code).toBe(0);
    const again = run(['run-many', '-t', 'go-lint']);
    expect(again.code).toBe(0);
    expect(allHits(again.outcomes)).toBe(true);
  });

  test('without the binary the task fails with an install hint; the graph and other tasks do not', () => {
    // PATH with go and node but without golangci-lint.
    const goBin = path.join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'bin');
    const PATH = [goBin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
    for (const dir of PATH.split(path.delimiter)) expect(fs.existsSync(path.join(dir, 'golangci-lint'))).toBe(false);
    expect(ws.nx(['show', 'projects'], { PATH }).code).toBe(0);
    const r = run(['run-many', '-t', 'go-lint', 'go-fmt', '--skip-nx-cache'], { PATH });
    expect(r.code).not.toBe(0);
    const lintTasks = [...r.outcomes.keys()].filter((t) => t.endsWith(':go-lint')).sort();
    expect(r.failed).toEqual(lintTasks);
    expect(r.outputs.get(`${LINTME}:go-lint`)).toContain(
      'go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@',
    );
  });
});

const TOKEN = 'e2e-workflow-token';

/** e2e/support/servers/remote-cache-server.js in its own process (nx runs synchronously in this one). */
function startServer(dir: string): Promise<{ url: string; dir: string; close(): void }> {
  const script = path.resolve(__dirname, 'support/servers/remote-cache-server.js');
  const child: ChildProcess = spawn(process.execPath, [script, '--dir', dir, '--token', TOKEN], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], dir, close: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`cache server exited ${code}`)));
  });
}

/** The report parses as XML (python3's expat, when python3 is installed). */
function wellFormed(xml: string): void {
  const file = path.join(ws.dir, '.e2e/check.xml');
  fs.writeFileSync(file, xml);
  const r = ws.run('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])', file]);
  if (r.code === -1) return; // no python3 on this machine: the regular expressions above still apply
  expect(r.output).toBe('');
  expect(r.code).toBe(0);
}
