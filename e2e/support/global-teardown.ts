// Removes the template directory the global setup made (packed tarball + installed plugin).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const state = path.join(os.tmpdir(), 'gonx-e2e-current.json');
  try {
    const { base } = JSON.parse(fs.readFileSync(state, 'utf8'));
    if (!process.env.GONX_E2E_KEEP && base && path.basename(base).startsWith('gonx-e2e-template-')) {
      fs.rmSync(base, { recursive: true, force: true });
    }
  } catch {
    // Nothing to clean.
  }
}
