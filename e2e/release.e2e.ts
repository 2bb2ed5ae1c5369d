// `nx release version` with the plugin's Go module version actions, in a git repository of
// three modules (root, nested, and a /v2 module) in one independent release group. Versions
// come from the modules' own tags; new tags go on HEAD; v2+ without /vN is refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestWorkspace } from './support/workspace';

const pluginName: string = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../packages/nx-gopkg/package.json'), 'utf8'),
).name;
const GIT_ID = {
  GIT_AUTHOR_NAME: 'e2e',
  GIT_AUTHOR_EMAIL: 'e2e@example.com',
  GIT_COMMITTER_NAME: 'e2e',
  GIT_COMMITTER_EMAIL: 'e2e@example.com',
};

const MODULES = ['example.com/repo', 'example.com/textkit', 'example.com/client/v2'];
const NX_JSON = {
  plugins: [pluginName],
  release: {
    groups: {
      'go-modules': {
        projects: MODULES,
        projectsRelationship: 'independent',
        version: {
          versionActions: `${pluginName}/src/release/version-actions`,
          currentVersionResolver: 'disk',
          adjustSemverBumpsForZeroMajorVersion: false,
        },
      },
    },
    version: { git: { commit: false, tag: false } },
    changelog: { workspaceChangelog: false, projectChangelogs: false },
  },
};

let ws: TestWorkspace;
beforeAll(() => {
  ws = TestWorkspace.create(
    {
      'go.work': 'go 1.24\n\nuse (\n\t.\n\t./libs/textkit\n\t./mods/client\n)\n',
      'go.mod': 'module example.com/repo\n\ngo 1.24\n',
      'repo.go': 'package repo\n\n// Name is the repository name.\nconst Name = "repo"\n',
      'libs/textkit/go.mod': 'module example.com/textkit\n\ngo 1.24\n',
      'libs/textkit/textkit.go':
        'package textkit\n\n// Upper is a stand-in.\nfunc Upper(s string) string { return s }\n',
      'mods/client/go.mod': 'module example.com/client/v2\n\ngo 1.24\n',
      'mods/client/client.go': 'package client\n\n// Version is the major version.\nconst Version = 2\n',
    },
    NX_JSON,
  );
  ws.commitAll('first');
  // History: numeric ordering (v1.10.0 > v1.9.0), a decoy v3 tag that is no version of textkit
  // (its path has no /v3), a tag of an unrelated directory, and the /v2 module's own tag.
  for (const tag of [
    'v1.9.0',
    'v1.10.0',
    'libs/textkit/v0.4.1',
    'libs/textkit/v3.0.0',
    'other/v9.0.0',
    'mods/client/v2.3.0',
  ]) {
    ws.git(['tag', tag]);
  }
  ws.append('repo.go', '\n// Second is a change after the tags.\nconst Second = 2\n');
  ws.commitAll('second');
});
afterAll(() => ws?.cleanup());

const tagsAt = (rev: string) => ws.git(['tag', '--points-at', rev]).stdout.split('\n').filter(Boolean).sort();
const head = () => ws.git(['rev-parse', 'HEAD']).stdout.trim();

test('the plugin gives a project for each module in the release group', () => {
  const projects = ws.nxOk(['show', 'projects']).stdout.split('\n').filter(Boolean).sort();
  expect(projects).toEqual([...MODULES].sort());
});

test('--dry-run reads each module from its own tags and lists the tags it would create', () => {
  const r = ws.nxOk(['release', 'version', 'minor', '--dry-run'], GIT_ID);
  expect(r.output).toContain('Resolved the current version as 1.10.0 from manifest: git tag v1.10.0');
  expect(r.output).toContain('Resolved the current version as 0.4.1 from manifest: git tag libs/textkit/v0.4.1');
  expect(r.output).toContain('Resolved the current version as 2.3.0 from manifest: git tag mods/client/v2.3.0');
  for (const tag of ['v1.11.0', 'libs/textkit/v0.5.0', 'mods/client/v2.4.0'])
    expect(r.output).toContain(`would create tag ${tag}`);
  expect(tagsAt('HEAD')).toEqual([]);
  expect(ws.git(['status', '--porcelain']).stdout.trim()).toBe('');
});

test("nx release version tags HEAD with each module's next version", () => {
  ws.nxOk(['release', 'version', 'minor'], GIT_ID);
  expect(tagsAt('HEAD')).toEqual(['libs/textkit/v0.5.0', 'mods/client/v2.4.0', 'v1.11.0']);
  expect(ws.git(['cat-file', '-t', 'v1.11.0']).stdout.trim()).toBe('tag'); // annotated, like Nx's own tags
  expect(ws.git(['status', '--porcelain']).stdout.trim()).toBe('');
});

test('the next release starts from the tags just made, and a module can go to v1', () => {
  ws.commitAll('third');
  ws.nxOk(['release', 'version', 'major', '--projects=example.com/textkit'], GIT_ID);
  expect(tagsAt('HEAD')).toEqual(['libs/textkit/v1.0.0']);
});

test('a bump to v2 without /v2 in the module path is refused with what to change, and nothing is tagged', () => {
  ws.commitAll('fourth');
  const before = ws.git(['tag', '--list']).stdout;
  const r = ws.nx(['release', 'version', 'major', '--projects=example.com/textkit'], GIT_ID);
  expect(r.code).not.toBe(0);
  expect(r.output).toContain('module example.com/textkit cannot be released as v2.0.0');
  expect(r.output).toContain('"module example.com/textkit/v2"');
  expect(r.output).toContain('libs/textkit/go.mod');
  expect(ws.git(['tag', '--list']).stdout).toBe(before);

  const client = ws.nx(['release', 'version', 'major', '--projects=example.com/client/v2'], GIT_ID);
  expect(client.code).not.toBe(0);
  expect(client.output).toContain('"module example.com/client/v3"');
  expect(ws.git(['tag', '--list']).stdout).toBe(before);
});

test('an explicit version is checked the same way, and an existing tag is never moved', () => {
  const r = ws.nx(['release', 'version', '2.0.0', '--projects=example.com/repo'], GIT_ID);
  expect(r.code).not.toBe(0);
  expect(r.output).toContain('module example.com/repo cannot be released as v2.0.0');
  const tagged = ws.git(['rev-parse', 'libs/textkit/v0.4.1^{commit}']).stdout.trim();
  const again = ws.nx(['release', 'version', '0.4.1', '--projects=example.com/textkit'], GIT_ID);
  expect(again.code).not.toBe(0);
  expect(again.output).toContain('tag libs/textkit/v0.4.1 already exists');
  expect(ws.git(['rev-parse', 'libs/textkit/v0.4.1^{commit}']).stdout.trim()).toBe(tagged);
  expect(tagged).not.toBe(head());
});

test('another currentVersionResolver is refused with the setting to use', () => {
  const nxJson = ws.read('nx.json');
  const config = JSON.parse(nxJson);
  config.release.groups['go-modules'].version.currentVersionResolver = 'git-tag';
  ws.write({ 'nx.json': JSON.stringify(config, null, 2) });
  try {
    const r = ws.nx(['release', 'version', 'patch', '--dry-run'], GIT_ID);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('set "currentVersionResolver": "disk"');
  } finally {
    ws.write({ 'nx.json': nxJson });
  }
});
