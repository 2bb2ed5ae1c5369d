import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { entry, InferenceCache, unchangedFacts } from './inference-cache';
import type { GoGraph } from './graph-output';

describe('unchangedFacts', () => {
  const stored = {
    'a/a.go': entry('1', 'dA'),
    'a/b.go': entry('2', 'dB'),
    'go.mod': entry('3'),
    'testdata/x.go': entry('4'),
  };
  const current = (over: Record<string, string> = {}, drop: string[] = []) => {
    const m = new Map(Object.entries({ 'a/a.go': '1', 'a/b.go': '2', 'go.mod': '3', 'testdata/x.go': '4', ...over }));
    for (const f of drop) m.delete(f);
    return m;
  };
  const digests = (d: Record<string, string>) => (file: string) => d[file];

  it('accepts a .go edit whose header reads the same, and returns its new entry', () => {
    expect(unchangedFacts(stored, current({ 'a/a.go': '9' }), digests({ 'a/a.go': 'dA' }))).toEqual({
      'a/a.go': entry('9', 'dA'),
    });
  });
  it('accepts no change at all', () => {
    expect(unchangedFacts(stored, current(), digests({}))).toEqual({});
  });
  it('rejects a header that reads differently (a new import)', () => {
    expect(unchangedFacts(stored, current({ 'a/a.go': '9' }), digests({ 'a/a.go': 'dX' }))).toBeUndefined();
  });
  it('rejects a header that cannot be read as the hashed content', () => {
    expect(unchangedFacts(stored, current({ 'a/a.go': '9' }), digests({}))).toBeUndefined();
  });
  it('rejects a change to go.mod, a file added, a file removed, a file renamed', () => {
    expect(unchangedFacts(stored, current({ 'go.mod': '7' }), digests({}))).toBeUndefined();
    expect(unchangedFacts(stored, current({ 'a/c.go': '5' }), digests({ 'a/c.go': 'dA' }))).toBeUndefined();
    expect(unchangedFacts(stored, current({}, ['a/b.go']), digests({}))).toBeUndefined();
    expect(unchangedFacts(stored, current({ 'a/c.go': '2' }, ['a/b.go']), digests({ 'a/c.go': 'dB' }))).toBeUndefined();
  });
  it('rejects an edit of a .go file the scanner did not read before', () => {
    expect(
      unchangedFacts(stored, current({ 'testdata/x.go': '8' }), digests({ 'testdata/x.go': 'd' })),
    ).toBeUndefined();
  });
});

describe('InferenceCache', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-state-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const graph: GoGraph = {
    nodes: { 'go.mod': { projects: { a: { name: 'a', root: 'a' } } } },
    dependencies: [],
    problems: [],
  };

  it('hits on the same base and files, hands back the state on other files, misses on another base', () => {
    const cache = new InferenceCache(path.join(dir, 'state.json'), path.join(dir, 'delta.json'));
    expect(cache.read('b', 'f1').kind).toBe('miss');
    cache.write({ base: 'b', filesHash: 'f1', files: { 'a/a.go': entry('1', 'd') }, graph });
    expect(cache.read('b', 'f1')).toEqual({ kind: 'hit', graph });
    const changed = cache.read('b', 'f2');
    expect(changed.kind).toBe('changed');
    expect(cache.read('other', 'f1').kind).toBe('miss');
  });

  it('a delta makes its files hash a hit for the state it was written against, and only that one', () => {
    const cache = new InferenceCache(path.join(dir, 'state.json'), path.join(dir, 'delta.json'));
    cache.write({ base: 'b', filesHash: 'f1', files: {}, graph });
    cache.writeDelta({ base: 'b', from: 'f1', to: 'f2', files: {} });
    expect(cache.read('b', 'f2')).toEqual({ kind: 'hit', graph });
    // A new state drops the delta: f2 is no longer known.
    cache.write({ base: 'b', filesHash: 'f3', files: {}, graph });
    expect(cache.read('b', 'f2').kind).toBe('changed');
    // A delta written against another state is ignored.
    cache.writeDelta({ base: 'b', from: 'f1', to: 'f2', files: {} });
    expect(cache.read('b', 'f2').kind).toBe('changed');
  });

  it('treats a truncated or foreign state file as a miss', () => {
    const file = path.join(dir, 'state.json');
    const cache = new InferenceCache(file, path.join(dir, 'delta.json'));
    cache.write({ base: 'b', filesHash: 'f1', files: {}, graph });
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 40));
    expect(cache.read('b', 'f1').kind).toBe('miss');
    fs.writeFileSync(file, '{"key":"x","graph":{}}');
    expect(cache.read('b', 'f1').kind).toBe('miss');
  });

  it('treats a state written in another format (the plain graph of earlier versions) as a miss', () => {
    const file = path.join(dir, 'state.json');
    const cache = new InferenceCache(file, path.join(dir, 'delta.json'));
    fs.writeFileSync(file, JSON.stringify({ base: 'b', filesHash: 'f1', files: {}, graph }));
    expect(cache.read('b', 'f1').kind).toBe('miss');
    cache.write({ base: 'b', filesHash: 'f1', files: {}, graph });
    expect(cache.read('b', 'f1').kind).toBe('hit');
  });
});
