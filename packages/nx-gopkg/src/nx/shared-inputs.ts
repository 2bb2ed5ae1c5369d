// Named inputs defined once in nx.json instead of in every project. `nx add nx-gopkg` writes
// nx-gopkg's shared named inputs (inputs.ts, sharedNamedInputs) to nx.json; a project then
// leaves out each one that nx.json defines exactly as the project would, and Nx resolves the
// name from nx.json, so every task hashes the same files as before. A definition nx.json lacks,
// or holds in another form (edited by hand, or written by an older nx-gopkg), stays in each
// project: what a task hashes never depends on nx.json unless nx.json says the same.
import type { ProjectConfiguration } from 'nx/src/config/workspace-json-project-json';
import { sharedNamedInputs } from './inputs';

/** JSON with object keys sorted, so that two equal definitions compare equal as text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The shared named inputs that nx.json's `namedInputs` defines exactly as nx-gopkg does, sorted. */
export function sharedInputsInNxJson(nxJsonNamedInputs: Record<string, unknown> | undefined): string[] {
  if (!nxJsonNamedInputs) return [];
  return Object.entries(sharedNamedInputs())
    .filter(([name, definition]) => canonicalJson(nxJsonNamedInputs[name]) === canonicalJson(definition))
    .map(([name]) => name)
    .sort();
}

/** The shared definitions as inputs.ts writes them into projects (same key order), as JSON. */
let definitionsJson: Map<string, string> | undefined;

/**
 * Removes from the project the named inputs (of `shared`) that read as nx.json's. Project
 * definitions come from inputs.ts, in its key order, so plain JSON compares them.
 */
export function leaveOutSharedInputs(project: ProjectConfiguration, shared: string[]): void {
  if (!project.namedInputs || shared.length === 0) return;
  definitionsJson ??= new Map(Object.entries(sharedNamedInputs()).map(([k, v]) => [k, JSON.stringify(v)]));
  for (const name of shared) {
    if (JSON.stringify(project.namedInputs[name]) === definitionsJson.get(name)) delete project.namedInputs[name];
  }
  if (Object.keys(project.namedInputs).length === 0) delete project.namedInputs;
}
