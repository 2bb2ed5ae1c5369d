#!/usr/bin/env node
// Prints, as JSON, the raw inputs Nx hashes for every nx-gopkg task of the workspace in the current
// directory (files, env, runtime commands, external nodes, dependency outputs), one process for
// all tasks. Diff two dumps to check that a change to how nx-gopkg writes inputs hashes the same things.
//
// Usage (in a workspace with nx installed): node <repo>/tools/dump-task-inputs.js [targets] > out.json
//   targets: comma-separated, default go-build,go-test,go-vet
'use strict';

const cwd = process.cwd();
const fromWorkspace = (m) => require(require.resolve(m, { paths: [cwd] }));

async function main() {
  const targets = (process.argv[2] ?? 'go-build,go-test,go-vet').split(',');
  const { createProjectGraphAsync } = fromWorkspace('nx/src/project-graph/project-graph');
  const { readNxJson } = fromWorkspace('nx/src/config/configuration');
  const { getTaskRawInputs } = fromWorkspace('nx/src/hasher/check-task-files');
  const projectGraph = await createProjectGraphAsync({ exitOnError: true });
  const nxJson = readNxJson();
  const out = {};
  for (const name of Object.keys(projectGraph.nodes).sort()) {
    for (const target of targets) {
      if (!projectGraph.nodes[name].data.targets?.[target]) continue;
      const id = `${name}:${target}`;
      const raw = await getTaskRawInputs(id, { projectGraph, nxJson });
      out[id] = Object.fromEntries(
        Object.entries(raw ?? {}).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]),
      );
    }
  }
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
