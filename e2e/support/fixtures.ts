// The fixture workspace the soundness, affected and inference e2e tests share: two modules
// joined by go.work, a third-party module from a local file proxy, a cgo package, an embed
// package, a testdata-reading test and a main package. Real go writes its go.sum.
import * as path from 'node:path';
import { writeProxy } from './goproxy';
import { TestWorkspace } from './workspace';

const thirdParty = (version: string, word: string) => ({
  path: 'example.org/thirdparty',
  version,
  files: {
    'go.mod': 'module example.org/thirdparty\n\ngo 1.21\n',
    'greet/greet.go': `package greet\n\n// Word is the third-party word.\nfunc Word() string { return "${word}" }\n`,
  },
});

export const FIXTURE_FILES: Record<string, string> = {
  'go.work': 'go 1.24\n\nuse (\n\t./lib\n\t./svc\n)\n',
  'README.md': '# fixture\n',
  'web/index.ts': 'export const x = 1;\n',
  'lib/go.mod': 'module example.com/lib\n\ngo 1.24\n',
  'lib/leaf/leaf.go': 'package leaf\n\n// Word is the leaf word.\nfunc Word() string { return "leaf" + suffix }\n',
  'lib/leaf/leaf_other.go': '//go:build !windows\n\npackage leaf\n\nconst suffix = ""\n',
  'lib/leaf/leaf_windows.go': 'package leaf\n\nconst suffix = ".exe"\n',
  'lib/leaf/leaf_test.go': 'package leaf\n\nimport "testing"\n\nfunc TestWord(t *testing.T) {\n\tif Word() != "leaf" {\n\t\tt.Fatal(Word())\n\t}\n}\n',
  'lib/mid/mid.go': 'package mid\n\nimport "example.com/lib/leaf"\n\n// Phrase builds on the leaf word.\nfunc Phrase() string { return "mid-" + leaf.Word() }\n',
  'lib/mid/mid_test.go': 'package mid\n\nimport "testing"\n\nfunc TestPhrase(t *testing.T) {\n\tif Phrase() != "mid-leaf" {\n\t\tt.Fatal(Phrase())\n\t}\n}\n',
  'lib/assets/assets.go': 'package assets\n\nimport _ "embed"\n\n//go:embed static/hello.txt\nvar Hello string\n',
  'lib/assets/static/hello.txt': 'hello\n',
  'lib/assets/assets_test.go': 'package assets\n\nimport "testing"\n\nfunc TestHello(t *testing.T) {\n\tif Hello == "" {\n\t\tt.Fatal("empty")\n\t}\n}\n',
  'lib/native/native.go':
    'package native\n\n// #include "add.h"\nimport "C"\n\n// Add adds in C.\nfunc Add(a, b int) int { return int(C.add(C.int(a), C.int(b))) }\n',
  'lib/native/add.h': 'int add(int a, int b);\n',
  'lib/native/add.c': '#include "add.h"\nint add(int a, int b) { return a + b; }\n',
  'lib/unrelated/unrelated.go': 'package unrelated\n\n// Answer is unrelated to everything else.\nconst Answer = 42\n',
  'svc/go.mod':
    'module example.com/svc\n\ngo 1.24\n\nrequire (\n\texample.com/lib v0.0.0\n\texample.org/thirdparty v1.0.0\n)\n\nreplace example.com/lib => ../lib\n',
  'svc/api/api.go':
    'package api\n\nimport (\n\t"example.com/lib/mid"\n\t"example.org/thirdparty/greet"\n)\n\n// Message combines the workspace and third-party words.\nfunc Message() string { return mid.Phrase() + " " + greet.Word() }\n',
  'svc/api/api_test.go':
    'package api\n\nimport (\n\t"os"\n\t"strings"\n\t"testing"\n)\n\nfunc TestGolden(t *testing.T) {\n\tb, err := os.ReadFile("testdata/golden.txt")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tif !strings.HasPrefix(Message(), strings.TrimSpace(string(b))) {\n\t\tt.Fatalf("%q vs %q", Message(), b)\n\t}\n}\n',
  'svc/api/testdata/golden.txt': 'mid-leaf\n',
  'svc/cmd/server/main.go':
    'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/lib/assets"\n\t"example.com/lib/native"\n\t"example.com/svc/api"\n)\n\nfunc main() { fmt.Println(api.Message(), native.Add(1, 2), assets.Hello) }\n',
  'svc/other/other.go': 'package other\n\nimport "example.com/lib/unrelated"\n\n// Value is independent of the third-party module.\nconst Value = unrelated.Answer\n',
};

/** The fixture's Go packages (project names), by short name. */
export const FIXTURE_PACKAGES = {
  leaf: 'example.com/lib/leaf',
  mid: 'example.com/lib/mid',
  assets: 'example.com/lib/assets',
  native: 'example.com/lib/native',
  unrelated: 'example.com/lib/unrelated',
  api: 'example.com/svc/api',
  server: 'example.com/svc/cmd/server',
  other: 'example.com/svc/other',
};

export interface Fixture {
  ws: TestWorkspace;
  proxyUrl: string;
}

/** Creates the fixture workspace; `go mod tidy` (offline, local proxy) writes svc/go.sum. */
export function createFixture(extraFiles: Record<string, string> = {}, nxJson?: object): Fixture {
  const ws = TestWorkspace.create({ ...FIXTURE_FILES, ...extraFiles }, nxJson);
  const proxyDir = path.join(ws.dir, '.e2e/proxy');
  const proxyUrl = writeProxy(proxyDir, [thirdParty('v1.0.0', 'hello'), thirdParty('v1.1.0', 'howdy')]);
  ws.env.GOPROXY = proxyUrl;
  ws.env.GOMODCACHE = path.join(ws.dir, '.e2e/gomodcache');
  ws.env.GOFLAGS = '';
  const tidy = ws.run('go', ['mod', 'tidy'], { GOWORK: 'off' }, path.join(ws.dir, 'svc'));
  if (tidy.code !== 0) throw new Error(`go mod tidy failed:\n${tidy.output}`);
  return { ws, proxyUrl };
}

/** Moves svc to example.org/thirdparty v1.1.0 the way a developer would (go get). */
export function bumpThirdParty(ws: TestWorkspace): void {
  const r = ws.run('go', ['get', 'example.org/thirdparty@v1.1.0'], { GOWORK: 'off' }, path.join(ws.dir, 'svc'));
  if (r.code !== 0) throw new Error(`go get failed:\n${r.output}`);
}
