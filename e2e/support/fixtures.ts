// The fixture workspace the soundness, affected and inference e2e tests share: two modules
// joined by go.work, a third-party module from a local file proxy, a cgo package, an embed
// package, a testdata-reading test and a main package (e2e/testdata/fixture.txtar). Real go
// writes its go.sum.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { txtarFiles } from '../../packages/nx-gopkg/src/test-support/txtar';
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

/** The workspace's files (e2e/testdata/fixture.txtar: path → content). */
export const FIXTURE_FILES: Record<string, string> = txtarFiles(
  fs.readFileSync(path.join(__dirname, '../testdata/fixture.txtar'), 'utf8'),
);

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
