// The Nx project configuration of one Go package: tags, metadata, named inputs and targets.
import type { ProjectConfiguration, TargetConfiguration } from 'nx/src/config/workspace-json-project-json';
import type { PackageImports } from '../graph/edges';
import { GoPackage, GoWorkspaceModel, joinWorkspacePath } from '../graph/model';
import type { GoExecutorOptions } from '../executors/go/schema';
import { projectInputs } from './inputs';
import type { NormalizedOptions } from './options';

export const EXECUTOR = 'gonx:go';

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
  const technologies = ['go'];

  if (hasSources) {
    const output = pkg.kind === 'command' ? joinWorkspacePath(options.outputDir, pkg.dir === '.' ? '_root' : pkg.dir) : undefined;
    targets[options.buildTargetName] = {
      executor: EXECUTOR,
      options: { ...base, command: 'build', ...(output ? { outputPath: output, binaryName: binaryName(pkg.importPath) } : {}) },
      inputs: withOutputs(inputs.build, produced.build),
      ...afterTasks(produced.build),
      outputs: output ? [`{workspaceRoot}/${output}`] : [],
      cache: true,
      metadata: {
        technologies,
        description:
          pkg.kind === 'command'
            ? `Build the ${pkg.importPath} command into ${output}`
            : `Compile the Go package ${pkg.importPath}`,
        help: { command: 'go help build', example: { options: { args: ['-race'] } } },
      },
    };
  }
  if (hasTests) {
    targets[options.testTargetName] = {
      executor: EXECUTOR,
      options: { ...base, command: 'test' },
      inputs: withOutputs(inputs.test, produced.test),
      ...afterTasks(produced.test),
      cache: true,
      metadata: {
        technologies,
        description: `Run the tests of ${pkg.importPath} (go test)`,
        help: { command: 'go help testflag', example: { options: { args: ['-run', 'TestName', '-v'] } } },
      },
    };
  }
  targets[options.vetTargetName] = {
    executor: EXECUTOR,
    options: { ...base, command: 'vet' },
    inputs: withOutputs(inputs.test, produced.test),
    ...afterTasks(produced.test),
    cache: true,
    metadata: {
      technologies,
      description: `Report suspicious constructs in ${pkg.importPath} and its tests (go vet)`,
      help: { command: 'go help vet', example: { options: { args: ['-printf=false'] } } },
    },
  };
  if (pkg.kind === 'command') {
    targets[options.runTargetName] = {
      executor: EXECUTOR,
      options: { ...base, command: 'run' },
      ...afterTasks(produced.build),
      cache: false,
      ...(options.continuousRun ? { continuous: true } : {}),
      metadata: {
        technologies,
        description: `Run the ${pkg.importPath} command (go run); pass arguments with --args`,
        help: { command: 'go help run', example: { options: { args: ['--port', '8080'] } } },
      },
    };
  }

  const goFilesByPlatform = f.goFiles.filter((file) => /_(\w+)\.go$/.test(file) && file.includes('_'));
  return {
    name,
    root: pkg.dir,
    projectType: pkg.kind === 'command' ? 'application' : 'library',
    tags: ['lang:go', `go:module:${pkg.module.path}`, `go:kind:${pkg.kind}`],
    namedInputs: inputs.namedInputs,
    targets,
    metadata: {
      technologies,
      go: {
        importPath: pkg.importPath,
        packageName: f.name,
        module: pkg.module.path,
        moduleRoot: pkg.module.dir,
        goVersion: pkg.module.goMod.go,
        ...(pkg.module.workFile ? { workFile: pkg.module.workFile } : {}),
        testImports: imports.testPackages.map((e) => names.get(e.target)).filter(Boolean),
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
