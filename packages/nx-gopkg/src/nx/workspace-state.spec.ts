// goGraph across edits, with Nx's real file index: a function-body edit returns the stored
// graph without re-inferring or rewriting the state; a new import re-infers and changes exactly
// one project's edges. The index is told of each edit as the daemon's watcher tells it. What
// ran is read from the performance measures NX_PERF_LOGGING prints.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-ws-state-')));
const dataDir = path.join(root, '.nx-data');
const savedEnv = {
  NX_WORKSPACE_DATA_DIRECTORY: process.env.NX_WORKSPACE_DATA_DIRECTORY,
  NX_DAEMON: process.env.NX_DAEMON,
};
process.env.NX_WORKSPACE_DATA_DIRECTORY = dataDir;
process.env.NX_DAEMON = 'false';

// Required after the environment is set: Nx reads its data directory when the module loads.
/* eslint-disable @typescript-eslint/no-require-imports */
const state = require('./workspace-state') as typeof import('./workspace-state');
const { updateFilesInContext } =
  require('nx/src/utils/workspace-context') as typeof import('nx/src/utils/workspace-context');
const { normalizeOptions } = require('./options') as typeof import('./options');
/* eslint-enable @typescript-eslint/no-require-imports */

const options = normalizeOptions({});

/** Which of the measured parts a call ran: 'infer', 'compare' (the unchanged-facts check), 'cache-read'. */
async function ran<T>(fn: () => Promise<T>): Promise<{ result: T; parts: string[] }> {
  const count = (name: string) => performance.getEntriesByName(`nx-gopkg:${name}`, 'measure').length;
  const names = ['cache-read', 'compare', 'infer'];
  const before = names.map(count);
  const result = await fn();
  return { result, parts: names.filter((n, i) => count(n) > before[i]) };
}
/** goGraph in a fresh module registry: a new process (no in-memory result) with the same data directory. */
function freshGoGraph() {
  let fresh!: typeof import('./workspace-state');
  jest.isolateModules(() => {
    fresh = require('./workspace-state'); // eslint-disable-line @typescript-eslint/no-require-imports
  });
  return fresh.goGraph(root, options);
}
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const edit = (rel: string, text: string) => {
  write(rel, text);
  updateFilesInContext(root, [rel], []);
};
/** The cache write runs after the answer (setImmediate): wait for it. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));
const stateFiles = () => fs.readdirSync(path.join(dataDir, 'nx-gopkg')).filter((f) => f.startsWith('state-'));
const edges = (g: import('./graph-output').GoGraph) => g.dependencies.map((d) => `${d.source} -> ${d.target}`).sort();
const projectsOf = (g: import('./graph-output').GoGraph) => g.nodes['go.mod'].projects!;

const lib = (name: string, body: string, imports: string[] = []) =>
  `package ${name}\n\n${imports.map((i) => `import _ "example.com/m/${i}"\n`).join('')}\nfunc V() int {\n\treturn ${body}\n}\n`;

beforeAll(() => {
  write('nx.json', '{}');
  write('go.mod', 'module example.com/m\n\ngo 1.22\n');
  write('a/a.go', lib('a', '1'));
  write('b/b.go', lib('b', '2'));
  write('c/c.go', lib('c', '3', ['a']));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('goGraph across edits', () => {
  let first: import('./graph-output').GoGraph;

  it('infers the graph the first time and stores it', async () => {
    const r = await ran(() => state.goGraph(root, options));
    first = r.result;
    expect(r.parts).toEqual(['cache-read', 'infer']);
    expect(edges(first)).toEqual(['example.com/m/c -> example.com/m/a']);
    await settled();
    expect(stateFiles()).toHaveLength(1);
  });

  it('a function-body edit returns the previous configuration and writes no state', async () => {
    const [file] = stateFiles();
    const before = fs.readFileSync(path.join(dataDir, 'nx-gopkg', file), 'utf8');
    const mtime = fs.statSync(path.join(dataDir, 'nx-gopkg', file)).mtimeMs;
    edit('a/a.go', lib('a', '1 + 41'));
    const r = await ran(() => state.goGraph(root, options));
    expect(r.parts).toEqual(['cache-read', 'compare']);
    expect(r.result).toEqual(first);
    await settled();
    expect(fs.statSync(path.join(dataDir, 'nx-gopkg', file)).mtimeMs).toBe(mtime);
    expect(fs.readFileSync(path.join(dataDir, 'nx-gopkg', file), 'utf8')).toBe(before);
  });

  it('the verdict is remembered: a new process with the same files reads the stored graph, comparing nothing', async () => {
    const r = await ran(() => freshGoGraph());
    expect(r.parts).toEqual(['cache-read']);
    expect(r.result).toEqual(first);
  });

  it('a second body edit elsewhere still returns the previous configuration', async () => {
    edit('b/b.go', lib('b', '2 * 2'));
    const r = await ran(() => state.goGraph(root, options));
    expect(r.parts).toEqual(['cache-read', 'compare']);
    expect(r.result).toEqual(first);
    // A new process compares against the state and both edits' entries.
    const again = await ran(() => freshGoGraph());
    expect(again.parts).toEqual(['cache-read']);
    expect(again.result).toEqual(first);
  });

  it("a new import re-infers and changes exactly one project's edges", async () => {
    edit('b/b.go', lib('b', '2 * 2', ['a']));
    const r = await ran(() => state.goGraph(root, options));
    expect(r.parts).toEqual(['cache-read', 'compare', 'infer']);
    const after = r.result;
    expect(edges(after)).toEqual(['example.com/m/b -> example.com/m/a', 'example.com/m/c -> example.com/m/a']);
    expect(Object.keys(projectsOf(after)).sort()).toEqual(Object.keys(projectsOf(first)).sort());
    const changed = Object.keys(projectsOf(after)).filter(
      (r) => JSON.stringify(projectsOf(after)[r]) !== JSON.stringify(projectsOf(first)[r]),
    );
    // Only b's configuration may depend on its imports; a's and c's are as they were.
    expect(changed.filter((root) => root !== 'b')).toEqual([]);
    await settled();
    // The new state is stored: a new process reads it as is.
    const again = await ran(() => freshGoGraph());
    expect(again.parts).toEqual(['cache-read']);
    expect(edges(again.result)).toEqual(edges(after));
  });

  it('an edit to the header (an import removed) is never taken for a body edit', async () => {
    edit('b/b.go', lib('b', '2 * 2'));
    const r = await ran(() => state.goGraph(root, options));
    expect(r.parts).toContain('infer');
    expect(edges(r.result)).toEqual(['example.com/m/c -> example.com/m/a']);
  });

  it('a build-line edit is never taken for a body edit', async () => {
    await settled();
    edit('c/c.go', `//go:build ignore\n\n${lib('c', '3', ['a'])}`);
    const r = await ran(() => state.goGraph(root, options));
    expect(r.parts).toContain('infer');
    expect(edges(r.result)).toEqual([]);
    edit('c/c.go', lib('c', '3', ['a']));
    expect(edges(await state.goGraph(root, options))).toEqual(['example.com/m/c -> example.com/m/a']);
  });

  it('a new .go file re-infers', async () => {
    await settled();
    write('d/d.go', lib('d', '4', ['b']));
    updateFilesInContext(root, ['d/d.go'], []);
    const r = await ran(() => state.goGraph(root, options));
    expect(r.parts).toContain('infer');
    expect(edges(r.result)).toContain('example.com/m/d -> example.com/m/b');
  });

  it('two requests at once (the daemon starting a second build) share one answer', async () => {
    await settled();
    edit('a/a.go', lib('a', '6'));
    const r = await ran(() => Promise.all([state.goGraph(root, options), state.goGraph(root, options)]));
    expect(r.result[0]).toBe(r.result[1]);
    const compares = performance.getEntriesByName('nx-gopkg:compare', 'measure').length;
    edit('a/a.go', lib('a', '7'));
    await Promise.all([state.goGraph(root, options), state.goGraph(root, options)]);
    expect(performance.getEntriesByName('nx-gopkg:compare', 'measure').length).toBe(compares + 1);
  });

  it('named inputs nx.json shares are left out of the projects, and which ones is part of the key', async () => {
    await settled();
    const own = projectsOf(await state.goGraph(root, options))['a'].namedInputs!;
    expect(Object.keys(own)).toContain('go-sources');
    const shared = await state.goGraph(root, options, ['go-sources', 'go-toolchain']);
    expect(Object.keys(projectsOf(shared)['a'].namedInputs!).sort()).toEqual(
      Object.keys(own)
        .filter((n) => n !== 'go-sources' && n !== 'go-toolchain')
        .sort(),
    );
    expect(Object.keys(projectsOf(await state.goGraph(root, options))['a'].namedInputs!)).toContain('go-sources');
  });

  it('with NX_CACHE_PROJECT_GRAPH=false reads and writes no state', async () => {
    await settled();
    fs.rmSync(path.join(dataDir, 'nx-gopkg'), { recursive: true, force: true });
    process.env.NX_CACHE_PROJECT_GRAPH = 'false';
    try {
      edit('a/a.go', lib('a', '5'));
      const r = await ran(() => state.goGraph(root, options));
      expect(r.parts).toEqual(['infer']);
      expect(edges(r.result)).toContain('example.com/m/c -> example.com/m/a');
      await settled();
      expect(fs.existsSync(path.join(dataDir, 'nx-gopkg'))).toBe(false);
    } finally {
      delete process.env.NX_CACHE_PROJECT_GRAPH;
    }
  });
});

describe('isStructureFile', () => {
  it("takes at least every file the structure globs match in Nx's own index (the comparison sees all the hash covers)", async () => {
    const other = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-structure-')));
    try {
      const paths = [
        'a.go',
        'x/y/z_test.go',
        '.hidden/a.go',
        'x/.a.go',
        'go.mod',
        'm/go.sum',
        'go.work',
        'go.work.sum',
        'vendor/modules.txt',
        'm/vendor/modules.txt',
        'm/vendor/other.txt',
        '.golangci.yml',
        'm/.golangci.toml',
        'apps/web/project.json',
        'package.json',
        'a.go.txt',
        'README.md',
        'm/go.mod.bak',
        'agovendor/modules.txt',
      ];
      for (const p of paths) {
        fs.mkdirSync(path.dirname(path.join(other, p)), { recursive: true });
        fs.writeFileSync(path.join(other, p), 'x\n');
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const context = require('nx/src/utils/workspace-context') as typeof import('nx/src/utils/workspace-context');
      const globbed = new Set((await context.multiGlobWithWorkspaceContext(other, state.STRUCTURE_GLOBS)).flat());
      const indexed = (await context.getAllFileDataInContext(other)).map((f) => f.file);
      expect(globbed.size).toBeGreaterThan(10);
      expect(indexed.filter((f) => globbed.has(f) && !state.isStructureFile(f))).toEqual([]);
      expect(indexed.filter(state.isStructureFile).sort()).toEqual([...globbed].sort());
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
