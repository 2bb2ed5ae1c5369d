// The argv of one go invocation for a package. Kept pure so tests can check it without go.
import * as path from 'node:path';
import { defaultExecName, exeSuffix } from '../../scan/go-names';
import type { GoExecutorOptions } from './schema';

export interface GoInvocation {
  argv: string[];
  cwd: string;
  /** Variables set for go on top of the environment (GOOS/GOARCH of a platform configuration). */
  env?: Record<string, string>;
}

/** GOOS/GOARCH a platform configuration sets, or nothing for a host build. */
export function platformEnv(options: GoExecutorOptions): Record<string, string> | undefined {
  if (!options.goos && !options.goarch) return undefined;
  return { ...(options.goos ? { GOOS: options.goos } : {}), ...(options.goarch ? { GOARCH: options.goarch } : {}) };
}

export function splitArgs(args: GoExecutorOptions['args']): string[] {
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(String);
  return String(args).split(/\s+/).filter(Boolean);
}

/**
 * -buildvcs for go build. go stamps the VCS revision, commit time and dirty bit into main
 * packages' binaries by default (cmd/go's load.setBuildInfo, -buildvcs=auto), which no file
 * input covers: unstamped builds turn it off, so a cached binary is never one of an older commit.
 * Stamped builds (the `stamp` option) ask for go's default explicitly, whatever GOFLAGS says, and
 * hash the VCS state instead (nx/inputs.ts).
 */
export function vcsFlags(options: Pick<GoExecutorOptions, 'command' | 'stamp'>): string[] {
  if (options.command !== 'build') return [];
  return [options.stamp ? '-buildvcs=auto' : '-buildvcs=false'];
}

export function goInvocation(options: GoExecutorOptions, workspaceRoot: string, goos: string): GoInvocation {
  const cwd = path.resolve(workspaceRoot, options.moduleRoot);
  const extra = splitArgs(options.args);
  const tags = options.tags?.length ? ['-tags', options.tags.join(',')] : [];
  switch (options.command) {
    case 'build': {
      const argv = ['build', '-trimpath', ...vcsFlags(options), ...tags];
      const env = platformEnv(options);
      if (options.outputPath) {
        const name = (options.binaryName ?? defaultExecName(options.importPath)) + exeSuffix(options.goos ?? goos);
        argv.push('-o', path.resolve(workspaceRoot, options.outputPath, name));
      }
      return { argv: [...argv, ...extra, options.importPath], cwd, ...(env ? { env } : {}) };
    }
    case 'test': {
      // JUnit is made from the -json stream; the executor renders it as text for the terminal.
      const cover = options.coverProfile ? [`-coverprofile=${path.resolve(workspaceRoot, options.coverProfile)}`] : [];
      const json = options.junitFile ? ['-json'] : [];
      return { argv: ['test', ...json, ...cover, ...tags, ...extra, options.importPath], cwd };
    }
    case 'vet':
      return { argv: [options.command, ...tags, ...extra, options.importPath], cwd };
    case 'tidy':
      return { argv: ['mod', 'tidy', ...(options.fix ? [] : ['-diff']), ...extra], cwd };
    case 'generate':
      // The module's packages, from its root: ./... stops at nested modules, as go-tidy's module does.
      return { argv: ['generate', ...tags, ...extra, './...'], cwd };
    case 'fmt':
    case 'lint':
      throw new Error(`nx-gopkg: ${options.command} does not run go (see fmt.ts / lint.ts)`);
    case 'run':
      return { argv: ['run', ...tags, options.importPath, ...extra], cwd };
  }
}
