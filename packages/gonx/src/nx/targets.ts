// The Nx project configuration of one Go package: tags, metadata, named inputs and targets.
import type { ProjectConfiguration, TargetConfiguration, TargetMetadata } from 'nx/src/config/workspace-json-project-json';
import type { PackageImports } from '../graph/edges';
import { GoPackage, GoWorkspaceModel, joinWorkspacePath } from '../graph/model';
import type { GoExecutorOptions } from '../executors/go/schema';
import { projectInputs, VCS_STATE_INPUT } from './inputs';
import type { NormalizedOptions } from './options';

export const EXECUTOR = 'gonx:go';

// Target metadata is repeated in every project (5,000 copies in a large workspace, each
// serialised, merged and source-mapped by Nx), so it is short and constant: the import path
// is in the project's own metadata, and one target (go-test) carries a help example.
// Fresh objects per target: Nx may merge into them in place when the plugin runs in-process.
const metadata = (description: string, help?: TargetMetadata['help']): TargetMetadata => ({
  technologies: ['go'],
  description,
  ...(help ? { help } : {}),
});
const testHelp = (): TargetMetadata['help'] => ({
  command: 'go help testflag',
  example: { options: { args: ['-run', 'TestName', '-v'] } },
});

/** The binary name go build would choose: the last import path element, skipping a /vN suffix. */
export function binaryName(importPath: string): string {
  const parts = importPath.split('/');
  let name = parts[parts.length - 1];
  if (/^v[2-9]\d*$/.test(name) && parts.length > 1) name = parts[parts.length - 2];
  return name;
}

export function projectConfiguration(
  pkg: GoPackage,
  name: string,
  model: GoWorkspaceModel,
  imports: PackageImports,
  names: Map<GoPackage, string>,
  options: NormalizedOptions,
  produced: { build?: Set<string>; test?: Set<string> } = {},
): ProjectConfiguration {
  const f = pkg.facts;
  const inputs = projectInputs(pkg, model, imports, names);
  // Files another task writes and this package (or one it imports) embeds: run that task first
  // and hash what it wrote (those files are usually git-ignored, so no file set sees them).
  const afterTasks = (tasks: Set<string> | undefined): Partial<TargetConfiguration> =>
    tasks?.size
      ? { dependsOn: [...tasks].sort().map(taskDependency) }
      : {};
  const withOutputs = (list: typeof inputs.build, tasks: Set<string> | undefined) =>
    tasks?.size ? [...list, { dependentTasksOutputFiles: '**/*', transitive: true }] : list;
  const base: GoExecutorOptions = {
    command: 'build',
    importPath: pkg.importPath,
    moduleRoot: pkg.module.dir,
    ...(options.tags.length ? { tags: options.tags } : {}),
  };
  const targets: Record<string, TargetConfiguration> = {};
  const hasSources = pkg.kind !== 'test-only';
  const hasTests = f.testGoFiles.length + f.xTestGoFiles.length > 0;

  if (hasSources) {
    const output = pkg.kind === 'command' ? joinWorkspacePath(options.outputDir, pkg.dir === '.' ? '_root' : pkg.dir) : undefined;
    const buildInputs = output && options.stamp ? [...inputs.build, VCS_STATE_INPUT] : inputs.build;
    targets[options.buildTargetName] = {
      executor: EXECUTOR,
      options: {
        ...base,
        command: 'build',
        ...(options.stamp ? { stamp: true } : {}),
        ...(output ? { outputPath: output, binaryName: binaryName(pkg.importPath) } : {}),
      },
      inputs: withOutputs(buildInputs, produced.build),
      ...afterTasks(produced.build),
      outputs: output ? [`{workspaceRoot}/${output}`] : [],
      cache: true,
      metadata: metadata(output ? `Build the command into ${output} (go build)` : 'Compile the package (go build)'),
    };
  }
  if (hasTests) {
    targets[options.testTargetName] = {
      executor: EXECUTOR,
      options: { ...base, command: 'test' },
      inputs: withOutputs(inputs.test, produced.test),
      ...afterTasks(produced.test),
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
    metadata: metadata('Vet the package and its tests (go vet)'),
  };
  if (pkg.kind === 'command') {
    targets[options.runTargetName] = {
      executor: EXECUTOR,
      options: { ...base, command: 'run' },
      ...afterTasks(produced.build),
      cache: false,
      ...(options.continuousRun ? { continuous: true } : {}),
      metadata: metadata('Run the command (go run); pass arguments with --args'),
    };
  }

  const testImports = imports.testPackages.map((e) => names.get(e.target)).filter(Boolean);
  const goFilesByPlatform = f.goFiles.filter((file) => /_(\w+)\.go$/.test(file) && file.includes('_'));
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

/** "project:target" → a dependsOn entry (project names may contain ':' only in theory). */
function taskDependency(task: string): { projects: string[]; target: string } {
  const i = task.lastIndexOf(':');
  return { projects: [task.slice(0, i)], target: task.slice(i + 1) };
}
