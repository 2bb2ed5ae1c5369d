// Asks the installed go command for the facts of one platform (kept apart from the pure
// scanner: this runs a process). Throws when go is missing or fails; callers decide.
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import type { BuildContext } from './types';

/** Environment for running go predictably: no user GOFLAGS, no toolchain switching. */
export function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', ...extra };
}

/** The BuildContext `go list` uses for GOOS/GOARCH/CGO_ENABLED (tool and release tags from go). */
export function contextFromGo(goos: string, goarch: string, cgo: boolean, goBin = 'go'): BuildContext {
  const out = execFileSync(
    goBin,
    ['list', '-e', '-f', '{{join context.ToolTags ","}};{{join context.ReleaseTags ","}}', 'unsafe'],
    {
      cwd: os.tmpdir(),
      env: goEnv({ GOOS: goos, GOARCH: goarch, CGO_ENABLED: cgo ? '1' : '0', GOWORK: 'off' }),
      encoding: 'utf8',
    },
  ).trim();
  const [tools, releases] = out.split(';');
  const release = releases.split(',').filter(Boolean);
  const last = release[release.length - 1] ?? 'go1.0';
  return {
    goos,
    goarch,
    cgoEnabled: cgo,
    tags: [],
    toolTags: tools.split(',').filter(Boolean),
    goVersion: last.replace(/^go/, ''),
  };
}
