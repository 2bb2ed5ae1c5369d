// Temporary directories for tests, always removed: by the test file's afterAll, or by the caller.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const madeDirs: string[] = [];

/**
 * A fresh temporary directory (real path, under `os.tmpdir()`, named `nx-gopkg-<prefix>-…`),
 * removed with {@link removeTree} once the tests of the file that made it are done.
 */
export function tempDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `nx-gopkg-${prefix}-`)));
  madeDirs.push(dir);
  return dir;
}

// Jest loads this module afresh for each test file, so each file removes its own directories.
if (typeof afterAll === 'function') {
  afterAll(() => {
    for (const dir of madeDirs.splice(0)) removeTree(dir);
  });
}

/**
 * Removes `dir` even where go made it read-only (the module cache's directories are 0555):
 * directories are made writable first. What still cannot be removed is left for the OS.
 */
export function removeTree(dir: string): void {
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const p = path.join(d, e.name);
      try {
        fs.chmodSync(p, 0o755);
      } catch {
        // not ours to change: rmSync reports nothing either way
      }
      walk(p);
    }
  };
  walk(dir);
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // A directory a test made unreadable (as a non-root user): left for the OS to clear.
  }
}

/** Writes `files` (slash paths relative to root → content) under root. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
