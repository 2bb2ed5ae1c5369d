// Builds a directory whose node_modules holds nx, typescript and the packed plugin, for
// temporary Nx workspaces to link to (the e2e suite's global setup and tools/soundness-diff.js).
//
// Nothing is fetched and npm's cache is not read: a new contributor's cache is empty, and
// `npm install --offline` then fails for want of registry metadata. The template's node_modules
// links each package of the closure of nx, typescript and the plugin's dependencies to the copy
// the repository's own `npm ci` installed, and the plugin itself is the packed tarball, unpacked.
// A lockfile for that closure, cut from the repository's, lets Nx see the npm packages.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');

/** Where node would find `name` required from the package at `from` (a lockfile location). */
function locate(packages, from, name) {
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
function closure(packages, roots) {
  const seen = new Set();
  const queue = roots.map((name) => {
    const at = locate(packages, '', name);
    if (!at) throw new Error(`template: ${name} is not in package-lock.json; run npm ci`);
    return at;
  });
  while (queue.length > 0) {
    const at = queue.pop();
    if (seen.has(at)) continue;
    seen.add(at);
    const entry = packages[at];
    const optionalPeers = entry.peerDependenciesMeta || {};
    const names = [
      ...Object.keys(entry.dependencies || {}),
      ...Object.keys(entry.optionalDependencies || {}),
      ...Object.keys(entry.peerDependencies || {}).filter((n) => !(optionalPeers[n] && optionalPeers[n].optional)),
    ];
    for (const name of names) {
      const dep = locate(packages, at, name);
      if (dep) queue.push(dep);
    }
  }
  return seen;
}

/**
 * Packs dist/packages/nx-gopkg into `base` and makes `base/template` (package.json, package-lock.json,
 * node_modules). Returns { template, tarball }.
 */
function buildTemplate(base) {
  const dist = path.join(repoRoot, 'dist/packages/nx-gopkg');
  if (!fs.existsSync(path.join(dist, 'package.json'))) {
    throw new Error('dist/packages/nx-gopkg is missing: run `npm run build` first');
  }
  const packed = execFileSync('npm', ['pack', dist, '--pack-destination', base, '--silent'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  const tarball = path.join(base, packed);
  const template = path.join(base, 'template');
  const modules = path.join(template, 'node_modules');
  const pluginDir = path.join(modules, 'nx-gopkg');
  fs.mkdirSync(pluginDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pluginDir, '--strip-components=1']);
  const plugin = JSON.parse(fs.readFileSync(path.join(pluginDir, 'package.json'), 'utf8'));

  const rootLock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));
  const packages = rootLock.packages;
  const pluginDeps = Object.keys(plugin.dependencies || {});
  const reachable = closure(packages, ['nx', 'typescript', ...pluginDeps]);
  for (const dep of pluginDeps) {
    const at = locate(packages, '', dep);
    if (packages[at].version !== plugin.dependencies[dep]) {
      throw new Error(
        `template: the packed plugin depends on ${dep}@${plugin.dependencies[dep]}, but the repository installs ` +
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
    'nx-gopkg': `file:${tarball}`,
  };
  const manifest = { name: 'nx-gopkg-e2e-template', private: true, devDependencies };
  const lockPackages = {
    '': { name: manifest.name, devDependencies },
    'node_modules/nx-gopkg': {
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
  return { template, tarball };
}

module.exports = { buildTemplate };
