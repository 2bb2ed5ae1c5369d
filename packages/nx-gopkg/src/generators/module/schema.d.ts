export interface ModuleGeneratorSchema {
  /** Directory of the new module, relative to where nx runs (the workspace root usually). */
  directory: string;
  /** Module path for the `module` line, e.g. example.com/repo/lib. */
  module: string;
  /** Go version for the `go` line (default: the go.work's, else another module's, else the toolchain's). */
  goVersion?: string;
  /** Go package name of the module's root package (default: the module path's last element). */
  name?: string;
  /** Write only go.mod (and go.work), no root package. The module then has no Nx project until it has a package. */
  skipPackage?: boolean;
  /** Skip formatting the files this generator changes. */
  skipFormat?: boolean;
}
