// Compiles the GOCACHEPROG program's sources (not its specs) with the repository's tsc, for the
// tests and benchmarks that run the program on its own, outside the packed plugin.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const programSrc = path.join(repoRoot, 'packages/nx-gopkg/src/cacheprog');

/**
 * Compiles the program into `outDir`.
 * @param {string} outDir
 * @returns {string} the path of its main.js
 */
function compileCacheProgram(outDir) {
  const files = fs
    .readdirSync(programSrc)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => path.join(programSrc, f));
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc', { paths: [repoRoot] }),
      '--outDir',
      outDir,
      '--rootDir',
      programSrc,
      '--module',
      'commonjs',
      '--target',
      'ES2022',
      '--moduleResolution',
      'node',
      '--strict',
      '--esModuleInterop',
      '--skipLibCheck',
      '--types',
      'node',
      ...files,
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  return path.join(outDir, 'main.js');
}

module.exports = { compileCacheProgram };
