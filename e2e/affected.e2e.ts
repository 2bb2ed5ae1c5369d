// `nx affected` selects exactly the Go tasks a change reaches (Nx 24's task-level affected,
// driven by nx-gopkg's inputs), in a git repository with one change per case against a base commit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bumpThirdParty, createFixture, FIXTURE_PACKAGES } from './support/fixtures';
import { TestWorkspace } from './support/workspace';

// A web project whose build output a Go package embeds, besides the shared fixture.
const MIXED = {
  'web/project.json': JSON.stringify({
    name: 'web',
    targets: {
      build: {
        command: 'node web/build.js',
        inputs: ['{projectRoot}/**/*', { externalDependencies: [] }],
        outputs: ['{workspaceRoot}/svc/ui/dist'],
        cache: true,
      },
    },
  }),
  'web/build.js':
    "const fs = require('fs');\nfs.mkdirSync('svc/ui/dist', { recursive: true });\nconst src = fs.readFileSync('web/src/page.ts', 'utf8');\nfs.writeFileSync('svc/ui/dist/index.html', '<h1>' + /'(.*)'/.exec(src)[1] + '</h1>');\n",
  'web/src/page.ts': "export const title = 'first';\n",
  'svc/ui/ui.go': 'package ui\n\nimport "embed"\n\n//go:embed all:dist\nvar Files embed.FS\n',
  'svc/cmd/web/main.go':
    'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/svc/ui"\n)\n\nfunc main() { fmt.Println(ui.Files) }\n',
  '.gitignore': 'node_modules\n.e2e\ndist\n.nx\n',
};

const P = {
  ...FIXTURE_PACKAGES,
  ui: 'example.com/svc/ui',
  webcmd: 'example.com/svc/cmd/web',
};
const b = (p: string) => `${p}:go-build`;
const t = (p: string) => `${p}:go-test`;
const ALL_GO = [...Object.values(P).map(b), ...[P.leaf, P.mid, P.assets, P.api].map(t)].sort();

let ws: TestWorkspace;
let base: string;

beforeAll(() => {
  ({ ws } = createFixture(MIXED));
  base = ws.commitAll('base');
});
afterAll(() => ws?.cleanup());
afterEach(() => {
  ws.git(['checkout', '-q', '--', '.']);
  ws.git(['clean', '-fdq']);
});

/** The tasks `nx affected -t go-build go-test` would run, read from --graph without running them. */
function affectedTasks(): string[] {
  const out = path.join(ws.dir, '.e2e/tasks.json');
  ws.nxOk(['affected', '-t', 'go-build', 'go-test', `--base=${base}`, `--graph=${out}`]);
  const graph = JSON.parse(fs.readFileSync(out, 'utf8'));
  return Object.keys(graph.tasks.tasks).sort();
}
const goTasks = (tasks: string[]) => tasks.filter((id) => id.includes(':go-'));

test('a leaf .go edit selects the leaf and its transitive importers only', () => {
  ws.append('lib/leaf/leaf.go', '\n// edited\n');
  expect(affectedTasks()).toEqual([b(P.leaf), t(P.leaf), b(P.mid), t(P.mid), b(P.api), t(P.api), b(P.server)].sort());
});

test('a _test.go edit selects that go-test only', () => {
  ws.append('lib/mid/mid_test.go', '\n// edited\n');
  expect(affectedTasks()).toEqual([t(P.mid)]);
});

test("a go.mod/go.sum bump selects that module's packages and nothing in the other module", () => {
  bumpThirdParty(ws);
  expect(goTasks(affectedTasks())).toEqual([b(P.api), t(P.api), b(P.server), b(P.other), b(P.ui), b(P.webcmd)].sort());
});

test('an embedded asset edit selects the embedding package and its importers', () => {
  ws.append('lib/assets/static/hello.txt', 'more\n');
  expect(affectedTasks()).toEqual([b(P.assets), t(P.assets), b(P.server)].sort());
});

test('a TS source edit of the embedded web app selects the web build and the embedding Go chain', () => {
  ws.write({ 'web/src/page.ts': "export const title = 'second';\n" });
  expect(affectedTasks()).toEqual(['web:build', b(P.ui), b(P.webcmd)].sort());
});

test('a README.md edit selects nothing', () => {
  ws.append('README.md', 'more\n');
  expect(affectedTasks()).toEqual([]);
});

test('a go.work edit selects every Go task', () => {
  ws.append('go.work', '\n// edited\n');
  expect(goTasks(affectedTasks())).toEqual(ALL_GO);
});

test('nx affected --explain names the inputs that matched', () => {
  ws.append('lib/leaf/leaf.go', '\n// edited\n');
  const r = ws.nxOk(['affected', '-t', 'go-build', `--base=${base}`, '--explain', 'stdout']);
  const explain = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  expect(explain.affected[b(P.leaf)]).toEqual(
    expect.arrayContaining([expect.objectContaining({ file: 'lib/leaf/leaf.go' })]),
  );
});
