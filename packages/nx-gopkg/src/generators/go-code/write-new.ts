import type { Tree } from '@nx/devkit';

/** Writes `file` unless it exists: a re-run never overwrites code the user has changed since. */
export function writeNew(tree: Tree, file: string, content: string): boolean {
  if (tree.exists(file)) return false;
  tree.write(file, content);
  return true;
}
