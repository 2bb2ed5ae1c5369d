import { ownedByNx } from './create-nodes';
import type { GoGraph } from './graph-output';

const graph = (): GoGraph => ({
  nodes: {
    'go.mod': { projects: { a: { root: 'a', metadata: { technologies: ['go'] } } as never }, externalNodes: {} },
  },
  dependencies: [],
  problems: [],
});
const technologies = (nodes: GoGraph['nodes']) => nodes['go.mod'].projects!.a.metadata!.technologies as string[];

describe('ownedByNx', () => {
  test("in Nx's own process, every handout is a copy: a merge's in-place growth never reaches the memoised graph", () => {
    const g = graph();
    for (let build = 0; build < 3; build++) {
      const handed = ownedByNx(g, false);
      expect(handed).not.toBe(g.nodes);
      expect(handed).toEqual(graph().nodes);
      // What Nx's mergeMetadata does to the first plugin's array when a later plugin adds to it.
      technologies(handed).push('node');
    }
    expect(technologies(g.nodes)).toEqual(['go']);
  });

  test('in a plugin worker, the graph itself: Nx receives a copy over its socket', () => {
    const g = graph();
    expect(ownedByNx(g, true)).toBe(g.nodes);
  });
});
