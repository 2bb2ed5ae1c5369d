// Running go from the executors, with an argv array: streamed (go run) or captured (batches,
// JUnit). A go that cannot be started is reported in one wording, never thrown.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { captureProgram, type CapturedRun } from './capture';
import { GO_MISSING } from './messages';

/** What to print when spawning go failed (spawn reports a missing working directory as ENOENT too). */
export function goSpawnError(e: NodeJS.ErrnoException, cwd: string): string {
  if (e.code !== 'ENOENT') return `nx-gopkg: cannot run go: ${e.message}`;
  return fs.existsSync(cwd) ? GO_MISSING : `nx-gopkg: cannot run go in ${cwd}: no such directory`;
}

/** Runs go with the terminal as its stdio; true when it exits 0. Never rejects. */
export function runGo(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('go', argv, { cwd, stdio: 'inherit', env });
    child.on('error', (e: NodeJS.ErrnoException) => {
      console.error(goSpawnError(e, cwd));
      resolve(false);
    });
    child.on('close', (code) => resolve(code === 0));
  });
}

/** Runs go with its output captured; a spawn failure is its stderr. Never rejects. */
export async function captureGo(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CapturedRun> {
  const r = await captureProgram('go', argv, cwd, env);
  if (!r.error) return r;
  const message = goSpawnError(r.error, cwd) + '\n';
  return { ...r, stderr: message, combined: message };
}
