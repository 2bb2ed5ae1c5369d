// The stored inference and what it was inferred from, so that a later run can tell whether an
// edit changed any package's facts. The state file records, beside the graph, the Nx hash of
// every structure file and, for each .go file the scanner read, a digest of the header it
// read (the only part of a .go file the scanner looks at). A run whose structure hash differs
// compares file by file: when the set of files is the same, only .go files changed and each
// one's header reads the same as before, no fact changed and the stored graph is the answer.
// That verdict is kept in a small delta file (the changed files' new entries), never by
// rewriting the state. Anything else (a file added or removed, go.mod, a header that differs,
// a file the scanner did not read) is structural and re-infers.
//
// Layout: `{"base":…,"filesHash":…,"format":…,"files":{…},"graph":{…}}`, the graph encoded by
// state-codec.ts. base (plugin version, options, toolchain, environment) and filesHash come
// first, so a state for other settings is rejected from its first bytes, and a hit is known
// before the rest is parsed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashArray } from 'nx/src/hasher/file-hasher';
import type { GoFileHeader } from '../scan/types';
import type { GoGraph } from './graph-output';
import { decodeGraph, EncodedGraph, encodeGraph, STATE_FORMAT } from './state-codec';
import { writeFileAtomic } from './write-file-atomic';

/** Workspace-relative structure file → `<nx hash>` or, for a .go file that was read, `<nx hash>:<header digest>`. */
export type FileEntries = Record<string, string>;

export interface StoredState {
  base: string;
  filesHash: string;
  files: FileEntries;
  graph: GoGraph;
}

/** Changed entries on top of a stored state: valid only for that state (`from`). */
interface Delta {
  base: string;
  from: string;
  to: string;
  files: FileEntries;
}

/** A digest of what the scanner takes from a .go file. */
export function headerDigest(header: GoFileHeader): string {
  return hashArray([JSON.stringify(header)]);
}

export const entry = (hash: string, digest?: string) => (digest === undefined ? hash : `${hash}:${digest}`);
const hashOfEntry = (e: string) => (e.includes(':') ? e.slice(0, e.indexOf(':')) : e);
const digestOfEntry = (e: string) => (e.includes(':') ? e.slice(e.indexOf(':') + 1) : undefined);

/** The first bytes of a state file: base and filesHash. */
function readHead(file: string): { base: string; filesHash: string } | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(512);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const m = /^\{"base":("(?:[^"\\]|\\.)*"),"filesHash":("(?:[^"\\]|\\.)*"),/.exec(head.toString('utf8', 0, n));
    return m ? { base: JSON.parse(m[1]), filesHash: JSON.parse(m[2]) } : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export type CacheLookup =
  | { kind: 'hit'; graph: GoGraph }
  /** Same settings, other structure files: the caller compares file by file (`compare`). */
  | { kind: 'changed'; state: StoredState; delta?: Delta }
  | { kind: 'miss' };

export class InferenceCache {
  constructor(
    private readonly stateFile: string,
    private readonly deltaFile: string,
  ) {}

  /** The stored graph for (base, filesHash), or the state to compare against. */
  read(base: string, filesHash: string): CacheLookup {
    const head = readHead(this.stateFile);
    if (!head || head.base !== base) return { kind: 'miss' };
    const delta = this.readDelta(base, head.filesHash);
    try {
      const stored = JSON.parse(fs.readFileSync(this.stateFile, 'utf8')) as Omit<StoredState, 'graph'> & {
        format?: number;
        graph?: EncodedGraph;
      };
      if (
        stored.base !== base ||
        stored.filesHash !== head.filesHash ||
        stored.format !== STATE_FORMAT ||
        !stored.files ||
        !stored.graph
      )
        return { kind: 'miss' };
      const state: StoredState = { ...stored, graph: decodeGraph(stored.graph) };
      if (state.filesHash === filesHash || delta?.to === filesHash) return { kind: 'hit', graph: state.graph };
      return { kind: 'changed', state, delta };
    } catch {
      return { kind: 'miss' };
    }
  }

  private readDelta(base: string, from: string): Delta | undefined {
    try {
      const d = JSON.parse(fs.readFileSync(this.deltaFile, 'utf8')) as Delta;
      return d.base === base && d.from === from && typeof d.to === 'string' && d.files ? d : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores a new inference (and drops the delta of the old one). */
  write(state: StoredState): void {
    const { base, filesHash, files, graph } = state;
    writeFileAtomic(
      this.stateFile,
      JSON.stringify({ base, filesHash, format: STATE_FORMAT, files, graph: encodeGraph(graph) }),
    );
    try {
      fs.rmSync(this.deltaFile, { force: true });
    } catch {
      // A delta for another state is never used (its `from` differs).
    }
  }

  /** Base names of the files this cache reads and writes. */
  fileNames(): string[] {
    return [path.basename(this.stateFile), path.basename(this.deltaFile)];
  }

  /** Records that the structure files now hash to `to` and the stored graph still holds. */
  writeDelta(delta: Delta): void {
    writeFileAtomic(this.deltaFile, JSON.stringify(delta));
  }
}

/**
 * Whether the files now present (`current`: path → Nx hash) leave every package's facts as
 * they were in `stored`: the same files, only .go files changed, and each one read before
 * with a header that reads the same now (`digestNow`). Returns the changed entries when so,
 * undefined when the change is structural.
 */
export function unchangedFacts(
  stored: FileEntries,
  current: Map<string, string>,
  digestNow: (file: string) => string | undefined,
): FileEntries | undefined {
  const storedCount = Object.keys(stored).length;
  if (storedCount !== current.size) return undefined; // a file added or removed
  const changed: FileEntries = {};
  for (const [file, hash] of current) {
    const before = stored[file];
    if (before === undefined) return undefined; // added (and another one removed)
    if (hashOfEntry(before) === hash) continue;
    if (!file.endsWith('.go')) return undefined; // go.mod, go.sum, go.work, a config file
    const digest = digestOfEntry(before);
    if (digest === undefined) return undefined; // not read by the scanner before: re-infer to be sure
    const now = digestNow(file);
    if (now !== digest) return undefined;
    changed[file] = entry(hash, digest);
  }
  return changed;
}

export function applyDelta(state: StoredState, delta: Delta | undefined): FileEntries {
  return delta ? { ...state.files, ...delta.files } : state.files;
}
