// The argv of one go invocation for a package. Kept pure so tests can check it without go.
import * as path from 'node:path';
import type { GoExecutorOptions } from './schema';

export interface GoInvocation {
  argv: string[];
  cwd: string;
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
      if (options.outputPath) {
        const exe = goos === 'windows' ? '.exe' : '';
        const name = (options.binaryName ?? path.basename(options.importPath)) + exe;
        argv.push('-o', path.resolve(workspaceRoot, options.outputPath, name));
      }
      return { argv: [...argv, ...extra, options.importPath], cwd };
    }
    case 'test':
    case 'vet':
      return { argv: [options.command, ...tags, ...extra, options.importPath], cwd };
    case 'run':
      return { argv: ['run', ...tags, options.importPath, ...extra], cwd };
  }
}
