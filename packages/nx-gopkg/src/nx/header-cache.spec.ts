import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { HeaderCache, hashFingerprint, statFingerprint } from './header-cache';
import { headerDigest } from './inference-cache';
import { readGoFileHeader } from '../scan/header-reader';

describe('HeaderCache', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-headers-'))));
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

  it('keys by content hash where there is one: an edit keeping size and mtime is still seen', () => {
    const file = path.join(dir, 'a.go');
    const when = new Date('2026-01-02T03:04:05Z');
    write('a.go', 'package a\n\nimport "a/b"\n');
    fs.utimesSync(file, when, when);
    const store = path.join(dir, 'headers.json');
    // Stands in for Nx's file index: the hash of what is on disk now.
    const hashOf = (abs: string) => crypto.createHash('sha256').update(fs.readFileSync(abs)).digest('hex');
    const first = new HeaderCache(store, hashFingerprint(hashOf));
    expect(first.read(file).imports.map((i) => i.path)).toEqual(['a/b']);
    first.save();
    const statBefore = statFingerprint(file);

    // Same size, same mtime (a coarse-mtime file system, or a tool restoring times).
    write('a.go', 'package a\n\nimport "a/c"\n');
    fs.utimesSync(file, when, when);
    expect(statFingerprint(file)).toBe(statBefore);
    const second = new HeaderCache(store, hashFingerprint(hashOf));
    expect(second.read(file).imports.map((i) => i.path)).toEqual(['a/c']);
    expect(second.misses).toBe(1);
  });

  it('falls back to size and mtime for files without a hash (not tracked by Nx)', () => {
    write('a.go', 'package a\n');
    const store = path.join(dir, 'headers.json');
    const first = new HeaderCache(
      store,
      hashFingerprint(() => undefined),
    );
    first.read(path.join(dir, 'a.go'));
    first.save();
    const second = new HeaderCache(
      store,
      hashFingerprint(() => undefined),
    );
    second.read(path.join(dir, 'a.go'));
    expect(second.misses).toBe(0);
    write('a.go', 'package bb\n');
    expect(second.read(path.join(dir, 'a.go')).packageName).toBe('bb');
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
  it("keeps each header's digest with it: the digest of a fresh read, across runs", () => {
    write('a.go', 'package a\n\nimport "fmt"\n');
    const file = path.join(dir, 'a.go');
    const store = path.join(dir, 'headers.json');
    const first = new HeaderCache(store);
    const { digest } = first.readWithDigest(file);
    expect(digest).toBe(headerDigest(readGoFileHeader(file)));
    first.save();
    const second = new HeaderCache(store);
    expect(second.readWithDigest(file).digest).toBe(digest);
    expect(second.misses).toBe(0);
    write('a.go', 'package a\n\nimport "os"\n');
    expect(new HeaderCache(store).readWithDigest(file).digest).not.toBe(digest);
  });
});
