// go.work interpretation, following golang.org/x/mod/modfile (work.go, WorkFile.add).
import { parseModSyntax } from './modfile-lexer';
import { addGodebug, forEachDirective, parseGoOrToolchain, parseReplace, singleStringArg } from './gomod';
import type { GoWorkFile } from './types';

const WORK_BLOCK_VERBS = new Set(['godebug', 'use', 'replace']);

/** Parses go.work text. `file` is used in problems and stored in the result. Never throws. */
export function parseGoWork(text: string, file: string): GoWorkFile {
  const syntax = parseModSyntax(text, file);
  const work: GoWorkFile = { file, use: [], replace: [], godebug: [], problems: syntax.problems };
  const seen = new Set<string>();
  forEachDirective(syntax.statements, WORK_BLOCK_VERBS, file, work.problems, (d) => {
    switch (d.verb) {
      case 'go':
      case 'toolchain': {
        const v = parseGoOrToolchain(seen, d);
        if (v !== undefined) work[d.verb === 'go' ? 'go' : 'toolchain'] = v;
        return;
      }
      case 'godebug':
        return addGodebug(work.godebug, d);
      case 'use': {
        const dir = singleStringArg(d, 'usage: use local/dir');
        if (dir !== undefined) work.use.push(dir);
        return;
      }
      case 'replace': {
        const r = parseReplace(d);
        if (r) work.replace.push(r);
        return;
      }
      default:
        d.fail(`unknown directive: ${d.verb}`);
    }
  });
  return work;
}
