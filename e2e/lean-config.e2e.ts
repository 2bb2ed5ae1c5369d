// The lean configuration (docs/design.md): named inputs defined once in nx.json by
// `nx g nx-gopkg:init`, and targets whose options leave out what the project says. Whatever
// nx.json holds, every task must hash exactly the files, env and commands it hashed before:
// the raw inputs Nx computes (tools/dump-task-inputs.js) are compared before and after.
import * as path from 'node:path';
import { taskOutcomes, TestWorkspace } from './support/workspace';

const DUMP = path.resolve(__dirname, '../tools/dump-task-inputs.js');
const TARGETS = 'go-build,go-test,go-vet,go-fmt';

const FILES = {
  'go.mod': 'module example.com/lean\n\ngo 1.24\n',
  'lib/lib.go': 'package lib\n\n// Name is the name.\nfunc Name() string { return "lib" }\n',
  'lib/lib_test.go':
    'package lib\n\nimport "testing"\n\nfunc TestName(t *testing.T) {\n\tif Name() == "" {\n\t\tt.Fatal("empty")\n\t}\n}\n',
  'lib/testdata/case.txt': 'case\n',
  'web/web.go':
    'package web\n\nimport (\n\t"embed"\n\n\t"example.com/lean/lib"\n)\n\n//go:embed static\nvar Static embed.FS\n\n// Title names the site.\nfunc Title() string { return lib.Name() }\n',
  'web/static/index.html': '<p>hi</p>\n',
  'cmd/lean/main.go':
    'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/lean/web"\n)\n\nfunc main() { fmt.Println(web.Title()) }\n',
  // A hand-written target of a project nx-gopkg did not infer: it names the package itself.
  'tools/project.json': JSON.stringify({
    name: 'tools',
    targets: {
      'vet-lib': {
        executor: 'nx-gopkg:go',
        options: { command: 'vet', importPath: 'example.com/lean/lib', moduleRoot: '.' },
      },
      'vet-nothing': { executor: 'nx-gopkg:go', options: { command: 'vet' } },
    },
  }),
};

let ws: TestWorkspace;
beforeAll(() => {
  ws = TestWorkspace.create(FILES);
});
afterAll(() => ws?.cleanup());

const rawInputs = () => JSON.parse(ws.run(process.execPath, [DUMP, TARGETS]).stdout);
const namedInputsOf = (project: string) => Object.keys(ws.graph().nodes[project].data.namedInputs ?? {}).sort();

let before: Record<string, unknown>;

test('without shared inputs in nx.json every project carries its own', () => {
  before = rawInputs();
  expect(Object.keys(before)).toEqual(
    expect.arrayContaining(['example.com/lean/lib:go-test', 'example.com/lean/web:go-build']),
  );
  expect(namedInputsOf('example.com/lean/lib')).toEqual([
    'go-module',
    'go-package',
    'go-sources',
    'go-test-sources',
    'go-toolchain',
  ]);
});

test('nx g nx-gopkg:init shares them: projects leave them out, and every task hashes the same', () => {
  ws.nxOk(['g', 'nx-gopkg:init']);
  expect(Object.keys(JSON.parse(ws.read('nx.json')).namedInputs).sort()).toEqual([
    'go-package',
    'go-sources',
    'go-test-sources',
    'go-toolchain',
  ]);
  expect(namedInputsOf('example.com/lean/lib')).toEqual(['go-module']);
  // The embedding package's sources read otherwise (its static/ directory): it keeps its own.
  expect(namedInputsOf('example.com/lean/web')).toEqual(['go-module', 'go-sources']);
  const after = rawInputs();
  expect(after).toEqual(before);
  // Not vacuous: the embedded file and the test data are among what is hashed.
  expect(JSON.stringify(after['example.com/lean/web:go-build'])).toContain('web/static/index.html');
  expect(JSON.stringify(after['example.com/lean/lib:go-test'])).toContain('lib/testdata/case.txt');
});

test('a shared input edited in nx.json is no longer shared: projects carry their own again', () => {
  const nxJson = JSON.parse(ws.read('nx.json'));
  nxJson.namedInputs['go-sources'] = [...nxJson.namedInputs['go-sources'], '{projectRoot}/extra.txt'];
  ws.write({ 'nx.json': JSON.stringify(nxJson, null, 2) });
  expect(namedInputsOf('example.com/lean/lib')).toEqual(['go-module', 'go-sources']);
  expect(rawInputs()).toEqual(before);
  nxJson.namedInputs['go-sources'] = nxJson.namedInputs['go-sources'].slice(0, -1);
  ws.write({ 'nx.json': JSON.stringify(nxJson, null, 2) });
  expect(namedInputsOf('example.com/lean/lib')).toEqual(['go-module']);
});

test('tasks run from the lean options, in batches and one by one, and an edit misses where it should', () => {
  const targets = ['go-build', 'go-test', 'go-vet', 'go-fmt'];
  for (const batch of [true, false]) {
    const r = ws.nx(['run-many', '-t', ...targets, '--output-style=static', '--skip-nx-cache', `--batch=${batch}`]);
    expect([batch, r.code, r.output]).toEqual([batch, 0, expect.any(String)]);
  }
  expect(ws.read('dist/go/cmd/lean/lean').length).toBeGreaterThan(0);
  ws.nxOk(['run-many', '-t', 'go-build', '--output-style=static']);
  ws.write({ 'lib/lib.go': 'package lib\n\n// Name is the name.\nfunc Name() string { return "lib2" }\n' });
  const outcomes = taskOutcomes(ws.nxOk(['run-many', '-t', 'go-build', '--output-style=static']).output);
  expect(Object.fromEntries(outcomes)).toEqual({
    'example.com/lean/lib:go-build': 'miss',
    'example.com/lean/web:go-build': 'miss',
    'example.com/lean/cmd/lean:go-build': 'miss',
  });
});

test('a hand-written target names its package; without one it fails and says what is missing', () => {
  ws.nxOk(['run', 'tools:vet-lib', '--skip-nx-cache']);
  const r = ws.nx(['run', 'tools:vet-nothing', '--skip-nx-cache']);
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/needs importPath and moduleRoot/);
});
