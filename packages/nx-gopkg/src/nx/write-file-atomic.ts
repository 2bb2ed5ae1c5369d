// Cache files are written to a temporary name and renamed, so a reader (another nx process, or
// the next run after a killed plugin worker) sees either the old file or the whole new one.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFileAtomic(file: string, content: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}
