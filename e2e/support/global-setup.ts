// Packs the built plugin once and installs it, with nx (and typescript, which the mixed example
// builds its web app with), into a template directory that every
// e2e workspace links its node_modules to. Installs come from npm's cache only (--offline):
// the root `npm ci` already put nx and @nx/devkit there, so tests never use the network.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

export default async function globalSetup(): Promise<void> {
  const dist = path.join(repoRoot, 'dist/packages/gonx');
  if (!fs.existsSync(path.join(dist, 'package.json'))) {
    throw new Error('dist/packages/gonx is missing: run `npm run build` first (npm run test:e2e does)');
  }
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gonx-e2e-template-'));
  const packed = execFileSync('npm', ['pack', dist, '--pack-destination', base, '--silent'], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim().split('\n').pop()!;
  const tarball = path.join(base, packed);
  const template = path.join(base, 'template');
  fs.mkdirSync(template);
  const version = (pkg: string) => require(path.join(repoRoot, 'node_modules', pkg, 'package.json')).version;
  fs.writeFileSync(
    path.join(template, 'package.json'),
    JSON.stringify({ name: 'gonx-e2e-template', private: true, devDependencies: { nx: version('nx'), typescript: version('typescript'), gonx: `file:${tarball}` } }, null, 2),
  );
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: template,
    stdio: 'inherit',
  });
  process.env.GONX_E2E_TEMPLATE = template;
  process.env.GONX_E2E_TARBALL = tarball;
  fs.writeFileSync(path.join(os.tmpdir(), 'gonx-e2e-current.json'), JSON.stringify({ template, tarball, base }));
}
