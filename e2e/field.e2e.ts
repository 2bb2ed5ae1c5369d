// What a new user meets outside the lab: go's default settings (no go env file, -buildvcs=auto
// in a git checkout), packages that no default build compiles (tools.go, dummy.go beside C
// sources, //go:build none generators), and a commit that breaks go.mod.
import * as path from 'node:path';
import { taskOutcomes, TestWorkspace } from './support/workspace';

const MOD = 'module example.com/field\n\ngo 1.24\n';
const FILES: Record<string, string> = {
  'go.mod': MOD,
  'README.md': 'field\n',
  'lib/lib.go': 'package lib\n\n// F is the library.\nfunc F() int { return 1 }\n',
  'lib/lib_test.go':
    'package lib\n\nimport "testing"\n\nfunc TestF(t *testing.T) {\n\tif F() != 1 {\n\t\tt.Fatal("F")\n\t}\n}\n',
  // A generator beside the library, sorted before it, with another package name.
  'lib/a_gen.go': '//go:build none\n\npackage main\n\nimport "fmt"\n\nfunc main() { fmt.Println("generate") }\n',
  // x/tools' tools.go idiom, in its own directory and beside the module's root package.
  'tools/tools.go': '//go:build tools\n\npackage tools\n\nimport _ "example.com/field/lib"\n',
  'root.go': 'package field\n',
  'tools.go': '//go:build tools\n\npackage tools\n\nimport _ "example.com/field/lib"\n',
  // go-ethereum's libsecp256k1 idiom: C sources kept in the module by a dummy Go file.
  'csrc/dummy.go': '//go:build dummy\n\npackage csrc\n',
  'csrc/secp.c': 'int secp(void) { return 1; }\n',
  'csrc/secp.h': 'int secp(void);\n',
  // A generator command of its own.
  'gen/main.go': '//go:build none\n\npackage main\n\nfunc main() {}\n',
  'cmd/app/main.go':
    'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/field/lib"\n)\n\nfunc main() { fmt.Println(lib.F()) }\n',
};
const USER_GO = { GOFLAGS: '-buildvcs=auto' };

function vcsSettings(ws: TestWorkspace): Record<string, string> {
  const r = ws.run('go', ['version', '-m', path.join(ws.dir, 'dist/go/cmd/app/app')]);
  if (r.code !== 0) throw new Error(r.output);
  const settings: Record<string, string> = {};
  for (const m of r.stdout.matchAll(/^\s*build\s+(vcs[.\w]*)=(.*)$/gm)) settings[m[1]] = m[2];
  return settings;
}

describe('go defaults in a git checkout (-buildvcs=auto)', () => {
  let ws: TestWorkspace;
  beforeEach(() => {
    ws = TestWorkspace.create(FILES);
  });
  afterEach(() => ws.cleanup());

  const build = (extra: string[] = []) =>
    ws.nxOk(['run-many', '-t', 'go-build', '--output-style=static', ...extra], USER_GO);

  it.each([[[]], [['--batch=false']]])(
    'by default binaries are unstamped, so an unrelated commit reuses them soundly (%j)',
    (extra) => {
      ws.commitAll('first');
      build(extra);
      expect(vcsSettings(ws)).toEqual({});
      // go itself would stamp here: the machine's defaults are a user's.
      const plain = ws.run('go', ['build', '-o', path.join(ws.dir, '.e2e/plain'), './cmd/app'], USER_GO);
      expect(plain.code).toBe(0);
      expect(ws.run('go', ['version', '-m', path.join(ws.dir, '.e2e/plain')]).stdout).toContain('vcs.revision=');
      ws.write({ 'README.md': 'field, edited\n' });
      ws.commitAll('unrelated');
      const again = build(extra);
      expect(taskOutcomes(again.output).get('example.com/field/cmd/app:go-build')).toBe('hit');
      expect(vcsSettings(ws)).toEqual({});
    },
  );

  it.each([[[]], [['--batch=false']]])(
    'with stamp, the binary carries the commit it was built at, never an older one (%j)',
    (extra) => {
      ws.write({ 'nx.json': JSON.stringify({ plugins: [{ plugin: 'nx-gopkg', options: { stamp: true } }] }) });
      const first = ws.commitAll('first');
      build(extra);
      expect(vcsSettings(ws)).toMatchObject({ vcs: 'git', 'vcs.revision': first, 'vcs.modified': 'false' });
      ws.write({ 'README.md': 'field, edited\n' });
      const second = ws.commitAll('unrelated');
      const rebuilt = build(extra);
      expect(taskOutcomes(rebuilt.output).get('example.com/field/cmd/app:go-build')).toBe('miss');
      expect(vcsSettings(ws)).toMatchObject({ 'vcs.revision': second, 'vcs.modified': 'false' });
      // The library's go-build embeds no VCS state: it stays cached.
      expect(taskOutcomes(rebuilt.output).get('example.com/field/lib:go-build')).toBe('hit');
      // Same commit, same tree: a hit. A dirty tree: stamped as modified.
      expect(taskOutcomes(build(extra).output).get('example.com/field/cmd/app:go-build')).toBe('hit');
      ws.write({ 'README.md': 'field, dirty\n' });
      build(extra);
      expect(vcsSettings(ws)).toMatchObject({ 'vcs.revision': second, 'vcs.modified': 'true' });
    },
  );
});

