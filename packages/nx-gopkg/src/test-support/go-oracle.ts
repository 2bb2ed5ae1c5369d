// Test helpers for comparing the module layer with the real go command (the oracle).
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { goEnv as predictableGoEnv } from '../scan/go-env';
import { readTxtar } from './txtar';

/**
 * The GOROOT of the go on PATH (`go env GOROOT`), or NX_GOPKG_TEST_GOROOT; undefined without go.
 * In CI (CI=true) a missing go is an error, so the oracle suites never skip there unnoticed.
 */
function findGoroot(): string | undefined {
  if (process.env.NX_GOPKG_TEST_GOROOT) return process.env.NX_GOPKG_TEST_GOROOT;
  const r = spawnSync('go', ['env', 'GOROOT'], {
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    encoding: 'utf8',
  });
  const goroot = r.status === 0 ? r.stdout.trim() : '';
  if (goroot) return goroot;
  if (process.env.CI === 'true')
    throw new Error(
      `no go on PATH (CI=true, so the go oracle suites may not be skipped): ${r.error?.message ?? r.stderr}`,
    );
  return undefined;
}

const FOUND = findGoroot();
export const GOROOT = FOUND ?? '';
const GO = path.join(GOROOT, 'bin', 'go');

export const hasGo = FOUND !== undefined && fs.existsSync(GO);
/** `describe` that is skipped (not failed) when no go toolchain is installed (never in CI). */
export const describeWithGo = hasGo ? describe : describe.skip;

/** scan/go-env.ts's goEnv (no GOFLAGS, no toolchain switch), offline and hermetic: no proxy or checksum database. */
export function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = predictableGoEnv();
  for (const k of ['GOWORK', 'GOROOT', 'GOPATH', 'GOMODCACHE']) delete env[k];
  return {
    ...env,
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GONOSUMCHECK: '1',
    GONOSUMDB: '*',
    GOENV: 'off',
    GOTELEMETRY: 'off',
    ...extra,
  };
}

export interface GoResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runGo(args: string[], cwd: string, env: Record<string, string> = {}): GoResult {
  const r = spawnSync(GO, args, { cwd, env: goEnv(env), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function runGoAsync(args: string[], cwd: string): Promise<GoResult> {
  return new Promise((resolve) => {
    execFile(GO, args, { cwd, env: goEnv(), encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

/** Every file of cmd/go's script tests whose base name is `base` (go.mod, go.work). */
export function scriptTestFiles(base: string): { origin: string; content: string }[] {
  const dir = path.join(GOROOT, 'src', 'cmd', 'go', 'testdata', 'script');
  if (!fs.existsSync(dir)) return [];
  const out: { origin: string; content: string }[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.txt')) continue;
    for (const f of readTxtar(fs.readFileSync(path.join(dir, name), 'utf8'))) {
      if (path.posix.basename(f.name) === base) out.push({ origin: `${name}:${f.name}`, content: f.content });
    }
  }
  return out;
}

/** Deterministic small edits of a go.mod/go.work text: inserted tokens and deleted runs. */
export function mutations(text: string, count: number, seed = 42): { text: string; name: string }[] {
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const pieces = [
    '(',
    ')',
    '[',
    ']',
    ',',
    '=>',
    '"',
    '`',
    '//',
    '/*',
    '\n',
    ' ',
    'v1.0.0',
    'v2',
    'x.com/y',
    '\\',
    'é',
    '// indirect',
    'require',
    'retract',
    'use',
    'go',
    '1.2x',
    '\t',
    'v1.2.3-pre',
    '+incompatible',
  ];
  return Array.from({ length: count }, (_, i) => {
    let t = text;
    for (let k = 1 + rand(3); k > 0; k--) {
      const at = rand(t.length);
      t = rand(2)
        ? t.slice(0, at) + pieces[rand(pieces.length)] + t.slice(at)
        : t.slice(0, at) + t.slice(at + 1 + rand(4));
    }
    return { text: t, name: `m${i}` };
  });
}
