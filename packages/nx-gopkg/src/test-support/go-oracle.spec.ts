// Where the oracle suites find go: the go on PATH (its `go env GOROOT`), wherever it is
// installed; a missing go skips them only outside CI.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type Oracle = typeof import('./go-oracle');

function loadWith(env: Record<string, string | undefined>): Oracle {
  const saved = { ...process.env };
  try {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    let oracle!: Oracle;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- isolateModules loads the module afresh only through a synchronous require
      oracle = require('./go-oracle');
    });
    return oracle;
  } finally {
    process.env = saved;
  }
}

// Loaded while the file's tests are collected (go-oracle registers an afterAll hook).
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-go-oracle-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// A go installed elsewhere than /usr/local/go: it answers `go env GOROOT` with its own root.
const goroot = path.join(dir, 'goroot');
fs.mkdirSync(path.join(goroot, 'bin'), { recursive: true });
fs.writeFileSync(
  path.join(goroot, 'bin', 'go'),
  `#!/bin/sh\nif [ "$1 $2" = "env GOROOT" ]; then echo ${goroot}; exit 0; fi\nexit 2\n`,
  { mode: 0o755 },
);
const elsewhere = loadWith({ PATH: path.join(goroot, 'bin'), NX_GOPKG_TEST_GOROOT: undefined, CI: undefined });
const noGo = { PATH: path.join(dir, 'empty'), NX_GOPKG_TEST_GOROOT: undefined };
const missing = loadWith({ ...noGo, CI: undefined });
let ciError: unknown;
try {
  loadWith({ ...noGo, CI: 'true' });
} catch (e) {
  ciError = e;
}

describe('the oracle go', () => {
  it('is the go on PATH, with the GOROOT it reports, wherever it is installed', () => {
    expect(elsewhere.hasGo).toBe(true);
    expect(elsewhere.GOROOT).toBe(goroot);
  });

  it('is missing when PATH has no go: the suites are skipped outside CI', () => {
    expect(missing.hasGo).toBe(false);
    expect(missing.describeWithGo).toBe(describe.skip);
  });

  it('fails loudly in CI when go is missing', () => {
    expect(String(ciError)).toMatch(/no go on PATH/);
  });
});
