// The edit loop with the real nx CLI: a function-body edit keeps the graph and re-infers
// nothing (the stored state is not rewritten), a new import adds its edge, an import removed
// takes it away; without the daemon and with it (NX_DAEMON=true, the workspace's own data
// directory, stopped at the end). What nx-gopkg did is read from its files in the workspace
// data directory: the state (rewritten only by an inference) and the delta (a body edit's
// verdict). NX_PERF_LOGGING's lines from the plugin worker are not used: the worker can exit
// before they are printed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestWorkspace } from './support/workspace';

const lib = (name: string, body: string, imports: string[] = []) =>
  `// Package ${name} is a fixture.\npackage ${name}\n\n${imports.map((i) => `import _ "example.com/inc/${i}"\n`).join('')}\n// V is a value.\nfunc V() int {\n\treturn ${body}\n}\n`;

const FILES = {
  'go.mod': 'module example.com/inc\n\ngo 1.22\n',
  'a/a.go': lib('a', '1'),
  'b/b.go': lib('b', '2'),
  'c/c.go': lib('c', '3', ['a']),
};

function edges(ws: TestWorkspace, env: Record<string, string> = {}): string[] {
  const out = path.join(ws.dir, '.e2e/graph.json');
  ws.nxOk(['graph', `--file=${out}`], env);
  const graph = JSON.parse(fs.readFileSync(out, 'utf8')).graph;
  const names = new Set(Object.keys(graph.nodes));
  return Object.values(graph.dependencies as Record<string, { source: string; target: string }[]>)
    .flat()
    .filter((d) => names.has(d.target))
    .map((d) => `${d.source} -> ${d.target}`)
    .sort();
}

function stateFile(ws: TestWorkspace): string {
  return cacheFile(ws, 'state-')!;
}
function cacheFile(ws: TestWorkspace, prefix: string): string | undefined {
  const dir = path.join(ws.dataDir, 'nx-gopkg');
  const file = fs.readdirSync(dir).find((f) => f.startsWith(prefix));
  return file && path.join(dir, file);
}

describe('without the daemon', () => {
  let ws: TestWorkspace;
  beforeAll(() => {
    ws = TestWorkspace.create(FILES);
  });
  afterAll(() => ws?.cleanup());

  test('a body edit keeps the graph and re-infers nothing; a new import adds the edge; removing it takes it away', () => {
    const before = edges(ws);
    expect(before).toEqual(['example.com/inc/c -> example.com/inc/a']);
    const projects = ws.nxOk(['show', 'project', 'example.com/inc/a', '--json']).stdout;
    const state = fs.readFileSync(stateFile(ws), 'utf8');

    ws.write({ 'a/a.go': lib('a', '1 + 41') });
    ws.nxOk(['show', 'projects']);
    expect(edges(ws)).toEqual(before);
    expect(ws.nxOk(['show', 'project', 'example.com/inc/a', '--json']).stdout).toBe(projects);
    // Not re-inferred: the state is as it was, and the verdict is in the delta file.
    expect(fs.readFileSync(stateFile(ws), 'utf8')).toBe(state);
    expect(fs.readFileSync(cacheFile(ws, 'delta-')!, 'utf8')).toContain('a/a.go');

    ws.write({ 'b/b.go': lib('b', '2', ['a']) });
    expect(edges(ws)).toEqual(['example.com/inc/b -> example.com/inc/a', 'example.com/inc/c -> example.com/inc/a']);
    // Re-inferred: a new state, and the old state's delta is gone.
    expect(fs.readFileSync(stateFile(ws), 'utf8')).not.toBe(state);
    expect(cacheFile(ws, 'delta-')).toBeUndefined();

    ws.write({ 'b/b.go': lib('b', '2') });
    expect(edges(ws)).toEqual(before);
  });

  test('a re-inference removes cache files no run has written for 30 days (other options, older versions), not its own', () => {
    const dir = path.join(ws.dataDir, 'nx-gopkg');
    const month = Date.now() / 1000 - 31 * 24 * 3600;
    for (const name of ['state-otheroptions.json', 'delta-otheroptions.json', 'headers-oldversion.json']) {
      fs.writeFileSync(path.join(dir, name), '{}');
      fs.utimesSync(path.join(dir, name), month, month);
    }
    fs.writeFileSync(path.join(dir, 'state-recent.json'), '{}');
    // An old state of the current options is still the one in use.
    fs.utimesSync(stateFile(ws), month, month);
    ws.nxOk(['show', 'projects']);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('otheroptions.json') || f.includes('oldversion'))).toEqual([
      'delta-otheroptions.json',
      'headers-oldversion.json',
      'state-otheroptions.json',
    ]);
    // Only a new state (a structural edit) cleans up, so a warm run writes nothing at all.
    ws.write({ 'b/b.go': lib('b', '2', ['a']) });
    ws.nxOk(['show', 'projects']);
    const left = fs.readdirSync(dir);
    expect(left.filter((f) => f.endsWith('otheroptions.json') || f.includes('oldversion'))).toEqual([]);
    expect(left).toContain('state-recent.json');
    expect(left).toContain(path.basename(stateFile(ws)));
    ws.write({ 'b/b.go': lib('b', '2') });
  });

  test('NX_CACHE_PROJECT_GRAPH=false infers from the files and stores nothing', () => {
    fs.rmSync(path.join(ws.dataDir, 'nx-gopkg'), { recursive: true, force: true });
    const off = { NX_CACHE_PROJECT_GRAPH: 'false' };
    ws.write({ 'b/b.go': lib('b', '2', ['a']) });
    expect(edges(ws, off)).toEqual([
      'example.com/inc/b -> example.com/inc/a',
      'example.com/inc/c -> example.com/inc/a',
    ]);
    expect(fs.existsSync(path.join(ws.dataDir, 'nx-gopkg'))).toBe(false);
  });
});

