import { execFileSync, type spawnSync } from 'node:child_process';
import { logger, readJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from 'nx/src/generators/testing-utils/create-tree-with-empty-workspace';
import { describeWithGo } from '../../test-support/go-oracle';
import { sharedNamedInputs } from '../../nx/inputs';
import { sharedInputsInNxJson } from '../../nx/shared-inputs';
import initGeneratorDefault, { checkGo, initGenerator, isIgnored, type GoChecker } from './init';

const goPresent: GoChecker = () => ({ found: true, version: 'go1.26.0' });
const goMissing: GoChecker = () => ({ found: false, reason: '`go` was not found on PATH' });

describe('init generator', () => {
  let tree: Tree;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    warn.mockRestore();
  });

  const run = (options = {}, checker: GoChecker = goPresent) =>
    initGenerator(tree, { skipFormat: true, ...options }, checker);

  it('is exported both as default and by name', () => {
    expect(initGeneratorDefault).toBe(initGenerator);
  });

  describe('nx.json plugins', () => {
    it('registers nx-gopkg and keeps the rest of nx.json', async () => {
      const before = readJson(tree, 'nx.json');
      await run();
      const after = readJson(tree, 'nx.json');
      expect(after.plugins).toEqual(['nx-gopkg']);
      expect(after.targetDefaults).toEqual(before.targetDefaults);
      expect(after.affected).toEqual(before.affected);
    });

    it('is idempotent', async () => {
      await run();
      const nxJson = tree.read('nx.json', 'utf-8');
      const gitignore = tree.read('.gitignore', 'utf-8');
      await run();
      await run();
      expect(readJson(tree, 'nx.json').plugins).toEqual(['nx-gopkg']);
      expect(tree.read('nx.json', 'utf-8')).toBe(nxJson);
      expect(tree.read('.gitignore', 'utf-8')).toBe(gitignore);
    });

    it('keeps existing plugins, their order and their options', async () => {
      const other = { plugin: '@nx/js/typescript', options: { typecheck: { targetName: 'tc' } }, include: ['libs/**'] };
      writeJson(tree, 'nx.json', { ...readJson(tree, 'nx.json'), plugins: ['@nx/eslint/plugin', other] });
      await run();
      expect(readJson(tree, 'nx.json').plugins).toEqual(['@nx/eslint/plugin', other, 'nx-gopkg']);
    });

    it('leaves nx-gopkg alone when it is registered as a string', async () => {
      writeJson(tree, 'nx.json', { plugins: ['nx-gopkg', '@nx/eslint/plugin'] });
      const before = tree.read('nx.json', 'utf-8');
      await run({ skipSharedInputs: true });
      expect(tree.read('nx.json', 'utf-8')).toBe(before);
    });

    it('leaves nx-gopkg alone when it is registered with options', async () => {
      const registered = { plugin: 'nx-gopkg', options: { buildTargetName: 'build' }, exclude: ['third_party/**'] };
      writeJson(tree, 'nx.json', { plugins: [registered] });
      const before = tree.read('nx.json', 'utf-8');
      await run({ skipSharedInputs: true });
      expect(tree.read('nx.json', 'utf-8')).toBe(before);
      await run();
      expect(readJson(tree, 'nx.json').plugins).toEqual([registered]);
    });
  });

  describe('nx.json shared named inputs', () => {
    it('defines every shared named input exactly as projects would, keeping the others', async () => {
      writeJson(tree, 'nx.json', { namedInputs: { default: ['{projectRoot}/**/*'] } });
      await run();
      const { namedInputs } = readJson(tree, 'nx.json');
      expect(namedInputs).toEqual({ default: ['{projectRoot}/**/*'], ...sharedNamedInputs() });
      expect(sharedInputsInNxJson(namedInputs)).toEqual(Object.keys(sharedNamedInputs()).sort());
    });

    it('keeps a definition of the user under the same name, says so, and shares the rest', async () => {
      writeJson(tree, 'nx.json', { namedInputs: { 'go-sources': ['{projectRoot}/**/*.go'] } });
      await run();
      const { namedInputs } = readJson(tree, 'nx.json');
      expect(namedInputs['go-sources']).toEqual(['{projectRoot}/**/*.go']);
      expect(sharedInputsInNxJson(namedInputs)).toEqual(['go-package', 'go-test-sources', 'go-toolchain']);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('"go-sources" differently'));
    });

    it('does not mistake a similarly named plugin for nx-gopkg', async () => {
      writeJson(tree, 'nx.json', { plugins: ['nx-gopkg-extra', { plugin: '@acme/nx-gopkg' }] });
      await run();
      expect(readJson(tree, 'nx.json').plugins).toEqual(['nx-gopkg-extra', { plugin: '@acme/nx-gopkg' }, 'nx-gopkg']);
    });

    it('creates nx.json when there is none', async () => {
      tree.delete('nx.json');
      await run();
      expect(readJson(tree, 'nx.json').plugins).toEqual(['nx-gopkg']);
    });
  });

  describe('.gitignore', () => {
    it('creates .gitignore with the Go output dir when missing', async () => {
      expect(tree.exists('.gitignore')).toBe(false);
      await run();
      expect(tree.read('.gitignore', 'utf-8')).toBe('# nx-gopkg: Go binaries built by go-build\n/dist/go\n');
    });

    it('appends to an existing .gitignore without touching its lines', async () => {
      tree.write('.gitignore', 'node_modules\n.env');
      await run();
      expect(tree.read('.gitignore', 'utf-8')).toBe(
        'node_modules\n.env\n\n# nx-gopkg: Go binaries built by go-build\n/dist/go\n',
      );
    });

    it.each(['dist', 'dist/', '/dist', '/dist/', 'dist/**', 'dist/go', '/dist/go/', 'dist/go/*'])(
      'does not add anything when %s is already ignored',
      async (line) => {
        const content = `node_modules\n${line}\n`;
        tree.write('.gitignore', content);
        await run();
        expect(tree.read('.gitignore', 'utf-8')).toBe(content);
      },
    );

    it('adds the dir when only an unrelated or commented path is ignored', async () => {
      tree.write('.gitignore', '# dist\ndistribution\nsrc/dist\n');
      await run();
      expect(tree.read('.gitignore', 'utf-8')).toContain('\n/dist/go\n');
    });

    it('treats a later negation as not ignored', () => {
      expect(isIgnored('dist/go\n!dist/go\n', 'dist/go')).toBe(false);
      expect(isIgnored('!dist/go\ndist\n', 'dist/go')).toBe(true);
    });
  });

  describe('Go toolchain check', () => {
    it('warns, without failing, when Go is missing', async () => {
      await expect(run({}, goMissing)).resolves.not.toThrow();
      expect(warn).toHaveBeenCalledTimes(1);
      const message = String(warn.mock.calls[0][0]);
      expect(message).toContain('`go` was not found on PATH');
      expect(message).toContain('graph inference still works; running go-build/go-test needs Go');
      // The workspace is still set up.
      expect(readJson(tree, 'nx.json').plugins).toEqual(['nx-gopkg']);
    });

    it('stays quiet when Go is present', async () => {
      await run({}, goPresent);
      expect(warn).not.toHaveBeenCalled();
    });

    it('does not run the check with skipGoCheck', async () => {
      const checker = jest.fn(goMissing);
      await run({ skipGoCheck: true }, checker);
      expect(checker).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    });

    it('passes the workspace root to the check', async () => {
      const checker = jest.fn(goPresent);
      await run({}, checker);
      expect(checker).toHaveBeenCalledWith(tree.root);
    });
  });

  describe('checkGo', () => {
    type SpawnResult = ReturnType<typeof spawnSync>;
    const fakeSpawn = (result: Partial<SpawnResult>) => {
      const fn = jest.fn(() => ({ pid: 1, output: [], stdout: '', stderr: '', status: 0, signal: null, ...result }));
      return fn as unknown as typeof spawnSync & jest.Mock;
    };

    it('runs `go env GOVERSION` with an argv array and a local toolchain', () => {
      const spawn = fakeSpawn({ stdout: 'go1.26.0\n' });
      expect(checkGo('/ws', spawn)).toEqual({ found: true, version: 'go1.26.0' });
      const [cmd, args, opts] = spawn.mock.calls[0] as unknown as [
        string,
        string[],
        { cwd: string; env: NodeJS.ProcessEnv; shell?: unknown },
      ];
      expect(cmd).toBe('go');
      expect(args).toEqual(['env', 'GOVERSION']);
      expect(opts.cwd).toBe('/ws');
      expect(opts.env.GOTOOLCHAIN).toBe('local');
      expect(opts.shell).toBeUndefined();
    });

    it('reports a missing binary', () => {
      const error = Object.assign(new Error('spawnSync go ENOENT'), { code: 'ENOENT' });
      expect(checkGo('/ws', fakeSpawn({ error, status: null }))).toEqual({
        found: false,
        reason: '`go` was not found on PATH',
      });
    });

    it('reports a failing go command with its stderr', () => {
      const result = checkGo('/ws', fakeSpawn({ status: 1, stderr: 'go: broken GOROOT\n' }));
      expect(result).toEqual({ found: false, reason: '`go env GOVERSION` exited with 1: go: broken GOROOT' });
    });

    describeWithGo('against the real go', () => {
      it('reports the version of the go on PATH', () => {
        const version = execFileSync('go', ['env', 'GOVERSION'], {
          env: { ...process.env, GOTOOLCHAIN: 'local' },
          encoding: 'utf8',
        }).trim();
        expect(checkGo(process.cwd())).toEqual({ found: true, version });
      });

      it('reports go missing when PATH holds no go', () => {
        const path = process.env.PATH;
        process.env.PATH = '/nonexistent-nx-gopkg-dir';
        try {
          expect(checkGo(process.cwd())).toEqual({ found: false, reason: '`go` was not found on PATH' });
        } finally {
          process.env.PATH = path;
        }
      });
    });
  });

  describe('formatting', () => {
    it('runs without error when formatting is requested', async () => {
      await expect(initGenerator(tree, {}, goPresent)).resolves.toBeUndefined();
      expect(readJson(tree, 'nx.json').plugins).toEqual(['nx-gopkg']);
    });
  });

  it('changes only nx.json and .gitignore', async () => {
    const snapshot = () => new Map(tree.listChanges().map((c) => [c.path, c.content?.toString('utf-8')]));
    const before = snapshot();
    await run();
    const after = snapshot();
    const changed = [...after.keys()].filter((p) => before.get(p) !== after.get(p)).sort();
    expect(changed).toEqual(['.gitignore', 'nx.json']);
  });
});
