// Test support for the Go generators: a Tree with an empty Nx workspace, and gofmt's verdict
// on the Go files a generator wrote (real gofmt, on a copy of the tree's files).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from 'nx/src/generators/testing-utils/create-tree-with-empty-workspace';

export function emptyWorkspace(files: Record<string, string> = {}): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const [file, text] of Object.entries(files)) tree.write(file, text);
  return tree;
}

/** Files the tree holds changes for, with their text. */
export function changedFiles(tree: Tree): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of tree.listChanges()) if (c.type !== 'DELETE') out[c.path] = c.content?.toString('utf-8') ?? '';
  return out;
}

/** The .go files (of `files`) that gofmt would change: `gofmt -l` over a temp copy. */
export function gofmtDirty(files: Record<string, string>): string[] {
  const goFiles = Object.keys(files).filter((f) => f.endsWith('.go'));
  if (goFiles.length === 0) throw new Error('no .go files to check');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-gofmt-'));
  try {
    for (const f of goFiles) {
      fs.mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), files[f]);
    }
    // The toolchain's own gofmt (GOROOT/bin), whatever else PATH holds.
    const goroot = execFileSync('go', ['env', 'GOROOT'], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    }).trim();
    const out = execFileSync(path.join(goroot, 'bin', 'gofmt'), ['-l', '.'], { cwd: dir, encoding: 'utf8' });
    return out
      .split('\n')
      .filter(Boolean)
      .map((f) => f.split(path.sep).join('/'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
