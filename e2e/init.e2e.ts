// `nx g nx-gopkg:init` from the packed plugin: registers nx-gopkg, ignores dist/go, checks for go.
import * as path from 'node:path';
import { TestWorkspace } from './support/workspace';

const GO_FILES = {
  'go.mod': 'module example.com/hello\n\ngo 1.24\n',
  'main.go': 'package main\n\nfunc main() {}\n',
  'greet/greet.go': 'package greet\n\n// Hi says hi.\nfunc Hi() string { return "hi" }\n',
};

let ws: TestWorkspace;
beforeAll(() => {
  ws = TestWorkspace.create(
    { ...GO_FILES, '.gitignore': 'node_modules\n.e2e\n' },
    { targetDefaults: { build: { cache: true } } },
  );
});
afterAll(() => ws?.cleanup());

test('--dry-run shows the changes and writes nothing', () => {
  const before = ws.read('nx.json');
  const r = ws.nxOk(['g', 'nx-gopkg:init', '--dry-run']);
  expect(r.output).toMatch(/UPDATE nx\.json/);
  expect(r.output).toMatch(/UPDATE \.gitignore/);
  expect(ws.read('nx.json')).toBe(before);
});

test('registers the plugin, keeps the rest of nx.json, ignores dist/go, and is idempotent', () => {
  ws.nxOk(['g', 'nx-gopkg:init']);
  const nxJson = JSON.parse(ws.read('nx.json'));
  expect(nxJson.plugins).toEqual(['nx-gopkg']);
  expect(nxJson.targetDefaults).toEqual({ build: { cache: true } });
  expect(ws.read('.gitignore')).toMatch(/^\/dist\/go$/m);

  const again = ws.nxOk(['g', 'nx-gopkg:init']);
  expect(again.output).not.toMatch(/UPDATE/);
  expect(JSON.parse(ws.read('nx.json')).plugins).toEqual(['nx-gopkg']);

  const projects = ws.nxOk(['show', 'projects']).stdout.split('\n');
  expect(projects).toEqual(expect.arrayContaining(['example.com/hello', 'example.com/hello/greet']));
});

test('without go it says so and still registers the plugin', () => {
  const other = TestWorkspace.create(GO_FILES, {});
  try {
    const r = other.nxOk(['g', 'nx-gopkg:init'], { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` });
    expect(r.output).toMatch(/go/i);
    expect(r.output).toMatch(/graph inference still works/);
    expect(JSON.parse(other.read('nx.json')).plugins).toEqual(['nx-gopkg']);
  } finally {
    other.cleanup();
  }
});
