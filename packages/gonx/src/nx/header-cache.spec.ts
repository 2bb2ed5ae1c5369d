import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HeaderCache } from './header-cache';

describe('HeaderCache', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonx-headers-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

  it('re-reads only the file that changed, across runs', () => {
    write('a.go', 'package a\n\nimport "fmt"\n');
    write('b.go', 'package a\n\nimport "os"\n');
    const store = path.join(dir, 'cache/headers.json');

    const first = new HeaderCache(store);
    first.read(path.join(dir, 'a.go'));
    first.read(path.join(dir, 'b.go'));
    expect(first.misses).toBe(2);
    first.save();

    // Edit b.go (size changes): only it is lexed again.
    write('b.go', 'package a\n\nimport "strings"\n');
    const second = new HeaderCache(store);
    expect(second.read(path.join(dir, 'a.go')).imports.map((i) => i.path)).toEqual(['fmt']);
    expect(second.read(path.join(dir, 'b.go')).imports.map((i) => i.path)).toEqual(['strings']);
    expect(second.misses).toBe(1);
  });

  it('drops entries of deleted files when it saves', () => {
    write('a.go', 'package a\n');
    write('b.go', 'package a\n');
    const store = path.join(dir, 'headers.json');
    const first = new HeaderCache(store);
    first.read(path.join(dir, 'a.go'));
    first.read(path.join(dir, 'b.go'));
    first.save();
    fs.rmSync(path.join(dir, 'b.go'));
    const second = new HeaderCache(store);
    second.read(path.join(dir, 'a.go'));
    second.save();
    expect(Object.keys(JSON.parse(fs.readFileSync(store, 'utf8')))).toEqual([path.join(dir, 'a.go')]);
  });

  it('works without a store and with an unreadable one', () => {
    write('a.go', 'package a\n');
    fs.writeFileSync(path.join(dir, 'bad.json'), '{not json');
    expect(new HeaderCache().read(path.join(dir, 'a.go')).packageName).toBe('a');
    expect(new HeaderCache(path.join(dir, 'bad.json')).read(path.join(dir, 'a.go')).packageName).toBe('a');
  });
});
