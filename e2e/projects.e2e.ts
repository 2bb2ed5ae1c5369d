// Project identity next to other projects, and a machine without go.
import * as path from 'node:path';
import { createFixture } from './support/fixtures';
import { TestWorkspace } from './support/workspace';

let ws: TestWorkspace;
beforeAll(() => {
  ({ ws } = createFixture({
    // A package directory that already is a project: nx-gopkg adds its targets there.
    'lib/leaf/project.json': JSON.stringify({ name: 'leafy', targets: { lint: { command: 'echo lint' } } }),
    // A TS project that holds the name the mid package would get.
    'web/project.json': JSON.stringify({ name: 'example.com/lib/mid', targets: {} }),
  }));
});
afterAll(() => ws?.cleanup());

test('a package directory with a project.json becomes one project with both sets of targets', () => {
  const graph = ws.graph();
  const leafy = graph.nodes['leafy'].data;
  expect(leafy.root).toBe('lib/leaf');
  expect(Object.keys(leafy.targets).sort()).toEqual(['go-build', 'go-fmt', 'go-test', 'go-vet', 'lint']);
  expect(Object.values(graph.nodes).filter((n) => n.data.root === 'lib/leaf')).toHaveLength(1);
  // Edges use the merged name.
  expect(graph.dependencies['lib/mid'].map((d) => d.target)).toContain('leafy');
});

test('a name another project declares is not taken: the package falls back to its directory, with a warning naming both', () => {
  const r = ws.nxOk(['show', 'projects']);
  expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['lib/mid', 'example.com/lib/mid']));
  expect(r.output).toMatch(/nx-gopkg: lib\/mid: project name "example.com\/lib\/mid" is taken by web\/project.json/);
});

test('without go on PATH the graph still works, and a Go task fails saying go is missing', () => {
  const noGo = { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` };
  expect(ws.run('sh', ['-c', 'command -v go || echo none'], noGo).stdout.trim()).toBe('none');
  expect(ws.nx(['show', 'projects'], noGo).code).toBe(0);
  const r = ws.nx(['run', 'example.com/lib/unrelated:go-build', '--output-style=static', '--skip-nx-cache'], noGo);
  expect(r.code).not.toBe(0);
  expect(r.output).toContain('the `go` command was not found on PATH');
});
