// The Nx project configuration of one Go package: tags, metadata, named inputs and targets.
import type {
  ProjectConfiguration,
  TargetConfiguration,
  TargetMetadata,
} from 'nx/src/config/workspace-json-project-json';
import type { PackageImports } from '../graph/edges';
import { GoModule, GoPackage, GoWorkspaceModel, joinWorkspacePath } from '../graph/model';
import type { TargetOptions } from '../executors/go/project-options';
import { defaultExecName } from '../scan/go-names';
import { fileNameConstraint } from '../scan/syslist';
import { fmtInputs, lintInputs, projectInputs, tidyInputs, VCS_STATE_INPUT } from './inputs';
import { NormalizedOptions, platformConfigurationName } from './options';

const EXECUTOR = 'nx-gopkg:go';

// Everything in a target is repeated in every project (5,000 copies in a large workspace, each
// serialised, merged, source-mapped, shipped to the plugin workers and written by Nx), so a
// target holds only what differs between targets (docs/design.md, "A lean configuration"):
// - metadata is the description and the help (the tool's own help command and one example
//   option set, as the @nx plugins give it); the technology is the project's, not each target's;
// - options are the command and what the plugin options add; the import path, module root and
//   package directory come from the project (executors/go/project-options.ts);
// - outputs are always given, also when empty: without them Nx falls back to dist/<root>,
//   <root>/build, ... for a target named `build` (buildTargetName), and would cache those.
// Fresh objects per target: Nx may merge into them in place when the plugin runs in-process.
const metadata = (description: string, help: TargetMetadata['help']): TargetMetadata => ({ description, help });
const help = (command: string, options: Record<string, unknown>): TargetMetadata['help'] => ({
  command,
  example: { options },
});
const testHelp = () => help('go help testflag', { args: ['-run', 'TestName', '-v'] });

/** What module-level targets know of their module besides the model: its golangci config. */
export interface ModuleFacts {
  /** Workspace-relative golangci config golangci-lint would use for this module, if any. */
  lintConfig?: string;
  /** This project holds the module-level targets (go-tidy, go-generate): it is the module's root package. */
  holdsModule?: boolean;
}

/** Where coverage.out and junit.xml of a package's go-test go. */
function testResultsDir(options: NormalizedOptions, dir: string): string {
  return joinWorkspacePath(options.outputDir, `test-results/${dir === '.' ? '_root' : dir}`);
}

