import { goMod, model, module, pkg } from '../test-support/graph-model';
import { fileNameConstraint } from '../scan/syslist';
import { normalizeOptions } from './options';
import { projectConfiguration } from './targets';

const imports = { packages: [], modules: [], testPackages: [], testModules: [] };

function configOf(goFiles: string[]) {
  const mod = module('.', goMod('example.com/m'));
  const p = pkg('lib', 'example.com/m/lib', mod, { goFiles });
  return projectConfiguration(p, 'lib', model([mod], [p]), imports, new Map(), normalizeOptions({}));
}

describe('metadata.go.platformFiles', () => {
  it("lists the files whose name has go/build's _GOOS, _GOARCH or _GOOS_GOARCH suffix, and only those", () => {
    const goFiles = [
      'a.go',
      'linux.go',
      'a_linux.go',
      'b_linux_amd64.go',
      'c_arm64.go',
      'd_mock.go',
      'e_test_helper.go',
      'f_windows.pb.go',
      'g_foo_linux.go',
      'h_linux_foo.go',
    ];
    const platformFiles = ['a_linux.go', 'b_linux_amd64.go', 'c_arm64.go', 'f_windows.pb.go', 'g_foo_linux.go'];
    expect(goFiles.filter((f) => Object.keys(fileNameConstraint(f)).length > 0)).toEqual(platformFiles);
    expect(configOf(goFiles).metadata!.go.platformFiles).toEqual(platformFiles);
  });

  it('is left out when no file is platform-specific', () => {
    expect(configOf(['a.go', 'b_mock.go']).metadata!.go.platformFiles).toBeUndefined();
  });
});

describe('target options and outputs', () => {
  const mod = module('.', goMod('example.com/m'));
  const p = pkg('lib', 'example.com/m/lib', mod, { goFiles: ['a.go'], testGoFiles: ['a_test.go'] });
  const config = (raw = {}) =>
    projectConfiguration(p, 'lib', model([mod], [p]), imports, new Map(), normalizeOptions(raw));

  it('a library build named `build` keeps its empty outputs (Nx would fall back to dist/<root>, <root>/build, ...)', () => {
    const t = config({ buildTargetName: 'build' }).targets!.build;
    expect(t.outputs).toEqual([]);
    expect(config().targets!['go-test'].outputs).toEqual([]);
  });

  it('options hold the command and what plugin options add; the project holds the package', () => {
    const c = config({ tags: ['integration'] });
    expect(c.targets!['go-build'].options).toEqual({ command: 'build', tags: ['integration'] });
    expect(c.targets!['go-fmt'].options).toEqual({ command: 'fmt' });
    expect(c.metadata!.go).toMatchObject({ importPath: 'example.com/m/lib', moduleRoot: '.' });
  });
});

describe('module-level targets', () => {
  const mod = module('.', goMod('example.com/m'));
  const root = pkg('.', 'example.com/m', mod, { goFiles: ['m.go'] });
  const config = (raw = {}) =>
    projectConfiguration(
      root,
      'm',
      model([mod], [root]),
      imports,
      new Map(),
      normalizeOptions(raw),
      {},
      {
        holdsModule: true,
      },
    );

  it("the module's root package holds go-tidy (cached) and go-generate (never cached)", () => {
    const t = config({ tags: ['integration'] }).targets!;
    expect(t['go-tidy'].cache).toBe(true);
    expect(t['go-generate']).toMatchObject({
      executor: 'nx-gopkg:go',
      options: { command: 'generate', tags: ['integration'] },
      cache: false,
    });
    expect(t['go-generate'].metadata?.help?.command).toBe('go help generate');
  });

  it('each is turned off by its option alone', () => {
    expect(Object.keys(config({ generateTargetName: false }).targets!)).toContain('go-tidy');
    expect(Object.keys(config({ generateTargetName: false }).targets!)).not.toContain('go-generate');
    expect(Object.keys(config({ tidyTargetName: false }).targets!)).toContain('go-generate');
    expect(Object.keys(config({ tidyTargetName: false }).targets!)).not.toContain('go-tidy');
  });
});
