import { normalizeOptions, scanModeOf } from './options';

describe('normalizeOptions', () => {
  it('fills documented defaults', () => {
    expect(normalizeOptions(undefined)).toEqual({
      buildTargetName: 'go-build',
      testTargetName: 'go-test',
      vetTargetName: 'go-vet',
      runTargetName: 'go-run',
      fmtTargetName: 'go-fmt',
      tidyTargetName: 'go-tidy',
      lintTargetName: 'go-lint',
      generateTargetName: 'go-generate',
      lint: 'auto',
      coverage: false,
      junit: false,
      platforms: [],
      continuousRun: false,
      projectNameScheme: 'importPath',
      include: [],
      exclude: [],
      skipDirs: ['node_modules'],
      tags: [],
      buildContext: undefined,
      outputDir: 'dist/go',
      stamp: false,
      embedTargets: {},
    });
  });

  it('keeps user values, drops empty tags, trims the output dir and ignores an unknown scheme', () => {
    const o = normalizeOptions({
      buildTargetName: 'build',
      projectNameScheme: 'weird' as never,
      tags: ['integration', ''],
      outputDir: 'out/bin/',
      buildContext: { goos: 'linux', goarch: 'arm64' },
    });
    expect(o.buildTargetName).toBe('build');
    expect(o.projectNameScheme).toBe('importPath');
    expect(o.tags).toEqual(['integration']);
    expect(o.outputDir).toBe('out/bin');
    expect(o.buildContext).toEqual({ goos: 'linux', goarch: 'arm64', cgoEnabled: true });
  });

  it('parses platforms, turns targets off with false and keeps lint/coverage/junit switches', () => {
    const o = normalizeOptions({
      platforms: ['linux/arm64', 'windows/amd64', 'linux/arm64', 'bogus', 'darwin/'],
      fmtTargetName: false,
      tidyTargetName: '',
      lint: true,
      coverage: true,
      junit: true,
    });
    expect(o.platforms).toEqual([
      { goos: 'linux', goarch: 'arm64' },
      { goos: 'windows', goarch: 'amd64' },
    ]);
    expect(o.fmtTargetName).toBe(false);
    expect(o.tidyTargetName).toBe('go-tidy');
    expect([o.lint, o.coverage, o.junit]).toEqual([true, true, true]);
    expect(normalizeOptions({ lint: false }).lint).toBe(false);
  });

  it('maps options to the scanner mode', () => {
    expect(scanModeOf(normalizeOptions({ tags: ['x'] }), '1.26', [])).toEqual({
      kind: 'anyPlatform',
      tags: ['x'],
      goVersion: '1.26',
    });
    const mode = scanModeOf(
      normalizeOptions({ buildContext: { goos: 'windows', goarch: 'amd64', cgoEnabled: false } }),
      '1.26',
      ['goamd64.v1'],
    );
    expect(mode).toEqual({
      kind: 'context',
      context: {
        goos: 'windows',
        goarch: 'amd64',
        cgoEnabled: false,
        tags: [],
        toolTags: ['goamd64.v1'],
        goVersion: '1.26',
      },
    });
  });
});