export function projectConfiguration(
  pkg: GoPackage,
  name: string,
  model: GoWorkspaceModel,
  imports: PackageImports,
  names: Map<GoPackage, string>,
  options: NormalizedOptions,
  produced: { build?: Set<string>; test?: Set<string> } = {},
  moduleFacts: ModuleFacts = {},
): ProjectConfiguration {
  const f = pkg.facts;
  const inputs = projectInputs(pkg, model, imports, names);
  // Files another task writes and this package (or one it imports) embeds: run that task first
  // and hash what it wrote (those files are usually git-ignored, so no file set sees them).
  const afterTasks = (tasks: Set<string> | undefined): Partial<TargetConfiguration> =>
    tasks?.size ? { dependsOn: [...tasks].sort().map(taskDependency) } : {};
  const withOutputs = (list: typeof inputs.build, tasks: Set<string> | undefined) =>
    tasks?.size ? [...list, { dependentTasksOutputFiles: '**/*', transitive: true }] : list;
  const base: TargetOptions = {
    command: 'build',
    ...(options.tags.length ? { tags: options.tags } : {}),
  };
  const targets: Record<string, TargetConfiguration> = {};
  const hasSources = pkg.kind !== 'test-only';
  const hasTests = f.testGoFiles.length + f.xTestGoFiles.length > 0;

  if (hasSources) {
    const output =
      pkg.kind === 'command' ? joinWorkspacePath(options.outputDir, pkg.dir === '.' ? '_root' : pkg.dir) : undefined;
    // One configuration per platform option: GOOS/GOARCH set, binaries under <outputDir>/<goos>_<goarch>/.
    const configurations: Record<string, Partial<TargetOptions>> = {};
    for (const p of options.platforms) {
      const platformOutput = output
        ? joinWorkspacePath(options.outputDir, `${p.goos}_${p.goarch}/${pkg.dir === '.' ? '_root' : pkg.dir}`)
        : undefined;
      configurations[platformConfigurationName(p)] = {
        goos: p.goos,
        goarch: p.goarch,
        ...(platformOutput ? { outputPath: platformOutput } : {}),
      };
    }
    const hasPlatforms = options.platforms.length > 0;
    const buildInputs = output && options.stamp ? [...inputs.build, VCS_STATE_INPUT] : inputs.build;
    targets[options.buildTargetName] = {
      executor: EXECUTOR,
      options: {
        ...base,
        command: 'build',
        ...(options.stamp ? { stamp: true } : {}),
        ...(output ? { outputPath: output, binaryName: defaultExecName(pkg.importPath) } : {}),
      },
      ...(hasPlatforms ? { configurations } : {}),
      inputs: withOutputs(buildInputs, produced.build),
      ...afterTasks(produced.build),
      outputs: output ? [hasPlatforms ? '{options.outputPath}' : `{workspaceRoot}/${output}`] : [],
      cache: true,
      metadata: metadata(
        output ? `Build the command into ${output} (go build)` : 'Compile the package (go build)',
        help('go help build', { args: ['-race'] }),
      ),
    };
  }
  if (hasTests) {
    const results = testResultsDir(options, pkg.dir);
    const reports = {
      ...(options.coverage ? { coverProfile: `${results}/coverage.out` } : {}),
      ...(options.junit ? { junitFile: `${results}/junit.xml` } : {}),
    };
    targets[options.testTargetName] = {
      executor: EXECUTOR,
      options: { ...base, command: 'test', ...reports },
      inputs: withOutputs(inputs.test, produced.test),
      ...afterTasks(produced.test),
      // Files, not the directory: a nested package's results live below this one's directory.
      outputs: Object.values(reports).map((file) => `{workspaceRoot}/${file}`),
      cache: true,
      metadata: metadata('Run the package tests (go test)', testHelp()),
    };
  }
  targets[options.vetTargetName] = {
    executor: EXECUTOR,
    options: { ...base, command: 'vet' },
    inputs: withOutputs(inputs.test, produced.test),
    ...afterTasks(produced.test),
    cache: true,
    metadata: metadata('Vet the package and its tests (go vet)', help('go help vet', { args: ['-printf=false'] })),
  };
  if (options.fmtTargetName) {
    targets[options.fmtTargetName] = {
      executor: EXECUTOR,
      options: { command: 'fmt' },
      inputs: fmtInputs(),
      cache: true,
      metadata: metadata(
        "Check that the package's .go files are gofmt-formatted (gofmt -l); --fix rewrites them",
        help('gofmt -h', { fix: true }),
      ),
    };
  }
  if (options.lintTargetName && (options.lint === true || (options.lint === 'auto' && moduleFacts.lintConfig))) {
    targets[options.lintTargetName] = {
      executor: EXECUTOR,
      options: {
        ...base,
        command: 'lint',
        ...(moduleFacts.lintConfig ? { lintConfig: moduleFacts.lintConfig } : {}),
      },
      inputs: [...withOutputs(inputs.test, produced.test), ...lintInputs(moduleFacts.lintConfig)],
      ...afterTasks(produced.test),
      cache: true,
      metadata: metadata('Lint the package with golangci-lint', help('golangci-lint run --help', { args: ['--fix'] })),
    };
  }
  if (moduleFacts.holdsModule) Object.assign(targets, moduleTargets(pkg.module, options));
  if (pkg.kind === 'command') {
    targets[options.runTargetName] = {
      executor: EXECUTOR,
      options: { ...base, command: 'run' },
      ...afterTasks(produced.build),
      cache: false,
      ...(options.continuousRun ? { continuous: true } : {}),
      metadata: metadata(
        'Run the command (go run); pass arguments with --args',
        help('go help run', { args: ['--port', '8080'] }),
      ),
    };
  }

  const testImports = imports.testPackages.map((e) => names.get(e.target)).filter(Boolean);
  const goFilesByPlatform = f.goFiles.filter(isPlatformFile);
  return {
    name,
    root: pkg.dir,
    projectType: pkg.kind === 'command' ? 'application' : 'library',
    tags: ['lang:go', `go:module:${pkg.module.path}`, `go:kind:${pkg.kind}`],
    namedInputs: inputs.namedInputs,
    targets,
    metadata: {
      technologies: ['go'],
      go: {
        importPath: pkg.importPath,
        packageName: f.name,
        module: pkg.module.path,
        moduleRoot: pkg.module.dir,
        goVersion: pkg.module.goMod.go,
        ...(pkg.module.workFile ? { workFile: pkg.module.workFile } : {}),
        ...(testImports.length ? { testImports } : {}),
        ...(goFilesByPlatform.length ? { platformFiles: goFilesByPlatform } : {}),
      },
    },
  } as ProjectConfiguration;
}

