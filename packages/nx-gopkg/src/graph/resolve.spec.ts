import { compareVersions, ImportResolver, isStandardPath } from './resolve';
import { goMod, model, module, pkg } from '../test-support/graph-model';

describe('ImportResolver', () => {
  const app = module(
    'app',
    goMod('example.com/app', {
      require: [
        { path: 'example.com/lib', version: 'v0.0.0', indirect: false, line: 3 },
        { path: 'github.com/x/y', version: 'v1.2.0', indirect: false, line: 4 },
      ],
      replace: [
        { old: { path: 'example.com/lib' }, new: { path: '../lib' }, line: 6 },
        { old: { path: 'github.com/x/y' }, new: { path: 'github.com/fork/y', version: 'v1.2.1' }, line: 7 },
      ],
    }),
  );
  const lib = module('lib', goMod('example.com/lib'));
  const other = module('other', goMod('example.com/other'));
  const appMain = pkg('app/cmd/app', 'example.com/app/cmd/app', app);
  const libPkg = pkg('lib/util', 'example.com/lib/util', lib);
  const otherPkg = pkg('other', 'example.com/other', other);
  const resolver = new ImportResolver(model([app, lib, other], [appMain, libPkg, otherPkg]));

  it('resolves own-module, local-replace, std, third-party and unknown imports', () => {
    expect(resolver.resolve(app, 'example.com/app/cmd/app')).toEqual({ kind: 'package', pkg: appMain });
    expect(resolver.resolve(app, 'example.com/lib/util')).toEqual({ kind: 'package', pkg: libPkg });
    expect(resolver.resolve(app, 'net/http')).toEqual({ kind: 'std' });
    expect(resolver.resolve(app, 'C')).toEqual({ kind: 'std' });
    expect(resolver.resolve(app, 'github.com/x/y/z')).toEqual({
      kind: 'module',
      module: {
        path: 'github.com/x/y',
        version: 'v1.2.0',
        replacement: { path: 'github.com/fork/y', version: 'v1.2.1' },
      },
    });
    expect(resolver.resolve(app, 'github.com/unknown/z')).toEqual({ kind: 'unresolved' });
  });

  it('does not see a module that is neither used by go.work nor replaced locally', () => {
    expect(resolver.resolve(app, 'example.com/other')).toEqual({ kind: 'unresolved' });
  });

  it('shares one build list across go.work members (highest version wins)', () => {
    const a = module(
      'a',
      goMod('example.com/a', { require: [{ path: 'golang.org/x/text', version: 'v0.3.0', indirect: false, line: 1 }] }),
      { workFile: 'go.work' },
    );
    const b = module(
      'b',
      goMod('example.com/b', {
        require: [{ path: 'golang.org/x/text', version: 'v0.14.0', indirect: false, line: 1 }],
      }),
      { workFile: 'go.work' },
    );
    const bPkg = pkg('b', 'example.com/b', b);
    const r = new ImportResolver(model([a, b], [bPkg]));
    expect(r.resolve(a, 'example.com/b')).toEqual({ kind: 'package', pkg: bPkg });
    expect(r.resolve(a, 'golang.org/x/text/language')).toMatchObject({
      kind: 'module',
      module: { version: 'v0.14.0' },
    });
  });

  it('resolves vendored imports through vendor/modules.txt', () => {
    const v = module('v', goMod('example.com/v'), {
      vendored: true,
      vendorPackages: new Map([['rsc.io/quote', { module: 'rsc.io/quote', version: 'v1.5.2' }]]),
    });
    const r = new ImportResolver(model([v], []));
    expect(r.resolve(v, 'rsc.io/quote')).toEqual({
      kind: 'module',
      module: { path: 'rsc.io/quote', version: 'v1.5.2' },
    });
  });

  it('lets GOROOT cmd packages resolve std packages of the std module', () => {
    const std = module('.', goMod('std'));
    const cmd = module('cmd', goMod('cmd'));
    const fmt = pkg('fmt', 'fmt', std);
    const r = new ImportResolver(model([std, cmd], [fmt]));
    expect(r.resolve(cmd, 'fmt')).toEqual({ kind: 'package', pkg: fmt });
    expect(r.resolve(cmd, 'os')).toEqual({ kind: 'std' });
  });
});

describe('version and path helpers', () => {
  it('orders semantic versions with prereleases first', () => {
    expect(compareVersions('v1.10.0', 'v1.9.9')).toBeGreaterThan(0);
    expect(compareVersions('v1.0.0-rc.1', 'v1.0.0')).toBeLessThan(0);
    expect(compareVersions('v0.0.0-20240101000000-abcdef', 'v0.0.0-20230101000000-abcdef')).toBeGreaterThan(0);
  });
  it('knows standard-library paths by a dot-less first element', () => {
    expect(isStandardPath('net/http')).toBe(true);
    expect(isStandardPath('github.com/a/b')).toBe(false);
  });
});
