import * as path from 'node:path';
import { goInvocation, splitArgs } from './go-command';

describe('goInvocation', () => {
  const base = { importPath: 'example.com/app/cmd/srv', moduleRoot: 'services/app' };

  it('builds a command to its per-project output path, trimmed, from the module root', () => {
    const inv = goInvocation(
      { ...base, command: 'build', outputPath: 'dist/go/services/app/cmd/srv', binaryName: 'srv', tags: ['a', 'b'] },
      '/ws',
      'linux',
    );
    expect(inv).toEqual({
      cwd: '/ws/services/app',
      argv: [
        'build',
        '-trimpath',
        '-buildvcs=false',
        '-tags',
        'a,b',
        '-o',
        '/ws/dist/go/services/app/cmd/srv/srv',
        'example.com/app/cmd/srv',
      ],
    });
    expect(
      goInvocation({ ...base, command: 'build', outputPath: 'out', binaryName: 'srv' }, '/ws', 'windows').argv,
    ).toContain('/ws/out/srv.exe');
  });

  it('turns VCS stamping off for builds unless asked to stamp, and a later -buildvcs in args still wins', () => {
    expect(goInvocation({ ...base, command: 'build' }, '/ws', 'linux').argv).toEqual([
      'build',
      '-trimpath',
      '-buildvcs=false',
      base.importPath,
    ]);
    expect(goInvocation({ ...base, command: 'build', stamp: true }, '/ws', 'linux').argv).toEqual([
      'build',
      '-trimpath',
      '-buildvcs=auto',
      base.importPath,
    ]);
    expect(goInvocation({ ...base, command: 'build', args: '-buildvcs=true' }, '/ws', 'linux').argv).toEqual([
      'build',
      '-trimpath',
      '-buildvcs=false',
      '-buildvcs=true',
      base.importPath,
    ]);
    expect(goInvocation({ ...base, command: 'test' }, '/ws', 'linux').argv).toEqual(['test', base.importPath]);
  });

  it('passes test flags before the package and program arguments after it', () => {
    expect(goInvocation({ ...base, command: 'test', args: '-run=TestX  -v' }, '/ws', 'linux').argv).toEqual([
      'test',
      '-run=TestX',
      '-v',
      base.importPath,
    ]);
    expect(goInvocation({ ...base, command: 'run', args: ['--port', '8080'] }, '/ws', 'linux').argv).toEqual([
      'run',
      base.importPath,
      '--port',
      '8080',
    ]);
    expect(goInvocation({ ...base, command: 'vet' }, '/ws', 'linux').argv).toEqual(['vet', base.importPath]);
  });

  it('builds for a platform configuration with GOOS/GOARCH set, .exe for windows', () => {
    const inv = goInvocation(
      {
        ...base,
        command: 'build',
        outputPath: 'dist/go/windows_amd64/srv',
        binaryName: 'srv',
        goos: 'windows',
        goarch: 'amd64',
      },
      '/ws',
      'linux',
    );
    expect(inv.env).toEqual({ GOOS: 'windows', GOARCH: 'amd64' });
    expect(inv.argv).toContain('/ws/dist/go/windows_amd64/srv/srv.exe');
    expect(goInvocation({ ...base, command: 'build' }, '/ws', 'linux').env).toBeUndefined();
  });

  it('writes coverage and switches to -json for JUnit; tidy checks with -diff unless fixing', () => {
    expect(
      goInvocation({ ...base, command: 'test', coverProfile: 'dist/c.out', junitFile: 'dist/j.xml' }, '/ws', 'linux')
        .argv,
    ).toEqual(['test', '-json', '-coverprofile=/ws/dist/c.out', base.importPath]);
    expect(goInvocation({ ...base, command: 'tidy' }, '/ws', 'linux').argv).toEqual(['mod', 'tidy', '-diff']);
    expect(goInvocation({ ...base, command: 'tidy', fix: true }, '/ws', 'linux').argv).toEqual(['mod', 'tidy']);
  });

  it("generate runs the module's packages from its root, with build tags and extra flags before the pattern", () => {
    const inv = goInvocation(
      { ...base, command: 'generate', tags: ['integration'], args: ['-run', 'stringer'] },
      '/ws',
      'linux',
    );
    expect(inv.argv).toEqual(['generate', '-tags', 'integration', '-run', 'stringer', './...']);
    expect(inv.cwd).toBe(path.resolve('/ws', base.moduleRoot));
  });

  it('never interprets shell syntax: a $() argument stays one literal argv entry', () => {
    expect(splitArgs(['$(touch pwned)'])).toEqual(['$(touch pwned)']);
  });
});
