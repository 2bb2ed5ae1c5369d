#!/usr/bin/env node
// Builds the publishable plugin into dist/packages/nx-gopkg (the build contract other work relies on):
// compiled JS + .d.ts from packages/nx-gopkg/src, package.json, executors.json, generators.json,
// migrations.json, every schema.json beside its executor/generator, the
// README, CHANGELOG and LICENSE. What npm packs of it is decided by package.json `files`.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkgDir = path.join(root, 'packages/nx-gopkg');
const outDir = path.join(root, 'dist/packages/nx-gopkg');

fs.rmSync(outDir, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(pkgDir, 'tsconfig.lib.json')], {
  stdio: 'inherit',
});

function copyAssets(fromDir, toDir) {
  for (const entry of fs.readdirSync(fromDir, { withFileTypes: true })) {
    const from = path.join(fromDir, entry.name);
    const to = path.join(toDir, entry.name);
    if (entry.name === 'test-support') continue;
    if (entry.isDirectory()) copyAssets(from, to);
    else if (entry.name.endsWith('.json') || entry.name.endsWith('.md')) {
      fs.mkdirSync(toDir, { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}
copyAssets(path.join(pkgDir, 'src'), path.join(outDir, 'src'));
for (const file of [
  'package.json',
  'executors.json',
  'generators.json',
  'migrations.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
]) {
  fs.copyFileSync(path.join(pkgDir, file), path.join(outDir, file));
}
console.log(`built ${path.relative(root, outDir)}`);
