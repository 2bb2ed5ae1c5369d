// Runs a program with an argv array and captures its output. Never rejects: a program that cannot
// be started resolves with code -1 and `missing` (or the spawn error) as its stderr.
import { spawn } from 'node:child_process';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  combined: string;
  /** spawn failed with ENOENT: the program (or the working directory) does not exist. */
  notFound?: boolean;
  /** Why the program could not be started. */
  error?: NodeJS.ErrnoException;
}

export function captureProgram(
  program: string,
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<CapturedRun> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let combined = '';
    const child = spawn(program, argv, { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (input !== undefined) child.stdin!.end(input);
    child.stdout!.on('data', (b: Buffer) => {
      out.push(b);
      combined += b.toString('utf8');
    });
    child.stderr!.on('data', (b: Buffer) => {
      err.push(b);
      combined += b.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      resolve({
        code: -1,
        stdout: '',
        stderr: `${e.message}\n`,
        combined: `${e.message}\n`,
        notFound: e.code === 'ENOENT',
        error: e,
      });
    });
    child.on('close', (code) => {
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        combined,
      });
    });
  });
}
