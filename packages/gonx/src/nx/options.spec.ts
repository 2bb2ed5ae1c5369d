import { normalizeOptions, scanModeOf } from './options';

describe('normalizeOptions', () => {
  it('fills documented defaults', () => {
    expect(normalizeOptions(undefined)).toEqual({
      buildTargetName: 'go-build',
      testTargetName: 'go-test',
      vetTargetName: 'go-vet',
      runTargetName: 'go-run',
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

  it('maps options to the scanner mode', () => {
    expect(scanModeOf(normalizeOptions({ tags: ['x'] }), '1.26', [])).toEqual({ kind: 'anyPlatform', tags: ['x'], goVersion: '1.26' });
    const mode = scanModeOf(normalizeOptions({ buildContext: { goos: 'windows', goarch: 'amd64', cgoEnabled: false } }), '1.26', ['goamd64.v1']);
    expect(mode).toEqual({
      kind: 'context',
      context: { goos: 'windows', goarch: 'amd64', cgoEnabled: false, tags: [], toolTags: ['goamd64.v1'], goVersion: '1.26' },
    });
  });
});
