// Packs the built plugin once and installs it, beside nx and typescript (which the mixed example
// builds its web app with), into a template directory that every e2e workspace links its
// node_modules to: from the repository's own node_modules, never from npm's cache or the
// network (see tools/e2e-template.js).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTemplate } from '../../tools/e2e-template';

export default async function globalSetup(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-e2e-template-'));
  const { template, tarball } = buildTemplate(base);
  process.env.NX_GOPKG_E2E_TEMPLATE = template;
  process.env.NX_GOPKG_E2E_TARBALL = tarball;
  fs.writeFileSync(path.join(os.tmpdir(), 'nx-gopkg-e2e-current.json'), JSON.stringify({ template, tarball, base }));
}
