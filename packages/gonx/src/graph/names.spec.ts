import { projectNames } from './names';
import { goMod, module, pkg } from './test-helpers';

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
