// The binary name of a main package, checked against the file `go build -o <dir>/` writes
// (cmd/go's exeFromImportPath), in every place nx-gopkg names a binary: the go-build target's
// binaryName option, the single-task executor's -o without one, and the batch plan.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goEnv } from '../../scan/go-env';
import { goMod, model, module, pkg } from '../../test-support/graph-model';
import { normalizeOptions } from '../../nx/options';
import { projectConfiguration } from '../../nx/targets';
import { planBatch } from './batch-plan';
import { goInvocation } from './go-command';

const paths = [
  'example.com/tool/v2',
  'example.com/tool/v10',
  'example.com/tool',
  'example.com/tool/v1',
  'example.com/tool/v02',
  'v3',
];
let root: string;
const goNames = new Map<string, string>();

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-binary-name-'));
  for (const importPath of paths) {
    const mod = path.join(root, importPath.replace(/\//g, '_'));
    const out = path.join(mod, 'out');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(mod, 'go.mod'), `module ${importPath}\n\ngo 1.22\n`);
    fs.writeFileSync(path.join(mod, 'main.go'), 'package main\n\nfunc main() {}\n');
    execFileSync('go', ['build', '-o', out + path.sep, '.'], {
      cwd: mod,
      env: goEnv({ GOWORK: 'off', GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0' }),
    });
    const written = fs.readdirSync(out);
    expect(written).toHaveLength(1);
    goNames.set(importPath, written[0]);
  }
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.each(paths)('binary name of %s', (importPath) => {
  const expected = () => goNames.get(importPath)!;

  it('is the name of the go-build target', () => {
    const mod = module('.', goMod(importPath));
    const main = pkg('.', importPath, mod, { name: 'main', goFiles: ['main.go'] });
    const imports = { packages: [], modules: [], testPackages: [], testModules: [] };
    const config = projectConfiguration(main, 'tool', model([mod], [main]), imports, new Map(), normalizeOptions({}));
    expect(config.targets!['go-build'].options.binaryName).toBe(expected());
  });

  it('is what the single-task executor writes when the target names none', () => {
    const argv = goInvocation(
      { command: 'build', importPath, moduleRoot: '.', outputPath: 'dist' },
      '/ws',
      'linux',
    ).argv;
    expect(argv[argv.indexOf('-o') + 1]).toBe(`/ws/dist/${expected()}`);
  });

  it('is what the batch plan expects go to write and where it puts the binary', () => {
    const [group] = planBatch(
      [{ id: 't', options: { command: 'build', importPath, moduleRoot: '.', outputPath: 'dist' } }],
      '/ws',
      'linux',
    ).groups;
    expect(group.mains[0].goName).toBe(expected());
    expect(group.mains[0].dest).toBe(`/ws/dist/${expected()}`);
  });
});
