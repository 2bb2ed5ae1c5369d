// Bad input never breaks the graph and nothing runs that should not: one workspace holding
// every broken case at once (e2e/support/robustness-fixture.ts), the real nx CLI and real go.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BROKEN, createRobustnessFixture, ODD_MODULE_DIR, VALID_MODULES } from './support/robustness-fixture';
import { TestWorkspace } from './support/workspace';

/** Shell metacharacters in build tags; `${IFS}` keeps them free of spaces so go accepts them. */
const HOSTILE_TAGS = ['x;touch${IFS}pwned2', '$(touch${IFS}pwned3)', '`touch${IFS}pwned4`'];
const NX_JSON = { plugins: [{ plugin: 'nx-gopkg', options: { tags: HOSTILE_TAGS } }] };

let ws: TestWorkspace;
let asRoot: boolean;
let showOutput: string;
let graph: ReturnType<TestWorkspace['graph']>;
let graphOutput: string;

function pwned(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('pwned') && !e.name.endsWith('.go')) found.push(path.join(d, e.name));
      if (e.isDirectory() && !e.isSymbolicLink() && depth > 0 && e.name !== 'node_modules' && e.name !== 'gomodcache')
        walk(path.join(d, e.name), depth - 1);
    }
  };
  walk(dir, 12);
  return found;
}

/** `nx-gopkg: <file>[:line]: <reason>` lines of one command's output. */
function warnings(output: string): string[] {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('nx-gopkg: '));
}

function goList(moduleDir: string): { ImportPath: string; Imports?: string[]; Name: string }[] {
  const r = ws.run(
    'go',
    ['list', '-e', '-json=ImportPath,Name,Imports', './...'],
    { GOWORK: 'off' },
    path.join(ws.dir, moduleDir),
  );
  if (r.code !== 0) throw new Error(`go list in ${moduleDir}:\n${r.output}`);
  return JSON.parse(`[${r.stdout.replace(/}\s*{/g, '},{')}]`);
}

beforeAll(() => {
  ({ ws, root: asRoot } = createRobustnessFixture(NX_JSON));
  const show = ws.nx(['show', 'projects']);
  showOutput = show.output;
  if (show.code !== 0) throw new Error(`nx show projects exited ${show.code}:\n${show.output}`);
  const out = path.join(ws.dir, '.e2e/graph.json');
  const g = ws.nx(['graph', `--file=${out}`]);
  graphOutput = g.output;
  if (g.code !== 0) throw new Error(`nx graph exited ${g.code}:\n${g.output}`);
  graph = JSON.parse(fs.readFileSync(out, 'utf8')).graph;
}, 300_000);
afterAll(() => ws?.cleanup());

const byRoot = () => new Map(Object.values(graph.nodes).map((n) => [n.data.root, n]));

test('every valid package is a project, with the edges go list reports', () => {
  const roots = byRoot();
  const nameOf = new Map(Object.values(graph.nodes).map((n) => [n.data.root, n.name]));
  for (const mod of VALID_MODULES) {
    const listed = goList(mod);
    expect(listed.length).toBeGreaterThan(0);
    const prefix = `example.com/${mod === ODD_MODULE_DIR ? 'odd' : mod}`;
    for (const p of listed) {
      const dir = path.posix.join(mod, p.ImportPath.slice(prefix.length + 1));
      const node = roots.get(dir.replace(/\/$/, ''));
      expect([dir, node?.data.targets['go-build'] ? 'go-build' : 'none']).toEqual([dir, 'go-build']);
      const want = (p.Imports ?? [])
        .filter((i) => i.startsWith(prefix + '/'))
        .map((i) => nameOf.get(path.posix.join(mod, i.slice(prefix.length + 1))))
        .sort();
      const got = (graph.dependencies[node!.name] ?? [])
        .map((d) => d.target)
        .filter((t) => graph.nodes[t])
        .sort();
      expect([dir, got]).toEqual([dir, want]);
    }
  }
  // The 20 MB file's package, the BOM file's package and the symlink loop's directory are there.
  for (const dir of ['good/big', 'good/bom', 'good/loop', 'good/secret']) expect(roots.has(dir)).toBe(true);
  // No project from node_modules, or through a symlink.
  for (const root of roots.keys()) {
    expect(root).not.toMatch(/node_modules|loop\/(self|up|a|b)/);
  }
});

test('every broken package is still a project with a go-build target', () => {
  const roots = byRoot();
  const missing = BROKEN.filter((c) => c.project !== false && !roots.get(c.dir)?.data.targets['go-build']).map(
    (c) => c.dir,
  );
  expect(missing).toEqual([]);
  // The import cycle is drawn both ways (go-build has no dependsOn, so no task cycle).
  const a = roots.get('broken/cycle/a')!.name;
  const b = roots.get('broken/cycle/b')!.name;
  expect(graph.dependencies[a].map((d) => d.target)).toContain(b);
  expect(graph.dependencies[b].map((d) => d.target)).toContain(a);
  // A go.mod without a module line: its packages stay, under a provisional path, so that their
  // tasks fail with go's message (and a warning says so).
  expect(roots.get('nomodline')!.name).toBe('_/nomodline');
  expect(warnings(showOutput)).toContainEqual(
    expect.stringContaining(
      'nx-gopkg: nomodline/go.mod: go.mod has no module path; its packages are kept under _/nomodline/',
    ),
  );
});

