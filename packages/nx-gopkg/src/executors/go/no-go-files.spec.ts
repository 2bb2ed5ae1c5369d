// excludedByContext against what real go prints for a package whose files the context excludes,
// and for the failures that must stay failures (an importer of such a package, a compile error).
import { describeWithGo, runGo } from '../../test-support/go-oracle';
import { tempDir, writeTree } from '../../test-support/temp-dir';
import * as path from 'node:path';
import { attributeBuild, attributeTest, attributeVet } from './batch-parse';
import { excludedByContext, takeExcludedLine } from './no-go-files';

describeWithGo('excludedByContext against go', () => {
  let dir: string;
  const m = 'example.com/nf';
  beforeAll(() => {
    dir = tempDir('nogofiles');
    writeTree(dir, {
      'go.mod': 'module example.com/nf\n\ngo 1.24\n',
      'tools/tools.go': '//go:build tools\n\npackage tools\n\nimport _ "example.com/nf/lib"\n',
      'lib/lib.go': 'package lib\n\nfunc F() int { return 1 }\n',
      'lib/gen.go': '//go:build none\n\npackage main\n\nfunc main() {}\n',
      'uses/uses.go': 'package uses\n\nimport _ "example.com/nf/tools"\n',
      'broken/broken.go': 'package broken\n\nfunc F() int { return "x" }\n',
    });
  });
  const combined = (args: string[]) => {
    const r = runGo(args, dir);
    return { status: r.status, out: r.stdout + r.stderr };
  };

  it.each([['build'], ['vet'], ['test']])('go %s of the excluded package: a note, naming its directory', (cmd) => {
    const r = combined([cmd, `${m}/tools`]);
    expect(r.status).not.toBe(0);
    const note = excludedByContext(`${m}/tools`, r.out);
    expect(note).toContain(`${m}/tools: nothing to do, build constraints exclude all Go files in ${dir}/tools`);
  });

  it.each([['build'], ['vet'], ['test']])(
    'batched go %s -json: the output attributed to the package explains it',
    (cmd) => {
      const pkgs = [`${m}/tools`, `${m}/lib`];
      const r = runGo([cmd, '-json', ...pkgs], dir);
      const a =
        cmd === 'build'
          ? attributeBuild(r.stdout, r.stderr, r.status, pkgs)
          : cmd === 'test'
            ? attributeTest(r.stdout, r.stderr, r.status, pkgs)
            : attributeVet(r.stdout, r.stderr, r.status, pkgs, dir, path.relative);
      const own = a.results.get(`${m}/tools`)!;
      const [line] = takeExcludedLine(a.general, `${m}/tools`);
      expect(excludedByContext(`${m}/tools`, own.output + line)).toBeDefined();
    },
  );

  it.each([['build'], ['vet'], ['test']])('go %s of an importer of the excluded package still fails', (cmd) => {
    const r = combined([cmd, `${m}/uses`]);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('build constraints exclude all Go files');
    expect(excludedByContext(`${m}/uses`, r.out)).toBeUndefined();
    expect(excludedByContext(`${m}/tools`, r.out)).toBeUndefined();
  });

  it('a compile error is not explained away, nor is another package of the same prefix', () => {
    expect(excludedByContext(`${m}/broken`, combined(['build', `${m}/broken`]).out)).toBeUndefined();
    expect(excludedByContext(`${m}/tool`, combined(['build', `${m}/tools`]).out)).toBeUndefined();
  });

  it('a package go builds after all (lib beside a //go:build none main) succeeds', () => {
    expect(combined(['build', `${m}/lib`]).status).toBe(0);
  });
});
