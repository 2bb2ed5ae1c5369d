// Inference against the oracle: the projects and edges of `nx graph` equal what `go list`
// reports for the fixture (two modules joined by go.work, a third-party module from a local
// proxy), and an xtest import cycle does not break go-test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFixture } from './support/fixtures';
import { TestWorkspace } from './support/workspace';

// package mid_test imports cyc, which imports mid: valid Go, and a cycle only through a test.
const CYCLE = {
  'lib/cyc/cyc.go':
    'package cyc\n\nimport "example.com/lib/mid"\n\n// Twice repeats the phrase.\nfunc Twice() string { return mid.Phrase() + mid.Phrase() }\n',
  'lib/mid/cycle_x_test.go':
    'package mid_test\n\nimport (\n\t"testing"\n\n\t"example.com/lib/cyc"\n)\n\nfunc TestTwice(t *testing.T) {\n\tif cyc.Twice() != "mid-leafmid-leaf" {\n\t\tt.Fatal(cyc.Twice())\n\t}\n}\n',
};
const PLATFORMS = ['linux/amd64', 'windows/amd64', 'darwin/arm64'];

let ws: TestWorkspace;
beforeAll(() => {
  ({ ws } = createFixture(CYCLE));
});
afterAll(() => ws?.cleanup());

interface ListedPackage {
  ImportPath: string;
  Dir: string;
  Imports?: string[];
  Module?: { Path: string };
}

function goList(moduleDir: string, goos: string, goarch: string): ListedPackage[] {
  const r = ws.run(
    'go',
    ['list', '-e', '-json', './...'],
    { GOOS: goos, GOARCH: goarch, CGO_ENABLED: '1' },
    path.join(ws.dir, moduleDir),
  );
  if (r.code !== 0) throw new Error(r.output);
  return JSON.parse(`[${r.stdout.replace(/}\n{/g, '},{')}]`);
}

test('one project per package go list reports, and edges equal the union of go list imports', () => {
  const expectedProjects = new Set<string>();
  const expectedEdges = new Set<string>();
  const expectedRoots = new Map<string, string>();
  for (const platform of PLATFORMS) {
    const [goos, goarch] = platform.split('/');
    const listed = ['lib', 'svc'].flatMap((m) => goList(m, goos, goarch));
    const workspacePaths = new Set(listed.map((p) => p.ImportPath));
    for (const p of listed) {
      expectedProjects.add(p.ImportPath);
      expectedRoots.set(p.ImportPath, path.relative(fs.realpathSync(ws.dir), fs.realpathSync(p.Dir)));
      for (const imp of p.Imports ?? []) if (workspacePaths.has(imp)) expectedEdges.add(`${p.ImportPath} -> ${imp}`);
    }
  }

  const graph = ws.graph();
  // Packages only: modules whose root has no package get a project of their own (go:kind:module).
  const goProjects = Object.values(graph.nodes).filter(
    (n) => n.data.tags?.includes('lang:go') && !n.data.tags.includes('go:kind:module'),
  );
  expect(goProjects.map((n) => n.name).sort()).toEqual([...expectedProjects].sort());
  for (const n of goProjects) expect(n.data.root).toBe(expectedRoots.get(n.name));
  const edges = new Set<string>();
  for (const deps of Object.values(graph.dependencies)) {
    for (const d of deps)
      if (expectedProjects.has(d.source) && expectedProjects.has(d.target)) edges.add(`${d.source} -> ${d.target}`);
  }
  expect([...edges].sort()).toEqual([...expectedEdges].sort());
});

test('project roots are the package directories and tags say what each package is', () => {
  const graph = ws.graph();
  const server = graph.nodes['example.com/svc/cmd/server'];
  expect(server.data.root).toBe('svc/cmd/server');
  expect(server.data.tags).toEqual(expect.arrayContaining(['lang:go', 'go:module:example.com/svc', 'go:kind:command']));
  expect(graph.nodes['example.com/lib/leaf'].data.tags).toContain('go:kind:library');
  expect(Object.keys(server.data.targets).sort()).toEqual(['go-build', 'go-fmt', 'go-run', 'go-vet']);
  expect(server.data.metadata?.technologies).toEqual(['go']);
});

test('the third-party module is an external node hashed by its go.sum line', () => {
  ws.nxOk(['show', 'projects']);
  const stored = JSON.parse(fs.readFileSync(path.join(ws.dataDir, 'project-graph.json'), 'utf8'));
  const node = stored.externalNodes['gomod:example.org/thirdparty'];
  expect(node).toBeDefined();
  expect(node.data.version).toBe('v1.0.0');
  const sumLine = ws
    .read('svc/go.sum')
    .split('\n')
    .find((l) => l.startsWith('example.org/thirdparty v1.0.0 h1:'))!;
  expect(node.data.hash).toBe(sumLine.split(' ')[2]);
  const apiDeps = stored.dependencies['example.com/svc/api'].map((d: { target: string }) => d.target);
  expect(apiDeps).toContain('gomod:example.org/thirdparty');
});

test('an xtest import cycle does not break nx run-many -t go-test', () => {
  const r = ws.nx(['run-many', '-t', 'go-test', '--output-style=static']);
  expect(r.output).not.toMatch(/circular|cycle/i);
  expect(r.code).toBe(0);
  expect(r.output).toContain('nx run example.com/lib/mid:go-test');
});

test("an edit that keeps the file size changes the edges (the header cache follows Nx's file hashes)", () => {
  // "mid" and "cyc" have the same length, so the file keeps its size.
  const file = path.join(ws.dir, 'lib/swap/swap.go');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'package swap\n\nimport _ "example.com/lib/mid"\n');
  fs.utimesSync(file, new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
  const depsOfSwap = () =>
    ws
      .graph()
      .dependencies['example.com/lib/swap'].map((d) => d.target)
      .sort();
  expect(depsOfSwap()).toEqual(['example.com/lib/mid']);

  fs.writeFileSync(file, 'package swap\n\nimport _ "example.com/lib/cyc"\n');
  // A later mtime: Nx's own file index re-hashes a file only when its mtime or size changed.
  fs.utimesSync(file, new Date('2026-01-02T03:04:06Z'), new Date('2026-01-02T03:04:06Z'));
  expect(depsOfSwap()).toEqual(['example.com/lib/cyc']);

  // The header cache's key for the file is Nx's own hash of it (file-map.json), not a stat.
  const fileMap = JSON.parse(fs.readFileSync(path.join(ws.dataDir, 'file-map.json'), 'utf8')).fileMap.projectFileMap;
  const nxHash = fileMap['example.com/lib/swap'].find((f: { file: string }) => f.file === 'lib/swap/swap.go').hash;
  const gopkgDir = path.join(ws.dataDir, 'nx-gopkg');
  const headers = JSON.parse(
    fs.readFileSync(
      path.join(
        gopkgDir,
        fs.readdirSync(gopkgDir).find((f) => f.startsWith('headers-'))!,
      ),
      'utf8',
    ),
  );
  expect(headers[fs.realpathSync(file)]?.fp ?? headers[file]?.fp).toBe(`h:${nxHash}`);
  fs.rmSync(path.dirname(file), { recursive: true });
});
