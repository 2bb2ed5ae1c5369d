// Options of the `nx-gopkg:go` executor (see schema.json for the user-facing description).
type GoCommand = 'build' | 'test' | 'vet' | 'run' | 'fmt' | 'tidy' | 'lint' | 'generate';

export interface GoExecutorOptions {
  command: GoCommand;
  /** Import path of the package (go runs it from its module root). */
  importPath: string;
  /** Workspace-relative module root: the working directory of go. */
  moduleRoot: string;
  /** Workspace-relative package directory (fmt, lint). */
  packageDir?: string;
  /** Workspace-relative directory the binary of a main package is written to (build only). */
  outputPath?: string;
  binaryName?: string;
  /** Build tags (-tags). */
  tags?: string[];
  /** build: stamp VCS information into main packages' binaries (go's -buildvcs=auto); off: -buildvcs=false. */
  stamp?: boolean;
  /** Target platform (build): GOOS and GOARCH for go. */
  goos?: string;
  goarch?: string;
  /** test: workspace-relative coverage profile to write (-coverprofile). */
  coverProfile?: string;
  /** test: workspace-relative JUnit XML file to write from the `go test -json` stream. */
  junitFile?: string;
  /** lint: workspace-relative golangci config (passed as --config; none: --no-config). */
  lintConfig?: string;
  /** fmt: rewrite the files (gofmt -w); tidy: run go mod tidy instead of checking. */
  fix?: boolean;
  /** Extra arguments: flags for go (build/test/vet) or, for run, arguments of the program. */
  args?: string[] | string;
}
