// The golangci config golangci-lint would read for a module: the first of its file names in the
// module root, then in each directory above it up to the workspace root (configs outside the
// workspace, such as one in the home directory, are never used: nx-gopkg passes --config or --no-config).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** golangci-lint's own search order within one directory. */
const GOLANGCI_CONFIG_NAMES = ['.golangci.yml', '.golangci.yaml', '.golangci.toml', '.golangci.json'];

/** Workspace-relative posix path of the config, or undefined. `moduleDir` is workspace-relative. */
export function findLintConfig(workspaceRoot: string, moduleDir: string): string | undefined {
  let dir = moduleDir === '.' ? '' : moduleDir;
  for (;;) {
    for (const name of GOLANGCI_CONFIG_NAMES) {
      const rel = dir ? `${dir}/${name}` : name;
      if (isFile(path.join(workspaceRoot, rel))) return rel;
    }
    if (!dir) return undefined;
    const up = path.posix.dirname(dir);
    dir = up === '.' ? '' : up;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
