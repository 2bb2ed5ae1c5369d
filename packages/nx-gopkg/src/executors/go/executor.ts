// `nx-gopkg:go`: runs go (or gofmt, golangci-lint) for one package with an argv array, from the module root.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { ExecutorContext } from '@nx/devkit';
import { captureProgram } from './capture';
import { goProcessEnv, pluginCacheSettings } from './cacheprog-env';
import { runFmt } from './fmt';
import { targetGoos } from '../../scan/go-names';
import { goInvocation } from './go-command';
import { goSpawnError, runGo } from './run-go';
import { excludedByContext, mayBeExcludedLine } from './no-go-files';
import { runLint } from './lint';
import { GO_MISSING } from './messages';
import { TargetOptions, withProjectDefaults } from './project-options';
import { prepareReports, renderTestStream, writeJunit } from './test-reports';

export default async function goExecutor(
  targetOptions: TargetOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const project = context.projectName ? context.projectsConfigurations?.projects[context.projectName] : undefined;
  const resolved = withProjectDefaults(targetOptions, project);
  if ('error' in resolved) {
    console.error(resolved.error);
    return { success: false };
  }
  const { options } = resolved;
  const goos = targetGoos(process.env);
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
    console.error(`nx-gopkg: module root ${cwd} does not exist (was the module moved? re-run nx to refresh the graph)`);
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
    const note = r.code !== 0 ? excludedByContext(options.importPath, text + r.stderr) : undefined;
    if (note) {
      process.stdout.write(note);
      return { success: true };
    }
    process.stdout.write(text);
    process.stderr.write(r.stderr);
    writeJunit(options, context.root, events);
    return { success: r.code === 0 };
  }
  if (options.command === 'run') return { success: await runGo(argv, cwd, goEnv) };
  return runGoGated(argv, cwd, goEnv, options.importPath);
}

/**
 * Runs go with its output shown as it comes, except the lines a NoGoError for this package
 * consists of, which are held until go exits: printed if go failed for another reason, replaced
 * by the note if not. Never rejects.
 */
function runGoGated(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  importPath: string,
): Promise<{ success: boolean }> {
  return new Promise((resolve) => {
    const child = spawn('go', argv, { cwd, stdio: ['inherit', 'pipe', 'pipe'], env });
    const out = new HeldLines(process.stdout, (line) => mayBeExcludedLine(importPath, line));
    const err = new HeldLines(process.stderr, (line) => mayBeExcludedLine(importPath, line));
    child.stdout.on('data', (b: Buffer) => out.push(b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => err.push(b.toString('utf8')));
    child.on('error', (e: NodeJS.ErrnoException) => {
      console.error(goSpawnError(e, cwd));
      resolve({ success: false });
    });
    child.on('close', (code) => {
      const note = code !== 0 ? excludedByContext(importPath, out.held() + err.held()) : undefined;
      if (note) process.stdout.write(note);
      else {
        out.release();
        err.release();
      }
      resolve({ success: code === 0 || !!note });
    });
  });
}

/** Forwards complete lines to a stream, keeping back those `hold` picks (and a partial last line). */
class HeldLines {
  private partial = '';
  private kept = '';
  constructor(
    private readonly to: NodeJS.WritableStream,
    private readonly hold: (line: string) => boolean,
  ) {}

  push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    let shown = '';
    for (const line of lines) {
      if (this.hold(line)) this.kept += line + '\n';
      else shown += line + '\n';
    }
    if (shown) this.to.write(shown);
  }

  held(): string {
    return this.kept + this.partial;
  }

  release(): void {
    const rest = this.held();
    if (rest) this.to.write(rest);
    this.kept = this.partial = '';
  }
}
