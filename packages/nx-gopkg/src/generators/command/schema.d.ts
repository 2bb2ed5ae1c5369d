export interface CommandGeneratorSchema {
  /** Directory of the new command, relative to where nx runs (the workspace root usually). */
  directory: string;
  /** Skip formatting the files this generator changes. */
  skipFormat?: boolean;
}
