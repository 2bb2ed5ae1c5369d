import { projectNames } from './names';
import { goMod, module, pkg } from '../test-support/graph-model';

describe('projectNames', () => {
  const a = module('a', goMod('example.com/m'));
  const b = module('b', goMod('example.com/m'));
  const pa = pkg('a/util', 'example.com/m/util', a);
  const pb = pkg('b/util', 'example.com/m/util', b);
  const pc = pkg('a/cmd/x', 'example.com/m/cmd/x', a);

  it('names packages by import path by default', () => {
    const { names, problems } = projectNames([pc], 'importPath', '/ws');
    expect(names.get(pc)).toBe('example.com/m/cmd/x');
    expect(problems).toEqual([]);
  });

  it('names packages by directory with the path scheme', () => {
    expect(projectNames([pc], 'path', '/ws').names.get(pc)).toBe('a/cmd/x');
  });

  it('reports a collision with both paths and falls back to directories for each', () => {
    const { names, problems } = projectNames([pa, pb, pc], 'importPath', '/ws');
    expect(names.get(pa)).toBe('a/util');
    expect(names.get(pb)).toBe('b/util');
    expect(names.get(pc)).toBe('example.com/m/cmd/x');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('"a/util" and "b/util"');
  });

  it('keeps names unique when a fallback directory equals another project name', () => {
    const m = module('.', goMod('x'));
    const taken = pkg('q', 'a/util', m); // import path equals pa's directory
    const { names } = projectNames([pa, pb, taken], 'importPath', '/ws');
    expect(new Set(names.values()).size).toBe(3);
  });
});

describe('projectNames with declared projects', () => {
  const m = module('.', goMod('example.com/m'));
  const util = pkg('util', 'example.com/m/util', m);
  const tool = pkg('tool', 'example.com/m/tool', m);

  it('joins a project declared at the package directory under its declared name', () => {
    const { names, problems } = projectNames([util], 'importPath', '/ws', [
      { name: 'utilities', root: 'util', file: 'util/project.json' },
    ]);
    expect(names.get(util)).toBe('utilities');
    expect(problems).toEqual([]);
  });

  it('never takes the name of a project declared elsewhere, and says which file declares it', () => {
    const { names, problems } = projectNames([util, tool], 'importPath', '/ws', [
      { name: 'example.com/m/util', root: 'web', file: 'web/project.json' },
    ]);
    expect(names.get(util)).toBe('util');
    expect(names.get(tool)).toBe('example.com/m/tool');
    expect(problems[0].message).toContain('web/project.json');
    expect(problems[0].message).toContain('"util"');
  });
});
