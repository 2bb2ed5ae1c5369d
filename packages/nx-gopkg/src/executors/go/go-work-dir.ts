// Where a batch runs go for a module. The modules of one go.work share a build list, and go
// run in any member (or in the go.work directory) resolves every member's packages the same
// way, so their packages can go to one go invocation, as `go build ./a/... ./b/...` from the
// go.work directory does: one package load and one action graph instead of one per module.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseGoWork } from '../../scan/gowork';

export class GoWorkDirs {
  private readonly workFiles = new Map<string, string | undefined>();
  private readonly members = new Map<string, Set<string> | undefined>();

  /** `gowork` is the GOWORK go will see: unset/empty (search upwards), "off", or a file path. */
  constructor(private readonly gowork: string | undefined) {}

  /** The go.work directory when go run in `moduleDir` would use a go.work that lists it; else `moduleDir`. */
  dirFor(moduleDir: string): string {
    const dir = path.resolve(moduleDir);
    const work = this.workFileFor(dir);
    if (!work) return dir;
    return this.membersOf(work)?.has(dir) ? path.dirname(work) : dir;
  }

  private workFileFor(dir: string): string | undefined {
    const g = this.gowork;
    if (g === 'off') return undefined;
    // go insists on an absolute GOWORK path; anything else is go's error to report, per module.
    if (g) return path.isAbsolute(g) && isFile(g) ? g : undefined;
    if (this.workFiles.has(dir)) return this.workFiles.get(dir);
    const candidate = path.join(dir, 'go.work');
    const parent = path.dirname(dir);
    const found = isFile(candidate) ? candidate : parent === dir ? undefined : this.workFileFor(parent);
    this.workFiles.set(dir, found);
    return found;
  }

  /** The directories a go.work uses; undefined when it cannot be read or has errors (go would fail). */
  private membersOf(work: string): Set<string> | undefined {
    if (this.members.has(work)) return this.members.get(work);
    let dirs: Set<string> | undefined;
    try {
      const parsed = parseGoWork(fs.readFileSync(work, 'utf8'), work);
      if (parsed.problems.length === 0) dirs = new Set(parsed.use.map((u) => path.resolve(path.dirname(work), u)));
    } catch {
      dirs = undefined;
    }
    this.members.set(work, dirs);
    return dirs;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
