// Build constraint lines: go/build's parseFileHeader over the leading comments of a file (the
// expressions they hold are parsed by constraint.ts).
import { isGoBuildLine, plusBuildText } from './constraint';
import type { FastHeader } from './fast-header';
import { goTrimSpace } from './go-text';

export interface ConstraintLines {
  goBuild?: string;
  goBuildLine?: number;
  plusBuild: readonly string[];
  multipleGoBuild: boolean;
}

/**
 * In the leading run of `//` comments and blank lines, `//go:build` lines anywhere count;
 * `// +build` lines count only when a blank line follows them (so a package doc comment
 * never carries constraints). Text inside a leading /* comment counts for neither.
 */
function constraintLines(header: string): ConstraintLines {
  const plusBuild: string[] = [];
  const out: ConstraintLines = { plusBuild, multipleGoBuild: false };
  let end = 0;
  let ended = false;
  let inSlashStar = false;
  const candidates: { text: string; at: number }[] = [];
  let at = 0;
  let lineNo = 0;
  while (at < header.length) {
    const nl = header.indexOf('\n', at);
    const raw = nl < 0 ? header.slice(at) : header.slice(at, nl);
    at = nl < 0 ? header.length : nl + 1;
    lineNo++;
    let line = goTrimSpace(raw);
    if (line.length === 0 && !ended) {
      end = at;
      continue;
    }
    if (!line.startsWith('//')) ended = true;
    if (!inSlashStar && isGoBuildLine(line)) {
      if (out.goBuild !== undefined) {
        out.multipleGoBuild = true;
        return out;
      }
      out.goBuild = goTrimSpace(line.slice('//go:build'.length));
      out.goBuildLine = lineNo;
    }
    if (line.startsWith('//') && line.includes('+build')) candidates.push({ text: line, at });
    let stop = false;
    while (line.length > 0) {
      if (inSlashStar) {
        const i = line.indexOf('*/');
        if (i < 0) break;
        inSlashStar = false;
        line = goTrimSpace(line.slice(i + 2));
        continue;
      }
      if (line.startsWith('//')) break;
      if (line.startsWith('/*')) {
        inSlashStar = true;
        line = goTrimSpace(line.slice(2));
        continue;
      }
      stop = true;
      break;
    }
    if (stop) break;
  }
  for (const c of candidates) {
    if (c.at > end) continue;
    const text = plusBuildText(c.text);
    if (text !== undefined) plusBuild.push(text);
  }
  return out;
}

/** No `// +build` lines: one frozen list shared by the headers of most files. */
const NO_PLUS_BUILD: readonly string[] = Object.freeze([]);
const NO_CONSTRAINTS: ConstraintLines = { plusBuild: NO_PLUS_BUILD, multipleGoBuild: false };

/** The constraint lines of b[0, end) as far as fast-header.ts has read them. */
export function fastConstraints(
  b: Buffer,
  fast: Pick<FastHeader, 'constraints' | 'goBuild'>,
  end: number,
): ConstraintLines {
  if (fast.constraints === 'none') return NO_CONSTRAINTS;
  if (fast.constraints === 'goBuild')
    return { goBuild: fast.goBuild, plusBuild: NO_PLUS_BUILD, multipleGoBuild: false };
  return constraintLines(b.toString('utf8', 0, end));
}

/**
 * constraintLines over b[start, end), skipping the decoding when neither directive's bytes
 * occur there (most files): both kinds of line contain them literally.
 */
export function constraintsIn(b: Buffer, start: number, end: number): ConstraintLines {
  // Searched backwards from the end: indexOf would run on through the rest of the buffer.
  const has = (s: string) => end - start >= s.length && b.lastIndexOf(s, end - s.length, 'latin1') >= start;
  if (!has('go:build') && !has('+build')) return NO_CONSTRAINTS;
  return constraintLines(b.toString('utf8', start, end));
}
