// Removes the template directory this run's global setup made (packed tarball + installed plugin).
// The setup's environment variable, not a shared file, says which: runs may overlap.
import * as fs from 'node:fs';
import * as path from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.NX_GOPKG_E2E_TEMPLATE;
  if (!template || process.env.NX_GOPKG_E2E_KEEP) return;
  const base = path.dirname(template);
  if (path.basename(base).startsWith('nx-gopkg-e2e-template-')) fs.rmSync(base, { recursive: true, force: true });
}
