import { execFileSync } from 'node:child_process';
import { KNOWN_ARCH, KNOWN_OS, PORTS, fileNameConstraint, isUnixOS, matchFileName } from './syslist';
import { goEnv } from './go-env';

describe('file-name suffixes', () => {
  it.each([
    ['x.go', {}],
    ['linux.go', {}], // no prefix before the suffix: not tagged
    ['x_linux.go', { goos: 'linux' }],
    ['x_amd64.go', { goarch: 'amd64' }],
    ['x_linux_amd64.go', { goos: 'linux', goarch: 'amd64' }],
    ['x_linux_test.go', { goos: 'linux' }],
    ['x_windows_arm64_test.go', { goos: 'windows', goarch: 'arm64' }],
    ['x_test.go', {}],
    ['x_amd64_linux.go', { goos: 'linux' }], // only the last two elements count, in order
    ['x_nacl.go', { goos: 'nacl' }], // known past OS
    ['x_linux.s', { goos: 'linux' }],
    ['x_linux.pb.go', { goos: 'linux' }], // before the first dot
    ['x_foo.go', {}],
  ])('%s', (name, want) => {
    expect(fileNameConstraint(name)).toEqual(want);
  });

  it('matches with a tag predicate', () => {
    const linuxAmd64 = (t: string) => t === 'linux' || t === 'amd64';
    expect(matchFileName('a_linux_amd64.go', linuxAmd64)).toBe(true);
    expect(matchFileName('a_linux_arm64.go', linuxAmd64)).toBe(false);
    expect(matchFileName('a_darwin.go', linuxAmd64)).toBe(false);
  });
});

describe('platform lists', () => {
  it('knows every port the toolchain builds, and unix is a subset', () => {
    for (const p of PORTS) {
      expect(KNOWN_OS).toContain(p.goos);
      expect(KNOWN_ARCH).toContain(p.goarch);
    }
    expect(isUnixOS('linux')).toBe(true);
    expect(isUnixOS('windows')).toBe(false);
    expect(isUnixOS('js')).toBe(false);
  });

  it('is up to date with the installed go (rerun tools/gen-syslist.js otherwise)', () => {
    let listed: string[];
    try {
      listed = execFileSync('go', ['tool', 'dist', 'list'], { env: goEnv(), encoding: 'utf8' }).trim().split('\n');
    } catch {
      return; // no go installed: nothing to compare with
    }
    expect(PORTS.map((p) => `${p.goos}/${p.goarch}`).sort()).toEqual(listed.sort());
  });
});
