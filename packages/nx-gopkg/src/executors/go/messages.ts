// What the executors say when a tool they run is not installed (the graph never needs them).
export const GO_MISSING =
  'nx-gopkg: the `go` command was not found on PATH. Install Go (https://go.dev/dl/) to run Go targets; ' +
  'the Nx graph itself does not need it.';

/** The golangci-lint CI installs, and the hint's install command. */
const GOLANGCI_LINT_MODULE = 'github.com/golangci/golangci-lint/v2/cmd/golangci-lint';

export const GOLANGCI_LINT_MISSING =
  'nx-gopkg: golangci-lint was not found on PATH. Install it with\n' +
  `  go install ${GOLANGCI_LINT_MODULE}@latest\n` +
  'and put $(go env GOBIN) (default $(go env GOPATH)/bin) on PATH, or see https://golangci-lint.run/docs/welcome/install/. ' +
  'Only go-lint tasks need it; the Nx graph does not.';
