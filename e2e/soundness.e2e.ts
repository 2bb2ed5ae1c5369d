// The soundness matrix: for each change, which Go tasks must miss the Nx cache and which must
// still hit, read from Nx's own output (`[local cache]`), never from timing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bumpThirdParty, createFixture, FIXTURE_PACKAGES } from './support/fixtures';
import { taskOutcomes, TestWorkspace } from './support/workspace';

const P = FIXTURE_PACKAGES;
const BUILDS = Object.values(P).map((p) => `${p}:go-build`);
const TESTS = [P.leaf, P.mid, P.assets, P.api].map((p) => `${p}:go-test`);
const ALL = [...BUILDS, ...TESTS].sort();

let ws: TestWorkspace;

function runAll(env: Record<string, string | undefined> = {}, workspace = ws) {
  const r = workspace.nx(['run-many', '-t', 'go-build', 'go-test', '--output-style=static', '--parallel=2'], env);
  return { ...r, outcomes: taskOutcomes(r.output) };
}

/** Asserts that exactly `misses` ran and every other task was a cache hit. */
function expectOutcomes(outcomes: Map<string, string>, misses: string[], output: string) {
  const actual = Object.fromEntries([...outcomes].sort());
  const expected = Object.fromEntries(ALL.map((t) => [t, misses.includes(t) ? 'miss' : 'hit']));
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    // Show Nx's output to explain a difference.
    console.log(output);
  }
  expect(actual).toEqual(expected);
}

function edit(rel: string, append: string) {
  fs.appendFileSync(path.join(ws.dir, rel), append);
}

beforeAll(() => {
  ({ ws } = createFixture());
  const first = runAll();
  if (first.code !== 0) throw new Error(first.output);
  expect([...first.outcomes.keys()].sort()).toEqual(ALL);
});
afterAll(() => ws?.cleanup());

// Each case starts from a fully cached state under the default environment: beforeAll cached
// everything, and each case's own run caches what its change made miss (the env cases leave the
// default environment's entries alone). Every case asserts the untouched tasks hit, which checks it.

const importersOfLeaf = [P.leaf, P.mid, P.api]
  .flatMap((p) => [`${p}:go-build`, `${p}:go-test`])
  .concat(`${P.server}:go-build`);

test('nothing changed: every task hits', () => {
  const r = runAll();
  expectOutcomes(r.outcomes, [], r.output);
});

test("edit a leaf library's .go: it and every transitive importer miss", () => {
  edit('lib/leaf/leaf.go', '\n// edited\n');
  const r = runAll();
  expectOutcomes(r.outcomes, importersOfLeaf, r.output);
});

test("edit a _test.go: only that package's go-test misses", () => {
  edit('lib/leaf/leaf_test.go', '\n// edited\n');
  const r = runAll();
  expectOutcomes(r.outcomes, [`${P.leaf}:go-test`], r.output);
});

test('edit an embedded asset: the embedding package and its importers miss', () => {
  edit('lib/assets/static/hello.txt', 'more\n');
  const r = runAll();
  expectOutcomes(r.outcomes, [`${P.assets}:go-build`, `${P.assets}:go-test`, `${P.server}:go-build`], r.output);
});

test('edit testdata: only that go-test misses', () => {
  fs.writeFileSync(path.join(ws.dir, 'svc/api/testdata/golden.txt'), 'mid-\n');
  const r = runAll();
  expectOutcomes(r.outcomes, [`${P.api}:go-test`], r.output);
});

test('edit a .c and a .h of a cgo package: it and its importers miss', () => {
  edit('lib/native/add.c', '\n/* edited */\n');
  let r = runAll();
  expectOutcomes(r.outcomes, [`${P.native}:go-build`, `${P.server}:go-build`], r.output);
  edit('lib/native/add.h', '\n/* edited */\n');
  r = runAll();
  expectOutcomes(r.outcomes, [`${P.native}:go-build`, `${P.server}:go-build`], r.output);
});

test('edit a file of an excluded platform (_windows.go): the package misses (any-platform inputs)', () => {
  edit('lib/leaf/leaf_windows.go', '\n// edited\n');
  const r = runAll();
  expectOutcomes(r.outcomes, importersOfLeaf, r.output);
});

test('bump the third-party module: every package of its module misses, the other module hits', () => {
  bumpThirdParty(ws);
  const r = runAll();
  expectOutcomes(
    r.outcomes,
    [`${P.api}:go-build`, `${P.api}:go-test`, `${P.server}:go-build`, `${P.other}:go-build`],
    r.output,
  );
});

test("change a module's go directive: its packages and their importers miss", () => {
  const goMod = path.join(ws.dir, 'lib/go.mod');
  fs.writeFileSync(goMod, fs.readFileSync(goMod, 'utf8').replace('go 1.24', 'go 1.23'));
  const r = runAll();
  // Every lib package misses; svc packages import lib packages, whose module settings they build with.
  expectOutcomes(r.outcomes, ALL, r.output);
});

