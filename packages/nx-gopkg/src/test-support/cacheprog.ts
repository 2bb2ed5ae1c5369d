// The cache program's tests: compiling it, a module to build, go with -x.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileCacheProgram } from '../../../../tools/compile-cacheprog';
import { goEnv as predictableGoEnv } from '../scan/go-env';

/** Compiles the program's sources (not the specs) into `outDir`; returns the path of main.js. */
export const compileProgram: (outDir: string) => string = compileCacheProgram;

/**
 * A module of `n` packages in a chain (p0 ← p1 ← … ← p{n-1}), without standard-library imports
 * so a cold build needs no std compile. Each package carries `payload` bytes of data so its archive
 * goes through the CAS rather than inline.
 */
export function chainModule(dir: string, n: number, payload = 6000): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/chain\n\ngo 1.24\n');
  for (let i = 0; i < n; i++) {
    const pkgDir = path.join(dir, `p${i}`);
    fs.mkdirSync(pkgDir, { recursive: true });
    const imp = i > 0 ? `import "example.com/chain/p${i - 1}"\n\n` : '';
    const prev = i > 0 ? `p${i - 1}.V() + ` : '';
    const data = Array.from(
      { length: Math.ceil(payload / 60) },
      (_, k) => `\t"p${i} item ${k} ${'x'.repeat(40)}",`,
    ).join('\n');
    fs.writeFileSync(
      path.join(pkgDir, `p${i}.go`),
      `package p${i}\n\n${imp}var Data = []string{\n${data}\n}\n\nfunc V() int { return ${prev}len(Data) + ${i} }\n`,
    );
  }
}

export interface GoRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Import paths that go compiled (from `-x` output), sorted. */
  compiled: string[];
}

/** scan/go-env.ts's goEnv, offline, outside workspaces and without nx-gopkg's cache settings. */
export function goEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...predictableGoEnv(), GOPROXY: 'off', GOSUMDB: 'off', GOWORK: 'off' };
  for (const k of Object.keys(env)) if (k.startsWith('NX_GOPKG_GOCACHE') || k === 'GOCACHEPROG') delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs go asynchronously (a test server in this process must keep answering meanwhile). */
export function runGo(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<GoRun> {
  return new Promise((resolve) => {
    const child = spawn('go', args, { cwd, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => err.push(Buffer.from(String(e))));
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        compiled: compiledPackages(stderr),
      });
    });
  });
}

/** Import paths of the `compile` invocations in `go … -x` output. */
export function compiledPackages(xOutput: string): string[] {
  const out: string[] = [];
  for (const line of xOutput.split('\n')) {
    if (!/\/compile(\.exe)? /.test(line) || /compile(\.exe)? -V/.test(line)) continue;
    const m = / -p (\S+)/.exec(line);
    if (m) out.push(m[1]);
  }
  return out.sort();
}
