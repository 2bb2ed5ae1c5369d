// The files a go-test task writes besides its terminal output: the coverage profile and the JUnit
// report (junit.ts). Both are declared outputs of the target, so a cache hit restores them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitJsonLines } from './batch-parse';
import { junitXml, TestEvent } from './junit';
import type { GoExecutorOptions } from './schema';

/** Removes last run's reports, so a failed run never leaves a stale file behind, and makes their directories. */
export function prepareReports(options: GoExecutorOptions, workspaceRoot: string): void {
  for (const rel of [options.coverProfile, options.junitFile]) {
    if (!rel) continue;
    const file = path.resolve(workspaceRoot, rel);
    fs.rmSync(file, { force: true });
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
}

/** The terminal text of a `go test -json` stream: what go printed, in order (reads like -v). */
export function renderTestStream(stdout: string): { text: string; events: TestEvent[] } {
  const { events, other } = splitJsonLines(stdout);
  let text = '';
  for (const e of events as TestEvent[])
    if (e.Output && (e.Package !== undefined || e.Action === 'build-output')) text += e.Output;
  return { text: text + other, events };
}

export function writeJunit(options: GoExecutorOptions, workspaceRoot: string, events: TestEvent[]): void {
  if (!options.junitFile) return;
  fs.writeFileSync(path.resolve(workspaceRoot, options.junitFile), junitXml(options.importPath, events));
}

export function writeCoverage(options: GoExecutorOptions, workspaceRoot: string, profile: string | undefined): void {
  if (!options.coverProfile || profile === undefined) return;
  fs.writeFileSync(path.resolve(workspaceRoot, options.coverProfile), profile);
}
