// Remembers what the header reader found in each .go file, keyed by path and a fingerprint of
// the file's content, so a graph build after an edit does not re-lex the unchanged files. The
// plugin's fingerprint is Nx's own hash of the file (no stat per file, and never fresher or
// staler than the inference key built from the same hashes); files Nx does not track fall
// back to size and mtime. Stored as one JSON file in Nx's workspace data directory; a version
// or options change starts a new file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readGoFileHeader } from '../scan/header-reader';
import type { GoFileHeader } from '../scan/types';
import { headerDigest } from './inference-cache';
import { writeFileAtomic } from './write-file-atomic';

interface Entry {
  /** The fingerprint the header was read under. */
  fp: string;
  header: GoFileHeader;
  /** headerDigest(header), computed once per header read. */
  digest?: string;
}

/** A string that changes whenever the file's content may have; undefined when it cannot be had. */
export type Fingerprint = (absFile: string) => string | undefined;

/** Size and mtime: for files without a content hash. */
export const statFingerprint: Fingerprint = (absFile) => {
  try {
    const s = fs.statSync(absFile);
    return `s:${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined; // the reader reports the unreadable file as a problem
  }
};

/** Content hashes where `hashOf` has one (Nx's file index), else size and mtime. */
export function hashFingerprint(hashOf: (absFile: string) => string | undefined): Fingerprint {
  return (absFile) => {
    const hash = hashOf(absFile);
    return hash === undefined ? statFingerprint(absFile) : `h:${hash}`;
  };
}

export class HeaderCache {
  private entries = new Map<string, Entry>();
  private used = new Set<string>();
  private dirty = false;
  misses = 0;

  constructor(
    private readonly file?: string,
    private readonly fingerprint: Fingerprint = statFingerprint,
  ) {
    if (!file) return;
    try {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Entry>;
      this.entries = new Map(Object.entries(stored));
    } catch {
      // Missing or unreadable cache: start empty.
    }
  }

  read = (absFile: string): GoFileHeader => this.readEntry(absFile).header;

  /** The header and its digest (inference-cache.ts's comparison key), each computed once per content. */
  readWithDigest(absFile: string): { header: GoFileHeader; digest: string } {
    const e = this.readEntry(absFile);
    if (e.digest === undefined) {
      e.digest = headerDigest(e.header);
      this.dirty = true;
    }
    return e as { header: GoFileHeader; digest: string };
  }

  private readEntry(absFile: string): Entry {
    this.used.add(absFile);
    const fp = this.fingerprint(absFile);
    const cached = this.entries.get(absFile);
    if (fp !== undefined && cached?.fp === fp) return cached;
    const entry: Entry = { fp: fp ?? '', header: readGoFileHeader(absFile) };
    this.misses++;
    if (fp !== undefined) {
      this.entries.set(absFile, entry);
      this.dirty = true;
    }
    return entry;
  }

  /** Base name of the file this cache is kept in, if any. */
  fileName(): string | undefined {
    return this.file && path.basename(this.file);
  }

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
