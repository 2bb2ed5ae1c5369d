// What `npm pack` of the built plugin (dist/packages/nx-gopkg) ships: exactly the files a user's Nx
// loads — the entry points named by package.json, executors.json, generators.json,
// migrations.json and the repository's nx.json release config, their require() closure, the
// declarations for them — plus the package metadata. Test helpers, specs and fixtures never.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const dist = path.join(repoRoot, 'dist/packages/nx-gopkg');
const pkg = JSON.parse(fs.readFileSync(path.join(dist, 'package.json'), 'utf8'));

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dist, encoding: 'utf8' });
  const [report] = JSON.parse(out);
  return report.files.map((f: { path: string }) => f.path).sort();
}

const readJson = (rel: string) => JSON.parse(fs.readFileSync(path.join(dist, rel), 'utf8'));

/** Package-relative module paths (no extension) that users' Nx or go loads directly. */
function entryPoints(): string[] {
  const entries = [pkg.main];
  for (const e of Object.values<Record<string, string>>(readJson(pkg.executors).executors)) {
    entries.push(e.implementation, e.batchImplementation, e.schema);
  }
  for (const g of Object.values<Record<string, string>>(readJson(pkg.generators).generators))
    entries.push(g.factory, g.schema);
  for (const m of Object.values<Record<string, string>>(readJson(pkg['nx-migrations'].migrations).generators ?? {})) {
    entries.push(m.implementation ?? m.factory);
  }
  // Version actions are named by users' nx.json; this repository's own release config names them.
  const nxJson = fs.readFileSync(path.join(repoRoot, 'nx.json'), 'utf8');
  // It names them by source path (`./packages/<dir>/src/...ts`), users by package (`<name>/src/...`).
  for (const m of nxJson.matchAll(/"versionActions"\s*:\s*"([^"]+)"/g)) {
    const fromSource = /^(?:\.\/)?packages\/[^/]+\/(.+?)(?:\.ts)?$/.exec(m[1]);
    if (fromSource) entries.push(fromSource[1]);
    else if (m[1].startsWith(`${pkg.name}/`)) entries.push(m[1].slice(pkg.name.length + 1));
  }
  expect(entries.some((e) => /release/.test(e))).toBe(true);
  return entries.filter(Boolean).map((p) => path.posix.normalize(p));
}

function resolveFile(rel: string): string | undefined {
  for (const candidate of [rel, `${rel}.js`, `${rel}.json`, `${rel}/index.js`]) {
    if (fs.existsSync(path.join(dist, candidate)) && fs.statSync(path.join(dist, candidate)).isFile()) return candidate;
  }
  return undefined;
}

/** Files reached from the entry points by relative require() and path.resolve/join(__dirname, '…js'). */
function runtimeClosure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = entries.map((e) => {
    const file = resolveFile(e);
    if (!file) throw new Error(`entry point ${e} is not in the build`);
    return file;
  });
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const text = fs.readFileSync(path.join(dist, file), 'utf8');
    const refs = [
      ...[...text.matchAll(/require\(["'](\.[^"']+)["']\)/g)].map((m) => m[1]),
      ...[...text.matchAll(/path\.(?:resolve|join)\(__dirname, '([^']+\.js)'\)/g)].map((m) => m[1]),
    ];
    for (const ref of refs) {
      const target = resolveFile(path.posix.normalize(path.posix.join(path.posix.dirname(file), ref)));
      if (!target) throw new Error(`${file} requires ${ref}, which is not in the build`);
      queue.push(target);
    }
  }
  return seen;
}

/** Declarations reachable from the .d.ts of the runtime files (type-only modules included). */
function declarationClosure(runtime: Set<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...runtime].filter((f) => f.endsWith('.js')).map((f) => f.replace(/\.js$/, '.d.ts'));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || !fs.existsSync(path.join(dist, file))) continue;
    seen.add(file);
    const text = fs.readFileSync(path.join(dist, file), 'utf8');
    for (const m of text.matchAll(/(?:from |import\()['"](\.[^'"]+)['"]/g)) {
      queue.push(path.posix.join(path.posix.dirname(file), `${m[1]}.d.ts`));
    }
  }
  return seen;
}

const METADATA = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  pkg.executors,
  pkg.generators,
  pkg['nx-migrations'].migrations,
].map((p: string) => path.posix.normalize(p));

test('package.json carries what the Nx plugin registry and npm show', () => {
  expect(pkg.license).toBe('MIT');
  expect(pkg.keywords).toEqual(expect.arrayContaining(['nx', 'nx-plugin', 'go', 'golang', 'monorepo']));
  expect(pkg.repository).toEqual(expect.objectContaining({ type: 'git', directory: 'packages/nx-gopkg' }));
  expect(pkg.homepage).toMatch(/^https:\/\//);
  expect(pkg.bugs.url).toMatch(/^https:\/\//);
  expect(pkg.engines.node).toMatch(/>=\s*20/);
  expect(pkg.peerDependencies.nx).toBeDefined();
  expect(readJson(pkg['nx-migrations'].migrations)).toHaveProperty('generators');
  expect(fs.readFileSync(path.join(dist, 'CHANGELOG.md'), 'utf8')).toMatch(/^# Changelog/);
});

test('npm pack ships exactly the runtime closure, its declarations and the metadata', () => {
  const packed = packedFiles();
  const runtime = runtimeClosure(entryPoints());
  const declarations = declarationClosure(runtime);
  // A declaration-only module (types.ts) compiles to an empty .js beside its .d.ts.
  const typeModules = [...declarations].map((d) => d.replace(/\.d\.ts$/, '.js'));
  const allowed = new Set([...METADATA, ...runtime, ...declarations, ...typeModules]);

  expect(packed.filter((f) => !allowed.has(f))).toEqual([]);
  expect([...METADATA, ...runtime].filter((f) => !packed.includes(f))).toEqual([]);
  expect(packed.filter((f) => /test-support\/|\.spec\./.test(f))).toEqual([]);
});

test('test support is not built, and the files list would keep it out if it were', () => {
  // Guards the test above against passing only because nothing unwanted was ever built.
  expect(fs.existsSync(path.join(dist, 'src/test-support'))).toBe(false);
  const probe = path.join(dist, 'src/test-support/probe.js');
  fs.mkdirSync(path.dirname(probe), { recursive: true });
  fs.writeFileSync(probe, '');
  try {
    const packed = packedFiles();
    expect(packed).toContain('src/index.js');
    expect(packed).not.toContain('src/test-support/probe.js');
  } finally {
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
  }
});

// The package was renamed before its first release; the old name (built here so that this file
// does not carry it) may appear only in the CHANGELOG entry that records the rename.
test('nothing in the repository still carries the old package name, except the CHANGELOG entry', () => {
  const oldName = ['go', 'nx'].join('');
  const r = spawnSync('git', ['grep', '-n', '-i', oldName], { cwd: repoRoot, encoding: 'utf8' });
  expect(r.error).toBeUndefined();
  const hits = r.stdout.split('\n').filter(Boolean);
  expect(hits.filter((l: string) => !l.startsWith('packages/nx-gopkg/CHANGELOG.md:'))).toEqual([]);
  expect(hits).toHaveLength(1);
});
