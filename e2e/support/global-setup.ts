// Packs the built plugin once and installs it, beside nx and typescript (which the mixed example
// builds its web app with), into a template directory that every e2e workspace links its
// node_modules to.
//
// Nothing is fetched and npm's cache is not read: a new contributor's cache is empty, and
// `npm install --offline` then fails for want of registry metadata. The template's node_modules
// links each package of the closure of nx, typescript and the plugin's dependencies to the copy
// the repository's own `npm ci` installed, and the plugin itself is the packed tarball, unpacked.
// A lockfile for that closure, cut from the repository's, lets Nx see the npm packages.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** Where node would find `name` required from the package at `from` (a lockfile location). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

/** The lockfile locations reachable from `roots`, by node's resolution over the repository's lockfile. */
function closure(packages: Record<string, LockEntry>, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = roots.map((name) => {
    const at = locate(packages, '', name);
    if (!at) throw new Error(`e2e setup: ${name} is not in package-lock.json; run npm ci`);
    return at;
  });
  while (queue.length > 0) {
    const at = queue.pop()!;
    if (seen.has(at)) continue;
    seen.add(at);
    const entry = packages[at];
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const names = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers[n]?.optional),
    ];
    for (const name of names) {
      const dep = locate(packages, at, name);
      if (dep) queue.push(dep);
    }
  }
  return seen;
}

export default async function globalSetup(): Promise<void> {
  const dist = path.join(repoRoot, 'dist/packages/gonx');
  if (!fs.existsSync(path.join(dist, 'package.json'))) {
    throw new Error('dist/packages/gonx is missing: run `npm run build` first (npm run test:e2e does)');
  }
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gonx-e2e-template-'));
  const packed = execFileSync('npm', ['pack', dist, '--pack-destination', base, '--silent'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  const tarball = path.join(base, packed);
  const template = path.join(base, 'template');
  const modules = path.join(template, 'node_modules');
  const pluginDir = path.join(modules, 'gonx');
  fs.mkdirSync(pluginDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pluginDir, '--strip-components=1']);
  const plugin = JSON.parse(fs.readFileSync(path.join(pluginDir, 'package.json'), 'utf8'));

  const rootLock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));
  const packages: Record<string, LockEntry> = rootLock.packages;
  const pluginDeps = Object.keys(plugin.dependencies ?? {});
  const reachable = closure(packages, ['nx', 'typescript', ...pluginDeps]);
  for (const dep of pluginDeps) {
    const at = locate(packages, '', dep)!;
    if (packages[at].version !== plugin.dependencies[dep]) {
      throw new Error(
        `e2e setup: the packed plugin depends on ${dep}@${plugin.dependencies[dep]}, but the repository installs ` +
          `${packages[at].version}; pin the same version in the root package.json`,
      );
    }
  }

  // Top-level locations are linked; nested ones come along inside their parent's directory.
  for (const at of reachable) {
    const rel = at.slice('node_modules/'.length);
    if (rel.includes('/node_modules/')) continue;
    const real = path.join(repoRoot, at);
    if (!fs.existsSync(real)) continue; // an optional package for another platform
    const link = path.join(modules, rel);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(real, link, 'dir');
  }
  fs.mkdirSync(path.join(modules, '.bin'));
  fs.symlinkSync('../nx/bin/nx.js', path.join(modules, '.bin/nx'));
  fs.symlinkSync('../typescript/bin/tsc', path.join(modules, '.bin/tsc'));

  const devDependencies = {
    nx: packages['node_modules/nx'].version,
    typescript: packages['node_modules/typescript'].version,
    gonx: `file:${tarball}`,
  };
  const manifest = { name: 'gonx-e2e-template', private: true, devDependencies };
  const lockPackages: Record<string, LockEntry> = {
    '': { name: manifest.name, devDependencies },
    'node_modules/gonx': {
      version: plugin.version,
      resolved: `file:${tarball}`,
      dev: true,
      dependencies: plugin.dependencies,
      peerDependencies: plugin.peerDependencies,
    },
  };
  for (const at of [...reachable].sort()) lockPackages[at] = packages[at];
  const lock = { name: manifest.name, lockfileVersion: 3, requires: true, packages: lockPackages };
  fs.writeFileSync(path.join(template, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(template, 'package-lock.json'), JSON.stringify(lock, null, 2));

  process.env.GONX_E2E_TEMPLATE = template;
  process.env.GONX_E2E_TARBALL = tarball;
  fs.writeFileSync(path.join(os.tmpdir(), 'gonx-e2e-current.json'), JSON.stringify({ template, tarball, base }));
}
