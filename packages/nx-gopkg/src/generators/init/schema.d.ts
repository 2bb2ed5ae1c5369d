export interface InitGeneratorSchema {
  /** Skip formatting the files this generator changes. */
  skipFormat?: boolean;
  /** Do not run `go env GOVERSION` to check that Go is installed. */
  skipGoCheck?: boolean;
}
