// Reading Nx's static output: each task's own lines and the failed-task summary.
import { stripAnsi } from './workspace';

/** Task id → the lines Nx printed under its `> nx run` header. */
export function taskOutputs(output: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  for (const line of stripAnsi(output).split('\n')) {
    const m = /^\s*>\s+nx run (\S+?)(?:\s+.*)?$/.exec(line);
    if (m) {
      current = m[1];
      out.set(current, '');
      continue;
    }
    if (/^\s*(NX|—|-{5,})/.test(line) || /Running \d+ tasks? with/.test(line)) {
      current = undefined;
      continue;
    }
    if (current) out.set(current, out.get(current)! + line + '\n');
  }
  return out;
}

/** Tasks Nx lists as failed in its summary, sorted. */
export function failedTasks(output: string): string[] {
  const text = stripAnsi(output);
  const at = text.lastIndexOf('Failed tasks:');
  if (at < 0) return [];
  const failed: string[] = [];
  for (const line of text.slice(at).split('\n').slice(1)) {
    const m = /^\s*-\s+(\S+:\S+)/.exec(line);
    if (m) failed.push(m[1]);
    else if (failed.length && line.trim() === '') break;
  }
  return failed.sort();
}
