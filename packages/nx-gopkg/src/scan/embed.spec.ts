import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { globToRegExp, isBadEmbedName, resolveEmbeds } from './embed';

describe('globToRegExp (path.Match)', () => {
  it.each([
    ['*.txt', 'a.txt', true],
    ['*.txt', '.hidden.txt', true], // globs do match dot files
    ['a?c', 'abc', true],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[!a]x', '!x', true], // '!' is not negation in Go
    ['\\*', '*', true],
    ['[b-a]', 'a', false], // inverted range matches nothing
  ])('%s ~ %s is %s', (glob, name, want) => {
    expect(globToRegExp(glob)!.test(name)).toBe(want);
  });

  it.each(['[', '[]a]', '[-a]', 'a\\', '[a-'])('rejects %j', (glob) => {
    expect(globToRegExp(glob)).toBeUndefined();
  });
});

describe('isBadEmbedName', () => {
  it.each([
    ['.git', true],
    ['ok.txt', false],
    ['con.txt', true],
    ['a:b', true],
    ['trailing.', true],
    ['é.txt', false],
    ['a*b', true],
  ])('%s is %s', (name, want) => {
    expect(isBadEmbedName(name)).toBe(want);
  });
});

describe('resolveEmbeds', () => {
  let dir: string;
  const write = (rel: string, content = 'x') => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-embed-'));
    for (const f of [
      'a.txt',
      'b.txt',
      '.h.txt',
      'd/x.txt',
      'd/.dot',
      'd/_u',
      'd/sub/y.txt',
      'd/mod/go.mod',
      'd/mod/z.txt',
      'd/.git/config',
      'empty/.only',
    ])
      write(f);
    fs.mkdirSync(path.join(dir, 'real'));
    write('real/r.txt');
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'd', 'link'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('expands globs and directories, skipping hidden names, nested modules and symlinks', () => {
    const r = resolveEmbeds(dir, ['*.txt', 'd']);
    expect(r.problems).toEqual([]);
    expect(r.files).toEqual(['.h.txt', 'a.txt', 'b.txt', 'd/sub/y.txt', 'd/x.txt']);
    expect(r.byPattern['d']).toEqual(['d/sub/y.txt', 'd/x.txt']);
  });

  it('all: keeps . and _ files (but never VCS dirs)', () => {
    expect(resolveEmbeds(dir, ['all:d']).files).toEqual(['d/.dot', 'd/_u', 'd/sub/y.txt', 'd/x.txt']);
  });

  it.each([
    [['missing.txt'], 'pattern missing.txt: no matching files found'],
    [['../a.txt'], 'pattern ../a.txt: invalid pattern syntax'],
    [['.'], 'pattern .: invalid pattern syntax'],
    [['['], 'pattern [: invalid pattern syntax'],
    [['empty'], 'pattern empty: cannot embed directory empty: contains no embeddable files'],
    [['d/mod/z.txt'], 'pattern d/mod/z.txt: cannot embed file d/mod/z.txt: in different module'],
    [['d/link'], 'pattern d/link: cannot embed irregular file d/link'],
  ])('%j is a problem: %s', (patterns, message) => {
    const r = resolveEmbeds(dir, [...patterns, 'a.txt']);
    expect(r.problems.map((p) => p.message)).toEqual([message]);
    expect(r.files).toEqual([]); // like go list: no files once a pattern fails
  });
});
