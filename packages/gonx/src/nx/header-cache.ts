// Remembers what the header reader found in each .go file, keyed by path, size and mtime,
// so a warm graph build does not re-lex unchanged files. Stored as one JSON file in Nx's
// workspace data directory; a version or options change starts a new file.
import * as fs from 'node:fs';
import { readGoFileHeader } from '../scan/header-reader';
import type { GoFileHeader } from '../scan/types';
import { writeFileAtomic } from './write-file-atomic';

interface Entry {
  size: number;
  mtimeMs: number;
  header: GoFileHeader;
}

export class HeaderCache {
  private entries = new Map<string, Entry>();
  private used = new Set<string>();
  private dirty = false;
  misses = 0;

  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Entry>;
      this.entries = new Map(Object.entries(stored));
    } catch {
      // Missing or unreadable cache: start empty.
    }
  }

  read = (absFile: string): GoFileHeader => {
    this.used.add(absFile);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(absFile);
    } catch {
      // The reader reports the unreadable file as a problem.
    }
    const cached = this.entries.get(absFile);
    if (stat && cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.header;
    const header = readGoFileHeader(absFile);
    this.misses++;
    if (stat) {
      this.entries.set(absFile, { size: stat.size, mtimeMs: stat.mtimeMs, header });
      this.dirty = true;
    }
    return header;
  };

  /** Writes the entries used in this run (dropping deleted files) when anything changed. */
  save(): void {
    if (!this.file) return;
    if (!this.dirty && this.used.size === this.entries.size) return;
    const kept: Record<string, Entry> = {};
    for (const file of this.used) {
      const entry = this.entries.get(file);
      if (entry) kept[file] = entry;
    }
    writeFileAtomic(this.file, JSON.stringify(kept));
    this.dirty = false;
  }
}
