export interface InitGeneratorSchema {
  /** Skip formatting the files this generator changes. */
  skipFormat?: boolean;
  /** Do not define nx-gopkg's shared named inputs in nx.json (projects then carry their own). */
  skipSharedInputs?: boolean;
  /** Do not run `go env GOVERSION` to check that Go is installed. */
  skipGoCheck?: boolean;
}
