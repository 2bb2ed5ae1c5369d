import type { BuildContext, GoFileHeader } from './types';
import type { CommentHeader } from './header-reader';
import { classifyFile, contextTagMatcher, otherFileList, releaseTags, tagEvaluator } from './match-file';

const ctx = (over: Partial<BuildContext> = {}): BuildContext => ({
  goos: 'linux',
  goarch: 'amd64',
  cgoEnabled: true,
  tags: [],
  toolTags: ['amd64.v1'],
  goVersion: '1.26',
  ...over,
});

const header = (over: Partial<GoFileHeader> = {}): GoFileHeader => ({
  packageName: 'p',
  packageLine: 1,
  plusBuild: [],
  imports: [],
  importsC: false,
  importsEmbed: false,
  embeds: [],
  problems: [],
  ...over,
});

const readers = (h: Partial<GoFileHeader> = {}, c: Partial<CommentHeader> = {}) => ({
  goHeader: () => header(h),
  commentHeader: (): CommentHeader => ({ plusBuild: [], multipleGoBuild: false, readError: false, problems: [], ...c }),
});

describe('tags of a context', () => {
  it('include GOOS, GOARCH, unix, gc, cgo, tool, release and extra tags', () => {
    const m = contextTagMatcher(ctx({ tags: ['integration'] }));
    for (const t of ['linux', 'amd64', 'unix', 'gc', 'cgo', 'amd64.v1', 'go1.1', 'go1.26', 'integration'])
      expect(m(t)).toBe(true);
    for (const t of ['windows', 'go1.27', 'gccgo', 'ignore']) expect(m(t)).toBe(false);
  });

  it('android implies linux, ios darwin, illumos solaris', () => {
    expect(contextTagMatcher(ctx({ goos: 'android' }))('linux')).toBe(true);
    expect(contextTagMatcher(ctx({ goos: 'ios' }))('darwin')).toBe(true);
    expect(contextTagMatcher(ctx({ goos: 'illumos' }))('solaris')).toBe(true);
    expect(contextTagMatcher(ctx({ goos: 'js', goarch: 'wasm' }))('unix')).toBe(false);
  });

  it('release tags', () => {
    expect(releaseTags('1.3')).toEqual(['go1.1', 'go1.2', 'go1.3']);
    expect(releaseTags('go1.2.5')).toEqual(['go1.1', 'go1.2']);
  });
});

describe('classifyFile', () => {
  const linux = tagEvaluator({ kind: 'context', context: ctx() });
  const any = tagEvaluator({ kind: 'anyPlatform' });

  it('skips _ and . files and unknown extensions silently', () => {
    for (const n of ['_x.go', '.x.go', 'README.md', 'x.txt'])
      expect(classifyFile(n, linux, readers()).kind).toBe('skip');
  });

  it('applies file-name suffixes, except in anyPlatform', () => {
    expect(classifyFile('x_windows.go', linux, readers())).toEqual({ kind: 'ignored', list: 'ignoredGoFiles' });
    expect(classifyFile('x_windows.go', any, readers()).kind).toBe('go');
    expect(classifyFile('x_windows.s', linux, readers())).toEqual({ kind: 'ignored', list: 'ignoredOtherFiles' });
  });

  it('applies constraints; //go:build wins over +build', () => {
    expect(classifyFile('x.go', linux, readers({ goBuild: 'windows', plusBuild: ['linux'] })).kind).toBe('ignored');
    expect(classifyFile('x.go', linux, readers({ plusBuild: ['windows linux'] })).kind).toBe('go');
    expect(classifyFile('x.go', linux, readers({ plusBuild: ['windows', 'linux'] })).kind).toBe('ignored');
    expect(classifyFile('x.go', any, readers({ goBuild: '!linux && linux' })).kind).toBe('go');
    expect(classifyFile('x.go', any, readers({ goBuild: 'ignore' })).kind).toBe('ignored');
  });

  it('unreadable files are invalid, even where their name excludes them', () => {
    expect(classifyFile('x.go', linux, readers({ multipleGoBuild: true })).kind).toBe('invalid');
    expect(classifyFile('x_windows.go', linux, readers({ readError: true })).kind).toBe('invalid');
  });

  it('files with syntax errors are invalid and still classified', () => {
    const problems = [{ kind: 'syntax' as const, file: 'x_windows.go', message: 'expected' }];
    expect(classifyFile('x_windows.go', linux, readers({ parseError: true, problems }))).toEqual({
      kind: 'ignored',
      list: 'ignoredGoFiles',
      invalid: problems,
    });
  });

  it('a bad //go:build line stops go list; go mod tidy just skips the file', () => {
    expect(classifyFile('x.go', linux, readers({ goBuild: 'linux &&' })).kind).toBe('abort');
    expect(classifyFile('x_windows.go', linux, readers({ goBuild: 'linux &&' })).kind).toBe('ignored'); // name first
    expect(classifyFile('x.go', any, readers({ goBuild: 'linux &&' }))).toMatchObject({
      kind: 'ignored',
      invalid: [{ kind: 'build-constraint', message: 'parsing //go:build line: unexpected end of expression' }],
    });
  });

  it('sorts non-Go sources by extension; .syso is never read', () => {
    expect(otherFileList('a.cpp')).toBe('cxxFiles');
    expect(otherFileList('a.F')).toBe('fFiles');
    expect(otherFileList('a.hpp')).toBe('hFiles');
    expect(classifyFile('a.c', linux, readers({}, { goBuild: 'windows' }))).toEqual({
      kind: 'ignored',
      list: 'ignoredOtherFiles',
    });
    expect(classifyFile('a.c', linux, readers({}, { goBuild: 'windows', readError: true }))).toEqual({
      kind: 'other',
      list: 'cFiles',
    });
    const boom = {
      goHeader: () => header(),
      commentHeader: (): CommentHeader => {
        throw new Error('read');
      },
    };
    expect(classifyFile('a.syso', linux, boom)).toEqual({ kind: 'other', list: 'sysoFiles' });
  });
});
