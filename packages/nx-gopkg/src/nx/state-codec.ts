// The stored graph, written compactly: thousands of projects carry the same targets, tags and
// named inputs, so each distinct value is stored once in a table and projects refer to it by
// index; dependencies are rows of indices into a table of strings. Reading the state is on every
// warm graph build, and parsing this form and expanding it takes less time than parsing the plain
// graph, which is about four times larger.
//
// Contract: decodeGraph(encodeGraph(g)) deep-equals g, with the same key order. Equal values in
// the decoded graph may be one shared object, so code that lets others mutate it must copy it
// (createNodes does, for Nx's own process: ownedByNx in create-nodes.ts).
import type { ProjectConfiguration, RawProjectGraphDependency } from '@nx/devkit';
import type { GoGraph } from './graph-output';

/** Bumped whenever the encoding changes: a state in another format is not read. */
export const STATE_FORMAT = 2;

/**
 * A project: `name` and `root` as they are; `targets` and `metadata` (when objects) as one table
 * index per key; every other field as one table index.
 */
type EncodedProject = Record<string, string | number | Record<string, number>>;

export interface EncodedGraph {
  /** Distinct JSON values (targets, tags, named inputs, metadata entries). */
  values: unknown[];
  nodes: Record<string, { projects: Record<string, EncodedProject>; externalNodes?: unknown }>;
  /** Distinct strings of the dependencies. */
  strings: string[];
  /** One row per dependency: [source, target, type, sourceFile?] as indices into `strings`. */
  dependencies: number[][];
  problems: GoGraph['problems'];
}

/** Fields kept inline: they differ in every project. */
const INLINE = new Set(['name', 'root']);
/** Fields whose entries are stored one by one (each target, each metadata key). */
const PER_KEY = new Set(['targets', 'metadata']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Distinct values in first-seen order, each found again by its key (`keyOf`: JSON text, or the string itself). */
class Table<T> {
  readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly keyOf: (value: T) => string) {}
  add(value: T): number {
    const key = this.keyOf(value);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(value);
      this.index.set(key, i);
    }
    return i;
  }
}

export function encodeGraph(graph: GoGraph): EncodedGraph {
  const values = new Table<unknown>((v) => JSON.stringify(v));
  const strings = new Table<string>((s) => s);
  const nodes: EncodedGraph['nodes'] = {};
  for (const file in graph.nodes) {
    const result = graph.nodes[file];
    const projects: Record<string, EncodedProject> = {};
    for (const root in result.projects ?? {}) {
      const project = result.projects![root] as unknown as Record<string, unknown>;
      const encoded: EncodedProject = {};
      for (const field in project) {
        const value = project[field];
        if (INLINE.has(field)) encoded[field] = value as string;
        else if (PER_KEY.has(field) && isRecord(value)) {
          const entries: Record<string, number> = {};
          for (const key in value as object) entries[key] = values.add((value as Record<string, unknown>)[key]);
          encoded[field] = entries;
        } else encoded[field] = values.add(value);
      }
      projects[root] = encoded;
    }
    nodes[file] = { projects, ...(result.externalNodes ? { externalNodes: result.externalNodes } : {}) };
  }
  const dependencies = graph.dependencies.map((d) => {
    const row = [strings.add(d.source), strings.add(d.target), strings.add(d.type)];
    if ('sourceFile' in d && d.sourceFile !== undefined) row.push(strings.add(d.sourceFile));
    return row;
  });
  return {
    values: values.items,
    nodes,
    strings: strings.items,
    dependencies,
    problems: graph.problems,
  };
}

export function decodeGraph(encoded: EncodedGraph): GoGraph {
  const { values, strings } = encoded;
  const nodes: GoGraph['nodes'] = {};
  for (const [file, result] of Object.entries(encoded.nodes)) {
    const projects: Record<string, ProjectConfiguration> = {};
    for (const [root, project] of Object.entries(result.projects)) {
      const decoded: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(project)) {
        if (INLINE.has(field)) decoded[field] = value;
        else if (typeof value === 'number') decoded[field] = values[value];
        else {
          const entries: Record<string, unknown> = {};
          for (const [key, i] of Object.entries(value as Record<string, number>)) entries[key] = values[i];
          decoded[field] = entries;
        }
      }
      projects[root] = decoded as unknown as ProjectConfiguration;
    }
    nodes[file] = {
      projects,
      ...(result.externalNodes
        ? { externalNodes: result.externalNodes as GoGraph['nodes'][string]['externalNodes'] }
        : {}),
    };
  }
  const dependencies = encoded.dependencies.map(
    ([source, target, type, sourceFile]) =>
      ({
        source: strings[source],
        target: strings[target],
        ...(sourceFile !== undefined ? { sourceFile: strings[sourceFile] } : {}),
        type: strings[type],
      }) as RawProjectGraphDependency,
  );
  return { nodes, dependencies, problems: encoded.problems };
}