describe('packages no default build compiles', () => {
  let ws: TestWorkspace;
  beforeAll(() => {
    ws = TestWorkspace.create(FILES);
  });
  afterAll(() => ws.cleanup());

  it.each([[[]], [['--batch=false']]])(
    'run-many go-build go-vet go-test passes, with a note for each, and no package-name warning (%j)',
    (extra) => {
      const r = ws.nx(
        ['run-many', '-t', 'go-build', 'go-vet', 'go-test', '--output-style=static', '--skip-nx-cache', ...extra],
        USER_GO,
      );
      expect({ code: r.code, output: r.code === 0 ? '' : r.output }).toEqual({ code: 0, output: '' });
      for (const dir of ['tools', 'csrc', 'gen']) {
        expect(r.output).toContain(
          `nx-gopkg: example.com/field/${dir}: nothing to do, build constraints exclude all Go files`,
        );
      }
      expect(r.output).not.toMatch(/found packages|setup failed/);
      // go build ./... agrees: it builds the same packages and skips these silently.
      expect(ws.run('go', ['build', './...'], USER_GO).code).toBe(0);
    },
  );

  it('the graph keeps them, with their edges, and names each package as go does', () => {
    const graph = ws.graph();
    expect(graph.nodes['example.com/field/tools']).toBeDefined();
    expect(graph.dependencies['example.com/field/tools'].map((d) => d.target)).toContain('example.com/field/lib');
    expect(graph.nodes['example.com/field/lib'].data.metadata.go.packageName).toBe('lib');
    expect(graph.nodes['example.com/field'].data.metadata.go.packageName).toBe('field');
    expect(graph.nodes['example.com/field/lib'].data.tags).toContain('go:kind:library');
  });

  it("an importer of such a package still fails, with go's message", () => {
    ws.write({ 'uses/uses.go': 'package uses\n\nimport _ "example.com/field/tools"\n' });
    try {
      const r = ws.nx(['run', 'example.com/field/uses:go-build', '--skip-nx-cache'], USER_GO);
      expect(r.code).not.toBe(0);
      expect(r.output).toContain('build constraints exclude all Go files');
    } finally {
      ws.run('rm', ['-rf', path.join(ws.dir, 'uses')]);
    }
  });
});

describe('a commit that breaks go.mod', () => {
  it.each([
    ['deletes the module line', 'go 1.24\n'],
    ['leaves an unterminated block', MOD + '\nrequire (\n\texample.org/x v1.0.0\n'],
  ])("that %s makes nx affected -t go-build fail with go's message", (_what, broken) => {
    const ws = TestWorkspace.create(FILES);
    try {
      const base = ws.commitAll('base');
      ws.nxOk(['run-many', '-t', 'go-build'], USER_GO);
      ws.write({ 'go.mod': broken });
      ws.commitAll('break go.mod');
      const r = ws.nx(['affected', '-t', 'go-build', `--base=${base}`, '--output-style=static'], USER_GO);
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(/go\.mod/);
      expect(r.output).toMatch(/missing module declaration|unterminated block|syntax error/);
      expect([...taskOutcomes(r.output).keys()].length).toBeGreaterThan(0);
    } finally {
      ws.cleanup();
    }
  });
});
