// Names the go command derives from an import path or the platform, in one place each.
// Pure: the caller passes the environment.

/** cmd/go's load.isVersionElement: `v2`, `v10`…; not `v1`, `v0…`, `v01` or `v2x`. */
export function isVersionElement(s: string): boolean {
  if (s.length < 2 || s[0] !== 'v' || s[1] === '0' || (s[1] === '1' && s.length === 2)) return false;
  for (let i = 1; i < s.length; i++) if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/**
 * cmd/go's (*Package).exeFromImportPath (module mode): the binary `go build` writes for a main
 * package is the last import path element, or the one before it when that is a major version.
 */
export function defaultExecName(importPath: string): string {
  const i = importPath.lastIndexOf('/');
  const elem = importPath.slice(i + 1);
  if (i < 0 || !isVersionElement(elem)) return elem;
  const dir = importPath.slice(0, i);
  return dir.slice(dir.lastIndexOf('/') + 1);
}

/** cmd/go's cfg.ExeSuffix for a target GOOS. */
export const exeSuffix = (goos: string): string => (goos === 'windows' ? '.exe' : '');

/** runtime.GOOS of the machine running Node (Node says win32 where Go says windows). */
export function hostGoos(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'windows' : platform;
}

/** The GOOS go builds for (cmd/go's cfg.Goos, without reading the go env file): $GOOS, else the host's. */
export function targetGoos(env: NodeJS.ProcessEnv): string {
  return env.GOOS || env.GOHOSTOS || hostGoos();
}
