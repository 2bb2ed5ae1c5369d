// `gonx:go`: runs go (or gofmt, golangci-lint) for one package with an argv array, from the module root.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { ExecutorContext } from '@nx/devkit';
import { captureProgram } from './capture';
import { goProcessEnv, pluginCacheSettings } from './cacheprog-env';
import { runFmt } from './fmt';
import { goInvocation } from './go-command';
import { runLint } from './lint';
import { GO_MISSING } from './messages';
import type { GoExecutorOptions } from './schema';
import { prepareReports, renderTestStream, writeJunit } from './test-reports';

export { GO_MISSING };

export default async function goExecutor(
  options: GoExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const goos = process.env.GOOS || process.env.GOHOSTOS || hostGoos();
  const env = goProcessEnv(process.env, pluginCacheSettings(context.nxJsonConfiguration, context.root));
  const label = `${context.projectName}:${context.targetName}`;
  if (options.command === 'fmt' || options.command === 'lint') {
    const run = options.command === 'fmt' ? runFmt : runLint;
    const r = (await run([{ label, options }], context.root, env)).get(label)!;
    if (r.output) (r.success ? process.stdout : process.stderr).write(r.output);
    return { success: r.success };
  }
  const { argv, cwd, env: extraEnv } = goInvocation(options, context.root, goos);
  if (!fs.existsSync(cwd)) {
    console.error(`gonx: module root ${cwd} does not exist (was the module moved? re-run nx to refresh the graph)`);
    return { success: false };
  }
  const goEnv = extraEnv ? { ...env, ...extraEnv } : env;
  if (options.command === 'test') prepareReports(options, context.root);
  if (options.command === 'test' && options.junitFile) {
    const r = await captureProgram('go', argv, cwd, goEnv);
    if (r.notFound) {
      console.error(GO_MISSING);
      return { success: false };
    }
    const { text, events } = renderTestStream(r.stdout);
    process.stdout.write(text);
    process.stderr.write(r.stderr);
    writeJunit(options, context.root, events);
    return { success: r.code === 0 };
  }
  return { success: await runGo(argv, cwd, goEnv) };
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
