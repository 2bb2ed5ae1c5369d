import { withProjectDefaults } from './project-options';

describe('withProjectDefaults', () => {
  const project = {
    root: 'svc/api',
    metadata: { go: { importPath: 'example.com/svc/api', module: 'example.com/svc', moduleRoot: 'svc' } },
  };

  test("an inferred target's options take the import path, module root and directory from the project", () => {
    expect(withProjectDefaults({ command: 'vet', args: ['-v'] }, project)).toEqual({
      options: {
        command: 'vet',
        args: ['-v'],
        importPath: 'example.com/svc/api',
        moduleRoot: 'svc',
        packageDir: 'svc/api',
      },
    });
  });

  test('options written in the target win over the project', () => {
    const written = {
      command: 'build' as const,
      importPath: 'example.com/other',
      moduleRoot: 'other',
      packageDir: 'o',
    };
    expect(withProjectDefaults(written, project)).toEqual({ options: written });
    expect(withProjectDefaults(written, undefined)).toEqual({ options: written });
  });

  test("a module project (module-level targets only) stands for its module's path", () => {
    const moduleProject = { root: 'app', metadata: { go: { module: 'example.com/app', moduleRoot: 'app' } } };
    expect(withProjectDefaults({ command: 'tidy' }, moduleProject)).toEqual({
      options: { command: 'tidy', importPath: 'example.com/app', moduleRoot: 'app', packageDir: 'app' },
    });
  });

  test('a hand-written target on a project without Go metadata must name the package', () => {
    const r = withProjectDefaults({ command: 'build' }, { root: 'tools' });
    expect('error' in r && r.error).toMatch(/needs importPath and moduleRoot/);
  });
});
