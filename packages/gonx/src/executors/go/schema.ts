// Options of the `gonx:go` executor (see schema.json for the user-facing description).
export type GoCommand = 'build' | 'test' | 'vet' | 'run';

export interface GoExecutorOptions {
  command: GoCommand;
  /** Import path of the package (go runs it from its module root). */
  importPath: string;
  /** Workspace-relative module root: the working directory of go. */
  moduleRoot: string;
  /** Workspace-relative directory the binary of a main package is written to (build only). */
  outputPath?: string;
  binaryName?: string;
  /** Build tags (-tags). */
  tags?: string[];
  /** build: stamp VCS information into main packages' binaries (go's -buildvcs=auto); off: -buildvcs=false. */
  stamp?: boolean;
  /** Extra arguments: flags for go (build/test/vet) or, for run, arguments of the program. */
  args?: string[] | string;
}
