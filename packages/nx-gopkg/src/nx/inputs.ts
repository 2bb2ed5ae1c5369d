// Named inputs of a Go project. They are the cache key: exactly what the go command reads
// for the package, expressed as stable globs (no per-file lists, so ordinary edits never
// change project configuration). See docs/inputs.md for the model and why hits are sound.
import type { InputDefinition } from 'nx/src/config/workspace-json-project-json';
import type { PackageImports } from '../graph/edges';
import { GoPackage, GoWorkspaceModel, joinWorkspacePath } from '../graph/model';

export const INPUT_SOURCES = 'go-sources';
export const INPUT_TEST_SOURCES = 'go-test-sources';
export const INPUT_MODULE = 'go-module';
export const INPUT_TOOLCHAIN = 'go-toolchain';
/** go-sources + go-module: what a package contributes to the hash of every task that compiles it. */
export const INPUT_PACKAGE = 'go-package';

/** Non-Go files that go build reads from a package directory (go/build's file kinds). */
const OTHER_SOURCE_EXTENSIONS = 'c,cc,cxx,cpp,m,h,hh,hpp,hxx,f,F,for,f90,s,S,sx,swig,swigcxx,syso';

/** Settings of the toolchain that change what it produces; `go env` resolves defaults too. */
const TOOLCHAIN_ENV = [
  'GOVERSION',
  'GOOS',
  'GOARCH',
  'CGO_ENABLED',
  'GOEXPERIMENT',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'GOAMD64',
  'GOARM',
  'GOARM64',
  'GO386',
  'GOWASM',
  'GOMIPS',
  'GOMIPS64',
  'GOPPC64',
  'GORISCV64',
];
const CGO_ENV = ['CC', 'CXX', 'CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS', 'CGO_FFLAGS', 'CGO_LDFLAGS', 'PKG_CONFIG'];

/**
 * Every `.go` file of the directory except `*_test.go`, without a `!` pattern: Nx applies a
 * negated pattern to all of a task's file sets at once, so `!{projectRoot}/*_test.go` in the
 * sources would also drop the test files that go-test lists. Each glob below excludes one more
 * letter of the `_test` suffix; the last one names the few stems that are a suffix of it.
 */
const NON_TEST_GO_FILES = [
  '{projectRoot}/*[!t].go',
  '{projectRoot}/*[!s]t.go',
  '{projectRoot}/*[!e]st.go',
  '{projectRoot}/*[!t]est.go',
  '{projectRoot}/*[!_]test.go',
  '{projectRoot}/{t,st,est,test}.go',
];

/**
 * What go stamps into a main package's binary under -buildvcs=auto, as cmd/go's vcs.gitStatus
 * reads it: the dirty state and the last commit's hash and time. Outside a git repository both
 * commands fail alike on every run, and go stamps nothing.
 */
export const VCS_STATE_INPUT = {
  runtime: 'git status --porcelain && git -c log.showsignature=false log -1 --format=%H:%ct',
};

type Input = Exclude<InputDefinition, never> | string;

export interface ProjectInputs {
  namedInputs: Record<string, Input[]>;
  build: Input[];
  test: Input[];
}

/** The toolchain part of every Go task's key: go's settings, GOWORK, and no Nx external nodes. */
function toolchainInputs(cgo: boolean): Input[] {
  const toolchain: Input[] = [{ runtime: `go env ${TOOLCHAIN_ENV.join(' ')}` } as Input, { env: 'GOWORK' } as Input];
  if (cgo) toolchain.push({ runtime: `go env ${CGO_ENV.join(' ')}` } as Input);
  // Third-party code is hashed through go.sum (go-module), never through Nx's external nodes.
  // It sits here rather than in each target because go-toolchain is only used for the task's
  // own project (a named input used with ^ would carry it to every dependency).
  toolchain.push({ externalDependencies: [] } as Input);
  return toolchain;
}

/**
 * The named inputs that read the same in every project without embeds or cgo: `nx add` writes
 * them to nx.json, and a project then leaves out each one nx.json defines exactly so
 * (shared-inputs.ts). Fresh arrays on every call.
 */
export function sharedNamedInputs(): Record<string, Input[]> {
  return {
    [INPUT_SOURCES]: [...NON_TEST_GO_FILES, `{projectRoot}/*.{${OTHER_SOURCE_EXTENSIONS}}`],
    [INPUT_TEST_SOURCES]: ['{projectRoot}/*_test.go', '{projectRoot}/testdata/**/*'],
    [INPUT_TOOLCHAIN]: toolchainInputs(false),
    [INPUT_PACKAGE]: [INPUT_SOURCES, INPUT_MODULE],
  };
}

