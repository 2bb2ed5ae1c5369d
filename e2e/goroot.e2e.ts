// GOROOT/src as a workspace of its own (the std and cmd modules, ~900 packages): a large real
// Go tree. Every package `go list std cmd` reports becomes a project, and nx commands work.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { linkTree, TestWorkspace } from './support/workspace';

const GOROOT = execFileSync('go', ['env', 'GOROOT'], {
  encoding: 'utf8',
  env: { ...process.env, GOTOOLCHAIN: 'local' },
}).trim();
let ws: TestWorkspace;

beforeAll(() => {
  ws = TestWorkspace.create({});
  linkTree(path.join(GOROOT, 'src'), path.join(ws.dir, 'src'));
  ws.write({ '.gitignore': 'node_modules\n.e2e\n' });
});
afterAll(() => ws?.cleanup());

test('nx show projects lists every package go list std cmd lists (vendor excluded)', () => {
  const listed = execFileSync('go', ['list', '-e', 'std', 'cmd'], {
    cwd: path.join(GOROOT, 'src'),
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off' },
    maxBuffer: 64 << 20,
  })
    .split('\n')
    .filter((p) => p && !p.startsWith('vendor/') && !p.startsWith('cmd/vendor/'));
  const r = ws.nxOk(['show', 'projects', '--json']);
  const projects = new Set<string>(JSON.parse(r.stdout.slice(r.stdout.indexOf('['))));
  const missing = listed.filter((p) => !projects.has(p));
  expect(missing).toEqual([]);
  expect(listed.length).toBeGreaterThan(500);
  // cmd/dist's notgo124.go (//go:build !go1.24, another package name) is no file of it: release
  // tags are fixed by the toolchain. No real build compiles two package names together here.
  expect(listed).toContain('cmd/dist');
  expect(r.output).not.toContain('found packages');
});

test('nx graph, show project and show target inputs work on it', () => {
  const graph = ws.graph();
  expect(graph.nodes['net/http'].data.root).toBe('src/net/http');
  const httpDeps = graph.dependencies['net/http'].map((d) => d.target);
  expect(httpDeps).toEqual(expect.arrayContaining(['net', 'crypto/tls', 'net/url']));
  expect(graph.nodes['cmd/go'].data.tags).toContain('go:kind:command');
  expect(graph.nodes['cmd/dist'].data.tags).toContain('go:kind:command');
  ws.nxOk(['show', 'project', 'cmd/compile/internal/ssa']);
  const inputs = ws.nxOk(['show', 'target', 'inputs', 'fmt:go-build', '--json']);
  expect(inputs.stdout).toContain('src/fmt/print.go');
});
