export interface PackageGeneratorSchema {
  /** Directory of the new package, relative to where nx runs (the workspace root usually). */
  directory: string;
  /** Go package name (default: the directory's last element, as go convention has it). */
  name?: string;
  /** Skip formatting the files this generator changes. */
  skipFormat?: boolean;
}
