// The compact state form against graphs nx-gopkg really builds: GOROOT/src, and a fixture with
// what GOROOT lacks (third-party modules, go.work, a module without a root package, embeds of
// another task's output, a golangci config, platforms, implicit edges).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { tempDir, writeTree } from '../test-support/temp-dir';
import { graphFromInference, GoGraph } from './graph-output';
import { infer } from './infer';
import { GopkgPluginOptions, normalizeOptions } from './options';
import { decodeGraph, encodeGraph } from './state-codec';

function graphOf(root: string, raw: GopkgPluginOptions = {}): GoGraph {
  const options = normalizeOptions(raw);
  return graphFromInference(infer({ root, options, mode: { kind: 'anyPlatform' } }), options, ['go-sources']);
}

/** Through the codec and JSON, as the state file holds it. */
const roundTrip = (g: GoGraph) => decodeGraph(JSON.parse(JSON.stringify(encodeGraph(g))));

test('GOROOT/src: the decoded graph is the graph, key order included, and the stored form is smaller', () => {
  const goroot = execFileSync('go', ['env', 'GOROOT'], {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local' },
  });
  const g = graphOf(path.join(goroot.trim(), 'src'));
  expect(Object.keys(g.nodes).length).toBeGreaterThan(1);
  expect(JSON.stringify(roundTrip(g))).toBe(JSON.stringify(g));
  expect(JSON.stringify(encodeGraph(g)).length).toBeLessThan(JSON.stringify(g).length / 2);
});

test('a workspace with third-party modules, go.work, embeds of a task output and implicit edges', () => {
  const root = tempDir('codec');
  const files: Record<string, string> = {
    'go.work': 'go 1.22\n\nuse (\n\t./app\n\t./lib\n)\n',
    'app/go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0\n',
    'app/go.sum': 'golang.org/x/text v0.14.0 h1:abc=\ngolang.org/x/text v0.14.0/go.mod h1:def=\n',
    'app/.golangci.yml': 'version: "2"\n',
    'app/main.go':
      'package main\n\nimport (\n\t"embed"\n\t_ "example.com/lib/util"\n\t_ "golang.org/x/text/language"\n)\n\n//go:embed web/dist\nvar site embed.FS\n\nfunc main() {}\n',
    'app/main_test.go': 'package main\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n',
    'lib/go.mod': 'module example.com/lib\n\ngo 1.22\n',
    'lib/util/util.go': 'package util\n',
    'lib/util/util_linux.go': 'package util\n',
  };
  writeTree(root, files);
  const g = graphOf(root, {
    embedTargets: { 'app/web/dist': 'site:build' },
    platforms: ['linux/arm64'],
    coverage: true,
  });
  // An edge without a source file, as createDependencies makes for a file Nx does not know.
  g.dependencies.push({ source: 'example.com/app', target: 'example.com/lib/util', type: 'implicit' } as never);
  const projects = Object.values(g.nodes).flatMap((r) => Object.values(r.projects ?? {}));
  expect(projects.map((p) => p.name).sort()).toEqual(['example.com/app', 'example.com/lib', 'example.com/lib/util']);
  expect(Object.values(g.nodes).some((r) => Object.keys(r.externalNodes ?? {}).length > 0)).toBe(true);
  expect(JSON.stringify(roundTrip(g))).toBe(JSON.stringify(g));
});

test('projects of any JSON shape: no metadata, targets that are not an object, empty objects, implicit edges', () => {
  const g = {
    nodes: {
      'go.mod': {
        projects: {
          a: { name: 'a', root: 'a', targets: {}, tags: [] },
          b: { name: 'b', root: 'b', metadata: null, targets: { t: { cache: false, options: {} } } },
          c: { root: 'c', projectType: 'library' },
          // Values whose JSON text is another value's string: 5 and "5", true and "true".
          d: { root: 'd', x: 5, y: true, metadata: { n: 5, s: 'true' } },
          e: { root: 'e', x: '5', y: 'true', metadata: { n: '5', s: true } },
        },
      },
      'x/go.mod': { projects: {}, externalNodes: {} },
    },
    dependencies: [{ source: 'a', target: 'b', type: 'implicit' }],
    problems: [{ kind: 'read', file: '/w/a/a.go', message: 'unexpected NUL in input' }],
  } as unknown as GoGraph;
  expect(JSON.stringify(roundTrip(g))).toBe(JSON.stringify(g));
});