export function projectInputs(
  pkg: GoPackage,
  model: GoWorkspaceModel,
  imports: PackageImports,
  names: Map<GoPackage, string>,
): ProjectInputs {
  const f = pkg.facts;
  const shared = sharedNamedInputs();
  const sources: Input[] = [...shared[INPUT_SOURCES], ...embedInputs(pkg.dir, f.embedPatterns)];
  const testSources: Input[] = [
    ...shared[INPUT_TEST_SOURCES],
    ...embedInputs(pkg.dir, [...f.testEmbedPatterns, ...f.xTestEmbedPatterns]),
  ];
  const toolchain = toolchainInputs(f.cgoFiles.length > 0);

  // Every array element of a target's inputs is stored, merged and source-mapped by Nx once per
  // target per project, so the targets reference one combined named input (go-package, the
  // project's own part and, with ^, its dependencies' part) instead of go-sources and go-module
  // separately: the files hashed are the same.
  const build: Input[] = [INPUT_PACKAGE, `^${INPUT_PACKAGE}`, INPUT_TOOLCHAIN];
  const direct = new Set(imports.packages.map((e) => e.target));
  const testOnly = imports.testPackages
    .map((e) => e.target)
    .filter((p) => !direct.has(p))
    .map((p) => names.get(p)!)
    .filter(Boolean)
    .sort();
  const test: Input[] = [...build, INPUT_TEST_SOURCES];
  if (testOnly.length > 0) {
    // Test-only imports are not project-graph edges (see docs/inference.md): name them here,
    // with their own transitive production closure.
    test.push({ input: INPUT_PACKAGE, projects: testOnly } as Input);
    test.push({ input: INPUT_PACKAGE, projects: testOnly, dependencies: true } as Input);
  }
  return {
    namedInputs: {
      [INPUT_SOURCES]: sources,
      [INPUT_TEST_SOURCES]: testSources,
      [INPUT_MODULE]: moduleInputs(pkg, model, imports),
      [INPUT_TOOLCHAIN]: toolchain,
      [INPUT_PACKAGE]: shared[INPUT_PACKAGE],
    },
    build,
    test,
  };
}

/**
 * go.mod/go.sum of the package's module, and go.work/go.work.sum when it is in a workspace.
 * A package that imports third-party code depends on the whole build list: in a go.work
 * workspace any member's go.mod can raise a shared requirement, so all members' files count.
 */
function moduleInputs(pkg: GoPackage, model: GoWorkspaceModel, imports: PackageImports): Input[] {
  const module = pkg.module;
  const usesThirdParty = imports.modules.length > 0;
  const members =
    module.workFile && usesThirdParty ? model.modules.filter((m) => m.workFile === module.workFile) : [module];
  const files: string[] = [];
  for (const member of members) {
    files.push(joinWorkspacePath(member.dir, 'go.mod'), joinWorkspacePath(member.dir, 'go.sum'));
    if (member.vendored && usesThirdParty) files.push(joinWorkspacePath(member.dir, 'vendor/**/*'));
  }
  if (module.workFile) files.push(module.workFile, `${module.workFile}.sum`);
  return files.map((file) => `{workspaceRoot}/${file}`);
}

/**
 * An embed pattern names files or directories relative to the package; the glob covers both,
 * from the workspace root so files of nested packages are included too.
 */
function embedInputs(dir: string, patterns: string[]): Input[] {
  const inputs: Input[] = [];
  for (const raw of new Set(patterns)) {
    const pattern = raw.replace(/^all:/, '').replace(/[{}]/g, '\\$&');
    const base = `{workspaceRoot}/${joinWorkspacePath(dir, pattern)}`;
    inputs.push(base, `${base}/**/*`);
  }
  return inputs;
}

/**
 * go-fmt reads the package's own .go files only (tests and other platforms' files too), and
 * gofmt comes with the toolchain: no `^`, no go.mod, no build settings.
 */
export function fmtInputs(): Input[] {
  return ['{projectRoot}/*.go', { runtime: 'go env GOVERSION' } as Input, { externalDependencies: [] } as Input];
}

/**
 * go mod tidy reads go.mod, go.sum and the imports of every .go file of the module, for every
 * build tag (nested modules' files are included by the glob: extra inputs cost misses, never
 * wrong hits). go.work does not change what tidy writes for one module.
 */
export function tidyInputs(moduleDir: string): Input[] {
  const at = (rel: string) => `{workspaceRoot}/${joinWorkspacePath(moduleDir, rel)}`;
  return [
    at('go.mod'),
    at('go.sum'),
    at('**/*.go'),
    { runtime: 'go env GOVERSION GOFLAGS' } as Input,
    { externalDependencies: [] } as Input,
  ];
}

/**
 * go-lint adds to go-vet's inputs (the package, its tests and their closure, since the linters
 * type-check) the golangci config and the linter's own version. The version command never fails,
 * so a missing binary fails the task (with an install hint), not the hashing of every task.
 */
export function lintInputs(configFile: string | undefined): Input[] {
  return [
    ...(configFile ? [`{workspaceRoot}/${configFile}`] : []),
    { runtime: 'golangci-lint version || echo golangci-lint not installed' } as Input,
  ];
}