/** Module-level targets (go-tidy, go-generate), held by the module's root package or by a module project. */
function moduleTargets(module: GoModule, options: NormalizedOptions): Record<string, TargetConfiguration> {
  const targets: Record<string, TargetConfiguration> = {};
  if (options.tidyTargetName) {
    targets[options.tidyTargetName] = {
      executor: EXECUTOR,
      options: { command: 'tidy' } satisfies TargetOptions,
      inputs: tidyInputs(module.dir),
      cache: true,
      metadata: metadata(
        'Check that go.mod and go.sum are tidy (go mod tidy -diff); --fix runs go mod tidy',
        help('go help mod tidy', { fix: true }),
      ),
    };
  }
  if (options.generateTargetName) {
    // What a generator reads and writes is its own business (any file, any tool): nothing
    // could be hashed exactly, so the target is never cached.
    targets[options.generateTargetName] = {
      executor: EXECUTOR,
      options: {
        command: 'generate',
        ...(options.tags.length ? { tags: options.tags } : {}),
      } satisfies TargetOptions,
      cache: false,
      metadata: metadata(
        "Run the //go:generate directives of the module's packages (go generate ./...); never cached",
        help('go help generate', { args: ['-run', 'stringer'] }),
      ),
    };
  }
  return targets;
}

/**
 * The project of a module whose root directory has no Go package: it holds the module-level
 * targets only. `name` is the module path (or the directory with the `path` scheme).
 */
export function moduleProjectConfiguration(
  module: GoModule,
  name: string,
  options: NormalizedOptions,
): ProjectConfiguration {
  return {
    name,
    root: module.dir,
    projectType: 'library',
    tags: ['lang:go', `go:module:${module.path}`, 'go:kind:module'],
    targets: moduleTargets(module, options),
    metadata: {
      technologies: ['go'],
      go: {
        module: module.path,
        moduleRoot: module.dir,
        goVersion: module.goMod.go,
        ...(module.workFile ? { workFile: module.workFile } : {}),
      },
    },
  } as ProjectConfiguration;
}

/** A file whose name holds a _GOOS, _GOARCH or _GOOS_GOARCH suffix (go/build's goodOSArchFile). */
function isPlatformFile(name: string): boolean {
  const c = fileNameConstraint(name);
  return c.goos !== undefined || c.goarch !== undefined;
}

/** "project:target" → a dependsOn entry (project names may contain ':' only in theory). */
function taskDependency(task: string): { projects: string[]; target: string } {
  const i = task.lastIndexOf(':');
  return { projects: [task.slice(0, i)], target: task.slice(i + 1) };
}
