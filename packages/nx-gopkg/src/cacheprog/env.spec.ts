import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CACHEPROG_SCRIPT,
  cacheProgEnv,
  goProcessEnv,
  pluginCacheSettings,
  quoteGoWord,
} from '../executors/go/cacheprog-env';
import { readConfig } from './config';

/** cmd/internal/quoted.Split, transcribed, to check quoteGoWord against go's own rule. */
function goSplit(s: string): string[] {
  const out: string[] = [];
  const space = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let i = 0;
  while (i < s.length) {
    while (i < s.length && space(s[i])) i++;
    if (i >= s.length) break;
    if (s[i] === '"' || s[i] === "'") {
      const q = s[i++];
      const end = s.indexOf(q, i);
      if (end < 0) throw new Error('unterminated');
      out.push(s.slice(i, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !space(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

describe('quoteGoWord', () => {
  it.each([
    '/usr/bin/node',
    '/opt/my tools/node',
    "/home/o'brien/x y/main.js",
    '/a "b" c/main.js',
    '/tabs\there',
    '"leading-quote',
    "it's",
  ])("round-trips %j through go's GOCACHEPROG split", (word) => {
    const q = quoteGoWord(word)!;
    expect(goSplit(`${q} ${q}`)).toEqual([word, word]);
  });

  it('gives up on a word that needs both quote kinds', () => {
    expect(quoteGoWord(`/x "y" 'z'`)).toBeUndefined();
  });
});

describe('cacheProgEnv', () => {
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-env-')), 'main.js');
  fs.writeFileSync(script, '');
  afterAll(() => fs.rmSync(path.dirname(script), { recursive: true, force: true }));

  it('is off by default', () => {
    expect(cacheProgEnv({}, { script })).toEqual({});
    expect(cacheProgEnv({ NX_GOPKG_GOCACHE_REMOTE: '  ' }, { script })).toEqual({});
  });

  it('sets GOCACHEPROG and an absolute local tier when a remote or a dir is given', () => {
    const env = cacheProgEnv(
      { NX_GOPKG_GOCACHE_REMOTE: 'http://127.0.0.1:9090', HOME: '/home/u', XDG_CACHE_HOME: '/xdg' },
      { script, node: '/usr/bin/node' },
    );
    expect(env.GOCACHEPROG).toBe(`/usr/bin/node ${script}`);
    if (process.platform === 'linux') expect(env.NX_GOPKG_GOCACHE_DIR).toBe('/xdg/nx-gopkg/go-build-cache');
    expect(cacheProgEnv({ NX_GOPKG_GOCACHE_DIR: 'rel/dir' }, { script, node: '/n' }).NX_GOPKG_GOCACHE_DIR).toBe(
      path.resolve('rel/dir'),
    );
  });

  it("leaves a user's own GOCACHEPROG alone, and warns instead of failing when the program is missing", () => {
    expect(cacheProgEnv({ NX_GOPKG_GOCACHE_REMOTE: 'http://x', GOCACHEPROG: 'mine' }, { script })).toEqual({});
    const warnings: string[] = [];
    expect(
      cacheProgEnv(
        { NX_GOPKG_GOCACHE_REMOTE: 'http://x' },
        { script: '/nonexistent/main.js', warn: (m) => warnings.push(m) },
      ),
    ).toEqual({});
    expect(warnings).toHaveLength(1);
  });

  it('points at the compiled program beside the built executor', () => {
    // dist/packages/nx-gopkg/src/executors/go/cacheprog-env.js → dist/packages/nx-gopkg/src/cacheprog/main.js
    expect(path.relative(path.resolve(__dirname, '..'), CACHEPROG_SCRIPT)).toBe(path.join('cacheprog', 'main.js'));
  });
});

describe('the goBuildCache plugin option', () => {
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-env-')), 'main.js');
  fs.writeFileSync(script, '');
  afterAll(() => fs.rmSync(path.dirname(script), { recursive: true, force: true }));
  const nxJson = (options: unknown) => ({ plugins: ['@nx/js', { plugin: 'nx-gopkg', options }] });

  it('becomes NX_GOPKG_GOCACHE_* settings, the directory resolved against the workspace root', () => {
    expect(
      pluginCacheSettings(
        nxJson({ goBuildCache: { remote: 'http://c:9090', dir: '.cache/go', readOnly: true } }),
        '/ws',
      ),
    ).toEqual({
      NX_GOPKG_GOCACHE_REMOTE: 'http://c:9090',
      NX_GOPKG_GOCACHE_DIR: path.resolve('/ws', '.cache/go'),
      NX_GOPKG_GOCACHE_REMOTE_READONLY: '1',
    });
    expect(pluginCacheSettings(nxJson({ tags: ['x'] }), '/ws')).toEqual({});
    expect(pluginCacheSettings({ plugins: ['nx-gopkg'] }, '/ws')).toEqual({});
    expect(pluginCacheSettings(undefined, '/ws')).toEqual({});
  });

  it('turns the cache on for go, and the environment overrides it', () => {
    const fromOptions = pluginCacheSettings(nxJson({ goBuildCache: { remote: 'http://team:9090' } }), '/ws');
    const on = goProcessEnv({ PATH: '/bin' }, fromOptions, { script, node: '/n' });
    expect(on).toMatchObject({
      PATH: '/bin',
      NX_GOPKG_GOCACHE_REMOTE: 'http://team:9090',
      GOCACHEPROG: `/n ${script}`,
    });
    const ci = goProcessEnv({ NX_GOPKG_GOCACHE_REMOTE: 'http://ci:9090' }, fromOptions, { script, node: '/n' });
    expect(ci.NX_GOPKG_GOCACHE_REMOTE).toBe('http://ci:9090');
    expect(goProcessEnv({ PATH: '/bin' }, {}, { script })).toEqual({ PATH: '/bin' });
  });
});

describe('readConfig', () => {
  it('reads the documented variables', () => {
    const c = readConfig({
      NX_GOPKG_GOCACHE_DIR: '/d',
      NX_GOPKG_GOCACHE_REMOTE: 'http://h:1/prefix',
      NX_GOPKG_GOCACHE_REMOTE_READONLY: 'true',
      NX_GOPKG_GOCACHE_REMOTE_TIMEOUT_MS: '500',
      NX_GOPKG_GOCACHE_MAX_AGE_DAYS: '0',
      NX_GOPKG_GOCACHE_STATS: '1',
    });
    expect(c).toMatchObject({
      dir: '/d',
      remote: 'http://h:1/prefix',
      readOnly: true,
      timeoutMs: 500,
      maxAgeMs: 0,
      stats: true,
    });
  });
});
