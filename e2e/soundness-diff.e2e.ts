// The differential soundness check (tools/soundness-diff.js), bounded: random edits to a
// synthetic go.work workspace, each compared with go's own cache key (go list -export BuildIDs).
// A changed package whose go-build is served from Nx's cache is stale. The second test is the
// control: an edit Nx cannot see (a file .nxignore hides) must be caught as stale by the same check.
// The full run (200+ edits, and a real repository) is in docs/benchmarks-soundness.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate } from '../tools/gen-synthetic';
import { makeChecker, runSoundness } from '../tools/soundness-diff';
import { TestWorkspace } from './support/workspace';

function synthetic(): TestWorkspace {
  const ws = TestWorkspace.create({});
  generate({ packages: 16, modules: 2, seed: 7, dir: ws.dir });
  return ws;
}
const tools = (ws: TestWorkspace) => ({
  dir: ws.dir,
  nx: (args: string[]) => ws.run(process.execPath, [path.join(ws.dir, 'node_modules/nx/dist/bin/nx.js'), ...args]),
  go: (args: string[], cwd: string) => ws.run('go', args, {}, cwd),
});

test('random edits: every package whose BuildID changed misses the cache', () => {
  const ws = synthetic();
  try {
    const report = runSoundness({ ...tools(ws), edits: 8, seed: 11 });
    expect(report.stale).toEqual([]);
    expect(report.checks).toBeGreaterThanOrEqual(8);
    // Not vacuous: edits changed packages, and unchanged ones were restored from the cache.
    expect(report.changed).toBeGreaterThan(0);
    expect(report.unchanged - report.unchangedMissed).toBeGreaterThan(0);
  } finally {
    ws.cleanup();
  }
});

test('random edits with nx.json as nx add writes it (shared named inputs): no stale hit either', () => {
  const ws = synthetic();
  try {
    ws.nxOk(['g', 'nx-gopkg:init', '--skipGoCheck']);
    expect(Object.keys(JSON.parse(ws.read('nx.json')).namedInputs)).toContain('go-sources');
    const report = runSoundness({ ...tools(ws), edits: 8, seed: 12 });
    expect(report.stale).toEqual([]);
    expect(report.changed).toBeGreaterThan(0);
    expect(report.unchanged - report.unchangedMissed).toBeGreaterThan(0);
  } finally {
    ws.cleanup();
  }
});

test('control: an edit to a file Nx does not hash is reported stale', () => {
  const ws = synthetic();
  try {
    const file = 'm0/g0/p00001/p00001.go';
    ws.write({ '.nxignore': `${file}\n` });
    const { report, check } = makeChecker(tools(ws));
    fs.appendFileSync(path.join(ws.dir, file), '\nfunc hidden() int { return 1 }\n');
    check({ kind: 'hidden edit', file });
    // Nx tracks none of the package's files, so nx-gopkg leaves it out (with a warning): its importers,
    // whose BuildIDs change, are what the check finds stale.
    expect(report.stale.length).toBeGreaterThan(0);
    expect(report.stale.every((s: { edit: string }) => s.edit === 'hidden edit')).toBe(true);
  } finally {
    ws.cleanup();
  }
});
