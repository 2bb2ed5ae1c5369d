#!/usr/bin/env node
'use strict';
// Lower bound for tools/bench-scan.js: the I/O any source scanner in a fresh Node process must do over
// GOROOT/src — the walk (skipping testdata and _/. directories) and the 8 KB head of every .go file
// (open, read, close), with no parsing. Usage: time node tools/scan-floor.js "$(go env GOROOT)/src"
const fs = require('fs');
const t0 = process.hrtime.bigint();
const root = process.argv[2];
const buf = Buffer.allocUnsafe(8192);
let files = 0,
  dirs = 0,
  bytes = 0;
function walk(dir) {
  dirs++;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const n = e.name;
    if (e.isDirectory()) {
      if (n[0] === '.' || n[0] === '_' || n === 'testdata') continue;
      walk(dir + '/' + n);
    } else if (n.endsWith('.go')) {
      const fd = fs.openSync(dir + '/' + n, 'r');
      bytes += fs.readSync(fd, buf, 0, 8192, 0);
      fs.closeSync(fd);
      files++;
    }
  }
}
walk(root);
console.error(
  `files ${files} dirs ${dirs} bytes ${bytes} in ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms in-process`,
);
