// `gonx:go`: runs go for one package with an argv array, from the module root.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { ExecutorContext } from '@nx/devkit';
import { goProcessEnv, pluginCacheSettings } from './cacheprog-env';
import { goInvocation } from './go-command';
import type { GoExecutorOptions } from './schema';

export const GO_MISSING =
  'gonx: the `go` command was not found on PATH. Install Go (https://go.dev/dl/) to run Go targets; ' +
  'the Nx graph itself does not need it.';

export default async function goExecutor(
  options: GoExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const goos = process.env.GOOS || process.env.GOHOSTOS || hostGoos();
  const { argv, cwd } = goInvocation(options, context.root, goos);
  if (!fs.existsSync(cwd)) {
    console.error(`gonx: module root ${cwd} does not exist (was the module moved? re-run nx to refresh the graph)`);
    return { success: false };
  }
  return { success: await runGo(argv, cwd, goProcessEnv(process.env, pluginCacheSettings(context.nxJsonConfiguration, context.root))) };
}

function hostGoos(): string {
  return process.platform === 'win32' ? 'windows' : process.platform;
}

export function runGo(argv: string[], cwd: string, env: NodeJS.ProcessEnv = goProcessEnv(process.env)): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('go', argv, { cwd, stdio: 'inherit', env });
    child.on('error', (err: NodeJS.ErrnoException) => {
      console.error(err.code === 'ENOENT' ? GO_MISSING : `gonx: cannot run go: ${err.message}`);
      resolve(false);
    });
    child.on('close', (code) => resolve(code === 0));
  });
}
