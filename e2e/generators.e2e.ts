// The Go generators from the packed plugin, in an empty Nx workspace: a module, a package, a
// command and a second module. Each new project shows up in `nx show projects` at once with its
// targets; go builds and tests them; go.work joins both modules; the files are gofmt-clean.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestWorkspace } from './support/workspace';

const pluginName: string = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../packages/nx-gopkg/package.json'), 'utf8'),
).name;

let ws: TestWorkspace;
beforeAll(() => {
  ws = TestWorkspace.create({}, { plugins: [pluginName] });
});
afterAll(() => ws?.cleanup());

const projects = () => ws.nxOk(['show', 'projects']).stdout.split('\n').filter(Boolean).sort();
const targetsOf = (project: string) =>
  Object.keys(JSON.parse(ws.nxOk(['show', 'project', project, '--json']).stdout).targets).sort();
const exists = (rel: string) => fs.existsSync(path.join(ws.dir, rel));

test('nx-gopkg:module makes the first module with the toolchain Go version and a root package project', () => {
  const goVersion = ws.run('go', ['env', 'GOVERSION']).stdout.trim().replace(/^go/, '');
  ws.nxOk(['g', `${pluginName}:module`, '.', '--module', 'example.com/repo']);
  expect(ws.read('go.mod')).toBe(`module example.com/repo\n\ngo ${goVersion}\n`);
  expect(exists('go.work')).toBe(false);
  expect(projects()).toEqual(['example.com/repo']);
  // The root package also holds the module's go-tidy and go-generate; there is no golangci config, so no go-lint.
  expect(targetsOf('example.com/repo')).toEqual(['go-build', 'go-fmt', 'go-generate', 'go-test', 'go-tidy', 'go-vet']);
});

test('nx-gopkg:package --dry-run shows the files and writes nothing', () => {
  const r = ws.nxOk(['g', `${pluginName}:package`, 'libs/greet', '--dry-run']);
  expect(r.output).toMatch(/CREATE libs\/greet\/greet\.go/);
  expect(r.output).toMatch(/CREATE libs\/greet\/greet_test\.go/);
  expect(exists('libs/greet')).toBe(false);
});

test('nx-gopkg:package makes a library project at once, and a re-run changes nothing', () => {
  ws.nxOk(['g', `${pluginName}:package`, 'libs/greet']);
  expect(projects()).toContain('example.com/repo/libs/greet');
  expect(targetsOf('example.com/repo/libs/greet')).toEqual(['go-build', 'go-fmt', 'go-test', 'go-vet']);
  const before = ws.read('libs/greet/greet.go');
  const again = ws.nxOk(['g', `${pluginName}:package`, 'libs/greet']);
  expect(again.output).not.toMatch(/CREATE|UPDATE/);
  expect(ws.read('libs/greet/greet.go')).toBe(before);
});

test('nx-gopkg:command makes a command project with go-run', () => {
  ws.nxOk(['g', `${pluginName}:command`, 'cmd/hello']);
  expect(projects()).toContain('example.com/repo/cmd/hello');
  expect(targetsOf('example.com/repo/cmd/hello')).toEqual(['go-build', 'go-fmt', 'go-run', 'go-test', 'go-vet']);
});

test('nx-gopkg:module makes a second module and the go.work that joins them', () => {
  const r = ws.nxOk(['g', `${pluginName}:module`, 'libs/textkit', '--module', 'example.com/textkit']);
  expect(r.output).toMatch(/CREATE go\.work/);
  expect(ws.read('libs/textkit/go.mod')).toMatch(/^module example\.com\/textkit\n/);
  expect(projects()).toEqual([
    'example.com/repo',
    'example.com/repo/cmd/hello',
    'example.com/repo/libs/greet',
    'example.com/textkit',
  ]);
  // go itself reads go.work: both modules are in the workspace.
  const modules = ws.run('go', ['list', '-m']);
  expect(modules.code).toBe(0);
  expect(modules.stdout.split('\n').filter(Boolean).sort()).toEqual(['example.com/repo', 'example.com/textkit']);
  const again = ws.nxOk(['g', `${pluginName}:module`, 'libs/textkit', '--module', 'example.com/textkit']);
  expect(again.output).not.toMatch(/CREATE|UPDATE/);
});

test('nx run-many -t go-build go-test go-fmt go-tidy passes on everything generated, and gofmt has nothing to say', () => {
  const r = ws.nxOk(['run-many', '-t', 'go-build', 'go-test', 'go-fmt', 'go-tidy', '--output-style=static']);
  for (const p of [
    'example.com/repo',
    'example.com/repo/libs/greet',
    'example.com/repo/cmd/hello',
    'example.com/textkit',
  ]) {
    expect(r.output).toContain(`nx run ${p}:go-build`);
    expect(r.output).toContain(`nx run ${p}:go-test`);
    expect(r.output).toContain(`nx run ${p}:go-fmt`);
  }
  // Both modules' root packages hold go-tidy, and the generated go.mod files are tidy.
  expect(r.output).toContain('nx run example.com/repo:go-tidy');
  expect(r.output).toContain('nx run example.com/textkit:go-tidy');
  expect(exists('dist/go/cmd/hello/hello')).toBe(true);
  const run = ws.nxOk(['run', 'example.com/repo/cmd/hello:go-run', '--args=e2e']);
  expect(run.output).toContain('Hello, e2e!');
  const gofmt = ws.run('gofmt', ['-l', '.']);
  expect(gofmt.code).toBe(0);
  expect(gofmt.stdout.split('\n').filter((l) => l && !l.startsWith('node_modules'))).toEqual([]);
});
