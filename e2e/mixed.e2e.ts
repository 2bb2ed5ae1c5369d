// The mixed TypeScript/Go example from examples/: a web app built by an ordinary Nx target,
// embedded by a Go server. Editing the TS source flows through to the served page.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { taskOutcomes, TestWorkspace } from './support/workspace';

const SERVER = 'example.com/app/cmd/server';
let ws: TestWorkspace;

beforeAll(() => {
  ws = TestWorkspace.create({ '.gitignore': 'node_modules\n.e2e\n/dist\nexamples/app/webui/dist\n' });
  fs.cpSync(path.resolve(__dirname, '../examples'), path.join(ws.dir, 'examples'), {
    recursive: true,
    filter: (src) => !src.endsWith(`${path.sep}dist`),
  });
});
afterAll(() => ws?.cleanup());

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/** Starts the built server on a free port of 127.0.0.1, fetches /, stops it. */
async function servedPage(): Promise<string> {
  const binary = path.join(ws.dir, 'dist/go/examples/app/cmd/server/server');
  const child = spawn(binary, ['-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    return await get(`${url}/`);
  } finally {
    child.kill();
  }
}

test('go-build of the server builds the web app first, then everything is cached', async () => {
  const first = ws.nxOk(['run', `${SERVER}:go-build`, '--output-style=static']);
  expect(Object.fromEntries(taskOutcomes(first.output))).toEqual({
    'web:build': 'miss',
    [`${SERVER}:go-build`]: 'miss',
  });
  expect(await servedPage()).toContain('Hello from the nx-gopkg web app');

  const again = ws.nxOk(['run', `${SERVER}:go-build`, '--output-style=static']);
  expect(Object.fromEntries(taskOutcomes(again.output))).toEqual({ 'web:build': 'hit', [`${SERVER}:go-build`]: 'hit' });
});

test('a TS source edit rebuilds the web app and the server, and the page shows the new text', async () => {
  const page = path.join(ws.dir, 'examples/web/src/page.ts');
  fs.writeFileSync(
    page,
    fs.readFileSync(page, 'utf8').replace('Hello from the nx-gopkg web app', 'Edited in TypeScript'),
  );
  const r = ws.nxOk(['run', `${SERVER}:go-build`, '--output-style=static']);
  expect(Object.fromEntries(taskOutcomes(r.output))).toEqual({ 'web:build': 'miss', [`${SERVER}:go-build`]: 'miss' });
  const html = await servedPage();
  expect(html).toContain('Edited in TypeScript');
  expect(html).not.toContain('Hello from the nx-gopkg web app');
});

test('a fresh clone with no web output yet shows no embed warning', () => {
  const r = ws.nxOk(['show', 'projects']);
  expect(r.output).not.toMatch(/nx-gopkg: .*pattern all:dist/);
  expect(r.stdout).toContain('web');
});
