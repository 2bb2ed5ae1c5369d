import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseGoSum } from './gosum';
import { GOROOT, hasGo } from '../test-support/go-oracle';

const SUM = `example.com/a v1.0.0 h1:zipHashA=
example.com/a v1.0.0/go.mod h1:modHashA=

example.com/b v0.1.0/go.mod h1:modHashB=
example.com/c v1.0.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=
garbage line here too
example.com/d v1.0.0 h2:futureHash=
example.com/d v1.0.0 h1:zipHashD=
`;

describe('parseGoSum', () => {
  const { entries, problems } = parseGoSum(SUM, '/w/go.sum');

  it('reads zip and go.mod lines, skipping blanks and the old empty-go.mod hash', () => {
    expect(entries).toEqual([
      { module: 'example.com/a', version: 'v1.0.0', goMod: false, hash: 'h1:zipHashA=' },
      { module: 'example.com/a', version: 'v1.0.0', goMod: true, hash: 'h1:modHashA=' },
      { module: 'example.com/b', version: 'v0.1.0', goMod: true, hash: 'h1:modHashB=' },
      { module: 'example.com/d', version: 'v1.0.0', goMod: false, hash: 'h2:futureHash=' },
      { module: 'example.com/d', version: 'v1.0.0', goMod: false, hash: 'h1:zipHashD=' },
    ]);
  });

  it('reports lines without exactly three fields, with their line numbers', () => {
    expect(problems).toEqual([
      { kind: 'module-file', file: '/w/go.sum', line: 6, message: 'malformed go.sum: wrong number of fields 4' },
    ]);
  });

  (hasGo ? it : it.skip)('reads the go.sum files of GOROOT/src without problems', () => {
    for (const rel of ['go.sum', 'cmd/go.sum']) {
      const file = path.join(GOROOT, 'src', rel);
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parseGoSum(text, file);
      expect(parsed.problems).toEqual([]);
      expect(parsed.entries).toHaveLength(text.split('\n').filter((l) => l.trim()).length);
    }
  });
});