test('one warning per broken input, naming the file (and line) and the reason, never twice', () => {
  for (const output of [showOutput, graphOutput]) {
    const lines = warnings(output);
    expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);
  }
  const lines = warnings(showOutput);
  const missing: string[] = [];
  for (const c of BROKEN) {
    if (!c.warning) continue;
    const { file, reason } = c.warning;
    const hits = lines.filter(
      (l) => l.startsWith(`nx-gopkg: ${file}:`) && reason.test(l.slice(`nx-gopkg: ${file}:`.length)),
    );
    if (hits.length === 0) missing.push(`${file} ${reason}`);
  }
  expect({ missing, warnings: missing.length ? lines : [] }).toEqual({ missing: [], warnings: [] });
  // Nothing about valid modules, except what is true of them (the unreadable file, when not root).
  const aboutValid = lines.filter((l) => VALID_MODULES.some((m) => l.startsWith(`nx-gopkg: ${m}/`)));
  expect(aboutValid).toEqual(asRoot ? [] : [expect.stringMatching(/^nx-gopkg: good\/secret\/secret\.go/)]);
  console.log(`robustness warnings:\n${lines.join('\n')}`);
});

test("run-many go-build: valid packages build, broken ones fail with go's message, nothing else fails", () => {
  const r = ws.nx(['run-many', '-t', 'go-build', '--parallel=2', '--output-style=static', '--skip-nx-cache']);
  expect(r.code).not.toBe(0);
  fs.writeFileSync(path.join(ws.dir, '.e2e/run-many.log'), r.output);
  // Task headers may follow a task's output without a newline in parallel runs: match anywhere.
  const ran = new Set([...r.output.matchAll(/> nx run (\S+?):go-build/g)].map((m) => m[1]));
  const roots = byRoot();
  const failed = new Set(
    r.output
      .split('\n')
      .map((l) => /Running target go-build for \d+ projects? failed|^\s*-\s+(\S.*):go-build\s*$/.exec(l)?.[1])
      .filter((x): x is string => !!x),
  );
  const brokenNames = BROKEN.filter((c) => c.project !== false).map((c) => roots.get(c.dir)!.name);
  const validNames = [...roots.values()]
    .filter((n) => VALID_MODULES.some((m) => n.data.root.startsWith(`${m}/`)))
    .map((n) => n.name);
  const expectedFailures = new Set(asRoot ? brokenNames : [...brokenNames, roots.get('good/secret')!.name]);
  // Every project ran.
  for (const name of [...brokenNames, ...validNames])
    expect([name, ran.has(name) || failed.has(name)]).toEqual([name, true]);
  expect([...failed].filter((n) => !expectedFailures.has(n)).sort()).toEqual([]);
  expect([...expectedFailures].filter((n) => !failed.has(n)).sort()).toEqual([]);
  // go's own words for each broken package.
  for (const c of BROKEN.filter((x) => x.project !== false))
    expect([c.dir, c.goSays.test(r.output)]).toEqual([c.dir, true]);
  // The binaries of valid main packages exist.
  for (const bin of [
    'dist/go/good/app/app',
    'dist/go/tools/a/cmd/gen/gen',
    'dist/go/tools/b/cmd/gen/gen',
    `dist/go/${ODD_MODULE_DIR}/cmd/odd/odd`,
  ]) {
    expect([bin, fs.existsSync(path.join(ws.dir, bin))]).toEqual([bin, true]);
  }
}, 600_000);

test('two main packages named gen: different output paths, both built by the parallel run-many above, each binary its own', () => {
  const a = byRoot().get('tools/a/cmd/gen')!;
  const b = byRoot().get('tools/b/cmd/gen')!;
  expect(a.data.targets['go-build'].outputs).toEqual(['{workspaceRoot}/dist/go/tools/a/cmd/gen']);
  expect(b.data.targets['go-build'].outputs).toEqual(['{workspaceRoot}/dist/go/tools/b/cmd/gen']);
  expect(ws.run(path.join(ws.dir, 'dist/go/tools/a/cmd/gen/gen'), []).stdout.trim()).toBe('I am tools/a/cmd/gen');
  expect(ws.run(path.join(ws.dir, 'dist/go/tools/b/cmd/gen/gen'), []).stdout.trim()).toBe('I am tools/b/cmd/gen');
});

test('no injection: hostile file names, directory names and tags create no file anywhere', () => {
  // Run after show, graph and run-many (the tests above); the parent dir is the shared tmp dir.
  expect(pwned(ws.dir)).toEqual([]);
  expect(pwned(path.dirname(ws.dir)).filter((p) => !p.startsWith(ws.dir))).toEqual([]);
  // The hostile names did reach go as plain argv (its messages quote them back).
  expect(fs.existsSync(path.join(ws.dir, 'names/inj/$(touch pwned).go'))).toBe(true);
});

test('unreadable files: as root, chmod 000 does not stop reads, so the package is scanned normally', () => {
  // Documented limit: the test cannot make a file unreadable to root. Non-root runs assert the
  // warning in the warnings test above.
  const secret = byRoot().get('good/secret')!;
  expect(secret.data.targets['go-build']).toBeDefined();
});

test('tags with spaces and shell metacharacters: go rejects them, nothing runs', () => {
  const tagsWs = TestWorkspace.create(
    {
      'm/go.mod': 'module example.com/m\n\ngo 1.24\n',
      'm/p/p.go': 'package p\n',
    },
    { plugins: [{ plugin: 'nx-gopkg', options: { tags: ['x;touch pwned2', '$(touch pwned3)', '`touch pwned4`'] } }] },
  );
  try {
    expect(tagsWs.nx(['show', 'projects']).code).toBe(0);
    const r = tagsWs.nx(['run-many', '-t', 'go-build', '--output-style=static', '--skip-nx-cache']);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/-tags/);
    expect(pwned(tagsWs.dir)).toEqual([]);
    expect(pwned(path.dirname(tagsWs.dir)).filter((p) => !p.startsWith(tagsWs.dir))).toEqual([]);
  } finally {
    tagsWs.cleanup();
  }
});