// Cross-compiling every task would compile the standard library for each platform (minutes);
// these packages import nothing outside the workspace, so go builds them in seconds. That the
// same toolchain input reaches every task is checked on the graph below.
const NO_STD = [P.leaf, P.mid, P.unrelated];
test.each([[{ GOOS: 'windows' }], [{ GOARCH: 'arm64' }], [{ CGO_ENABLED: '0' }], [{ GOFLAGS: '-tags=x' }]])(
  'toolchain environment %j: every task misses',
  (env) => {
    const args = ['run-many', '-t', 'go-build', '-p', ...NO_STD, '--output-style=static'];
    const before = taskOutcomes(ws.nxOk(args).output);
    expect([...before.values()]).toEqual(NO_STD.map(() => 'hit'));
    const r = ws.nx(args, env);
    expect(Object.fromEntries(taskOutcomes(r.output))).toEqual(
      Object.fromEntries(NO_STD.map((p) => [`${p}:go-build`, 'miss'])),
    );
    const again = taskOutcomes(ws.nx(args, env).output);
    expect([...again.values()]).toEqual(NO_STD.map(() => 'hit'));
  },
);

test('every Go target hashes the toolchain settings', () => {
  const graph = ws.graph();
  for (const p of Object.values(P)) {
    const node = graph.nodes[p].data;
    const toolchain = JSON.stringify(node.namedInputs['go-toolchain']);
    for (const v of ['GOVERSION', 'GOOS', 'GOARCH', 'CGO_ENABLED', 'GOFLAGS', 'GOEXPERIMENT'])
      expect(toolchain).toContain(v);
    for (const [name, target] of Object.entries(node.targets)) {
      if (name === 'go-run') continue;
      // gofmt's output depends on the Go version only, not on the platform or build settings.
      if (name === 'go-fmt') {
        expect(JSON.stringify(target.inputs)).toContain('go env GOVERSION');
        continue;
      }
      expect(target.inputs).toContain('go-toolchain');
    }
  }
});

test('edit go.work: every task misses', () => {
  edit('go.work', '\n// edited\n');
  const r = runAll();
  expectOutcomes(r.outcomes, ALL, r.output);
});

test('edit README.md, a TS file and package.json dependencies: every Go task hits', () => {
  edit('README.md', 'more\n');
  edit('web/index.ts', 'export const y = 2;\n');
  const pkgJson = JSON.parse(ws.read('package.json'));
  pkgJson.dependencies = { 'left-pad': '1.3.0' };
  ws.write({ 'package.json': JSON.stringify(pkgJson, null, 2) });
  const r = runAll();
  expectOutcomes(r.outcomes, [], r.output);
});

test('a second checkout at another path sharing the cache hits every task, and the restored binary runs', () => {
  const clone = TestWorkspace.create({}, JSON.parse(ws.read('nx.json')));
  try {
    fs.cpSync(ws.dir, clone.dir, {
      recursive: true,
      // Not the caches (shared below), not node_modules (linked), not the built binary.
      filter: (src) => !['.e2e', 'node_modules', 'dist'].includes(path.basename(src)),
    });
    const shared = new TestWorkspace(clone.dir, { cacheDir: ws.cacheDir, dataDir: ws.dataDir });
    shared.env = { ...ws.env, NX_CACHE_DIRECTORY: ws.cacheDir, NX_WORKSPACE_DATA_DIRECTORY: ws.dataDir };
    const r = runAll({}, shared);
    expectOutcomes(r.outcomes, [], r.output);
    const binary = path.join(clone.dir, 'dist/go/svc/cmd/server/server');
    const out = clone.run(binary, []);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('mid-leaf');
  } finally {
    clone.cleanup();
  }
});

test('nx show target inputs lists exactly the files go reads for a package', () => {
  const r = ws.nxOk(['show', 'target', 'inputs', `${P.assets}:go-build`, '--json']);
  const files: string[] = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).files;
  expect(files).toEqual(
    expect.arrayContaining(['lib/assets/assets.go', 'lib/assets/static/hello.txt', 'lib/go.mod', 'go.work']),
  );
  expect(files).not.toContain('lib/assets/assets_test.go');
  expect(
    files.filter(
      (f) => f.startsWith('lib/') && !f.startsWith('lib/assets/') && f !== 'lib/go.mod' && f !== 'lib/go.sum',
    ),
  ).toEqual([]);
  expect(files.filter((f) => f.startsWith('svc/'))).toEqual([]);
});

test("go-test's inputs hold the package's sources and its _test.go files", () => {
  const r = ws.nxOk(['show', 'target', 'inputs', `${P.leaf}:go-test`, '--json']);
  const files: string[] = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).files;
  expect(files).toEqual(
    expect.arrayContaining([
      'lib/leaf/leaf.go',
      'lib/leaf/leaf_other.go',
      'lib/leaf/leaf_windows.go',
      'lib/leaf/leaf_test.go',
    ]),
  );
});
