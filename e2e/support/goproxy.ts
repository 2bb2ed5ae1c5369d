// A Go module proxy on disk (GOPROXY=file://...), so fixtures can require third-party modules
// without the network: <module>/@v/list, <v>.info, <v>.mod and <v>.zip (stored entries
// prefixed <module>@<v>/), which is all the go command reads from a proxy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export interface ProxyModule {
  path: string;
  version: string;
  /** Files of the module, relative to its root; must include go.mod. */
  files: Record<string, string>;
}

export function writeProxy(dir: string, modules: ProxyModule[]): string {
  const versions = new Map<string, string[]>();
  for (const m of modules) {
    const vdir = path.join(dir, escapeModulePath(m.path), '@v');
    fs.mkdirSync(vdir, { recursive: true });
    fs.writeFileSync(
      path.join(vdir, `${m.version}.info`),
      JSON.stringify({ Version: m.version, Time: '2024-01-01T00:00:00Z' }),
    );
    fs.writeFileSync(path.join(vdir, `${m.version}.mod`), m.files['go.mod']);
    const entries = Object.entries(m.files)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, content]) => ({ name: `${m.path}@${m.version}/${name}`, data: Buffer.from(content) }));
    fs.writeFileSync(path.join(vdir, `${m.version}.zip`), zipStored(entries));
    versions.set(vdir, [...(versions.get(vdir) ?? []), m.version]);
  }
  for (const [vdir, list] of versions) fs.writeFileSync(path.join(vdir, 'list'), list.join('\n') + '\n');
  return `file://${dir}`;
}

/** Upper-case letters in module paths are escaped as !lower (module.EscapePath). */
function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** A zip archive with uncompressed entries (enough for the go command's module zips). */
export function zipStored(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time/date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}
