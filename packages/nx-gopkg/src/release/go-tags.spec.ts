import { allowedMajors, compareVersions, latestVersion, majorVersionProblem, tagPrefix } from './go-tags';

describe('tagPrefix', () => {
  it.each([
    ['example.com/repo', '.', ''],
    ['example.com/repo/sub/dir', 'sub/dir', 'sub/dir/'],
    ['example.com/repo/v2', '.', ''],
    ['example.com/repo/v2', 'v2', ''],
    ['example.com/repo/sub/v2', 'sub/v2', 'sub/'],
    ['example.com/repo/sub/v2', 'sub', 'sub/'],
    ['example.com/repo/sub/v2', 'other/v3', 'other/v3/'],
    ['gopkg.in/yaml.v3', '.', ''],
  ])('module %s in %s is tagged %svX.Y.Z', (mod, dir, prefix) => {
    expect(tagPrefix(mod, dir)).toBe(prefix);
  });
});

describe('latestVersion', () => {
  const tags = [
    'v1.9.0',
    'v1.10.0',
    'v1.10.1-rc.1',
    'v2.0.0',
    'v1.11',
    'v1.12.0+meta',
    'sub/v0.9.0',
    'sub/v3.0.0',
    'x/v1.0.0',
  ];
  it('takes the newest canonical version of the module, numbers compared as numbers', () => {
    expect(latestVersion(tags, '', 'example.com/repo')).toEqual({ version: '1.10.1-rc.1', tag: 'v1.10.1-rc.1' });
    expect(latestVersion(tags, 'sub/', 'example.com/repo/sub')).toEqual({ version: '0.9.0', tag: 'sub/v0.9.0' });
  });
  it('takes only the major a /vN path allows', () => {
    expect(latestVersion(tags, '', 'example.com/repo/v2')).toEqual({ version: '2.0.0', tag: 'v2.0.0' });
    expect(latestVersion(tags, 'sub/', 'example.com/repo/sub/v2')).toBeUndefined();
  });
});

describe('compareVersions', () => {
  it('follows semver precedence', () => {
    const sorted = [
      '1.0.0',
      '1.0.0-rc.1',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '0.9.9',
      '1.0.1',
    ];
    sorted.sort(compareVersions);
    expect(sorted).toEqual([
      '0.9.9',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
    ]);
  });
});

describe('majorVersionProblem', () => {
  it('allows v0 and v1 without a suffix, and vN with /vN or .vN', () => {
    expect(allowedMajors('example.com/a')).toEqual([0, 1]);
    expect(allowedMajors('example.com/a/v3')).toEqual([3]);
    expect(allowedMajors('gopkg.in/yaml.v2')).toEqual([2]);
    expect(majorVersionProblem('example.com/a', 'a/go.mod', '1.4.0')).toBeUndefined();
    expect(majorVersionProblem('example.com/a/v3', 'a/go.mod', '3.0.1')).toBeUndefined();
  });
  it('refuses v2+ without the suffix and says what to change', () => {
    const why = majorVersionProblem('example.com/a', 'libs/a/go.mod', '2.0.0');
    expect(why).toContain('module example.com/a cannot be released as v2.0.0');
    expect(why).toContain('"module example.com/a/v2"');
    expect(why).toContain('libs/a/go.mod');
    expect(majorVersionProblem('example.com/a/v2', 'go.mod', '3.0.0')).toContain('"module example.com/a/v3"');
    expect(majorVersionProblem('gopkg.in/yaml.v2', 'go.mod', '3.0.0')).toContain('"module gopkg.in/yaml.v3"');
  });
  it('refuses a lower major than a /vN path carries', () => {
    expect(majorVersionProblem('example.com/a/v2', 'go.mod', '1.0.0')).toMatch(/major version 2.*2\.0\.0/);
  });
});
