import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../test-support/temp-dir';
import { removeStaleCacheFiles, STALE_AFTER_MS } from './stale-cache-files';

test("removes only nx-gopkg's cache files that no run wrote for longer than the limit, and never those in use", () => {
  const dir = tempDir('stale');
  const now = Date.now();
  const files = {
    'state-old.json': now - STALE_AFTER_MS - 1000,
    'delta-old.json': now - STALE_AFTER_MS - 1000,
    'headers-old.json': now - STALE_AFTER_MS - 1000,
    'state-old.json.123.tmp': now - STALE_AFTER_MS - 1000,
    'state-current.json': now - STALE_AFTER_MS - 1000, // in use, however old
    'state-recent.json': now - 1000,
    'notes.json': now - STALE_AFTER_MS - 1000, // not a cache file of nx-gopkg's
  };
  for (const [name, mtime] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), '{}');
    fs.utimesSync(path.join(dir, name), mtime / 1000, mtime / 1000);
  }
  expect(removeStaleCacheFiles(dir, ['state-current.json'], STALE_AFTER_MS, now).sort()).toEqual([
    'delta-old.json',
    'headers-old.json',
    'state-old.json',
    'state-old.json.123.tmp',
  ]);
  expect(fs.readdirSync(dir).sort()).toEqual(['notes.json', 'state-current.json', 'state-recent.json']);
});

test('a missing directory is nothing to do', () => {
  expect(removeStaleCacheFiles(path.join(tempDir('stale'), 'absent'), [])).toEqual([]);
});
