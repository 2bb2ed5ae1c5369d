import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseGoWork } from './gowork';
import { describeWithGo, mutations, runGoAsync, scriptTestFiles } from '../test-support/go-oracle';
import { mapLimit } from '../test-support/map-limit';
import { tempDir } from '../test-support/temp-dir';
import type { GoWorkFile } from './types';

const RICH = `go 1.24

toolchain go1.24.2

godebug default=go1.21

use ./a
use (
	b // no ./ needed
	"./c d"
	/abs/e
)

replace example.com/x => ./x
replace (
	example.com/y v1.0.0 => example.com/z v1.1.0
)
`;

describe('parseGoWork', () => {
  it('reads go, toolchain, godebug, use and replace', () => {
    expect(parseGoWork(RICH, '/w/go.work')).toEqual({
      file: '/w/go.work',
      go: '1.24',
      toolchain: 'go1.24.2',
      godebug: [{ key: 'default', value: 'go1.21' }],
      use: ['./a', 'b', './c d', '/abs/e'],
      replace: [
        { old: { path: 'example.com/x' }, new: { path: './x' }, line: 14 },
        {
          old: { path: 'example.com/y', version: 'v1.0.0' },
          new: { path: 'example.com/z', version: 'v1.1.0' },
          line: 16,
        },
      ],
      problems: [],
    });
  });

  it('rejects go.mod-only directives and bad use lines', () => {
    const work = parseGoWork('go 1.22\nmodule x\nrequire a.com/b v1.0.0\nuse a b\ntool (\n)\n', '/w/go.work');
    expect(work.problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'unknown directive: module'],
      [3, 'unknown directive: require'],
      [4, 'usage: use local/dir'],
      [5, 'unknown block type: tool'],
    ]);
  });
});

/** Our GoWorkFile in the shape of `go work edit -json` (which prints only Go, Use, Replace). */
function toEditJson(work: GoWorkFile): unknown {
  const mv = (m: { path: string; version?: string }) => ({
    Path: m.path,
    ...(m.version ? { Version: m.version } : {}),
  });
  return {
    ...(work.go ? { Go: work.go } : {}),
    Use: work.use.length ? work.use.map((u) => ({ DiskPath: u })) : null,
    Replace: work.replace.length ? work.replace.map((r) => ({ Old: mv(r.old), New: mv(r.new) })) : null,
  };
}

describeWithGo('parseGoWork against `go work edit -json`', () => {
  async function compare(text: string, dir: string, name: string): Promise<string | undefined> {
    const file = path.join(dir, `${name}.work`);
    fs.writeFileSync(file, text);
    const go = await runGoAsync(['work', 'edit', '-json', file], dir);
    const ours = parseGoWork(text, file);
    if (go.status !== 0) return ours.problems.length ? undefined : `${name}: go rejects it, we do not:\n${go.stderr}`;
    if (ours.problems.length) return `${name}: go accepts it, we report ${JSON.stringify(ours.problems)}`;
    const want = JSON.parse(go.stdout);
    // go prints ModPath from "// module" comments on use lines; we do not keep those.
    for (const u of want.Use ?? []) delete u.ModPath;
    const got = toEditJson(ours);
    return JSON.stringify(got) === JSON.stringify(want)
      ? undefined
      : `${name}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`;
  }

  it('matches on a rich go.work, its random mutations and every go.work in cmd/go script tests', async () => {
    const mutants = mutations(RICH, process.env.NX_GOPKG_ORACLE_FULL ? 500 : 40).map((m) => ({
      origin: m.name,
      content: m.text,
    }));
    const files = [{ origin: 'rich', content: RICH }, ...scriptTestFiles('go.work'), ...mutants];
    expect(files.length).toBeGreaterThan(50);
    const dir = tempDir('gowork');
    const failures = await mapLimit(files, 4, (f) => compare(f.content, dir, f.origin.replace(/\W/g, '_')));
    expect(failures.filter(Boolean)).toEqual([]);
  });
});