describe('with the daemon', () => {
  let ws: TestWorkspace;
  const DAEMON = { NX_DAEMON: 'true' };
  beforeAll(() => {
    ws = TestWorkspace.create(FILES);
  });
  afterAll(() => {
    if (!ws) return;
    ws.nx(['daemon', '--stop'], DAEMON);
    ws.cleanup();
  });

  test('the daemon recomputes after each edit: a body edit keeps the graph and the state, a new import adds the edge', () => {
    const before = edges(ws, DAEMON);
    expect(before).toEqual(['example.com/inc/c -> example.com/inc/a']);
    const state = fs.readFileSync(stateFile(ws), 'utf8');

    ws.write({ 'a/a.go': lib('a', '1 + 41') });
    expect(edges(ws, DAEMON)).toEqual(before);
    expect(fs.readFileSync(stateFile(ws), 'utf8')).toBe(state);
    expect(fs.readFileSync(cacheFile(ws, 'delta-')!, 'utf8')).toContain('a/a.go');

    ws.write({ 'b/b.go': lib('b', '2', ['a']) });
    expect(edges(ws, DAEMON)).toEqual([
      'example.com/inc/b -> example.com/inc/a',
      'example.com/inc/c -> example.com/inc/a',
    ]);

    ws.write({ 'b/b.go': lib('b', '2') });
    expect(edges(ws, DAEMON)).toEqual(before);
  });
});

describe("with the daemon and the plugins in the daemon's own process (NX_ISOLATE_PLUGINS=false)", () => {
  let ws: TestWorkspace;
  const IN_PROCESS = { NX_DAEMON: 'true', NX_ISOLATE_PLUGINS: 'false' };
  beforeAll(() => {
    // A project.json beside package a: Nx merges its metadata into nx-gopkg's project.
    ws = TestWorkspace.create({
      ...FILES,
      'a/project.json': JSON.stringify({ name: 'example.com/inc/a', metadata: { technologies: ['node'] } }),
      'notes.txt': 'v0\n',
    });
  });
  afterAll(() => {
    if (!ws) return;
    ws.nx(['daemon', '--stop'], IN_PROCESS);
    ws.cleanup();
  });

  test("graph builds after edits that leave the Go graph as it was do not accumulate Nx's merges", () => {
    const technologies = () =>
      JSON.parse(ws.nxOk(['show', 'project', 'example.com/inc/a', '--json'], IN_PROCESS).stdout).metadata.technologies;
    expect(technologies()).toEqual(['go', 'node']);
    // Each edit makes the daemon build the graph again; nx-gopkg's answer comes from its memo.
    for (const v of ['v1', 'v2', 'v3']) {
      ws.write({ 'notes.txt': `${v}\n` });
      expect(technologies()).toEqual(['go', 'node']);
    }
    ws.write({ 'a/a.go': lib('a', '1 + 41') });
    expect(technologies()).toEqual(['go', 'node']);
  });
});
