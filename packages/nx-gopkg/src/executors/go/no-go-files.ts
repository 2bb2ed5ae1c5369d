// A package whose every file the build context excludes (GOOS, GOARCH, cgo, tags): `go build
// ./...` skips it without a word (cmd/go's search.MatchPackages drops NoGoError matches), but
// naming it on the command line, as a task does, makes go fail with go/build's NoGoError. Such a
// task succeeds with a note instead: the package is a project so that its files and edges stay
// inputs, and go itself says, for this run's context, that there is nothing to build.

/** go/build's NoGoError text for a package excluded by constraints (Go 1.26). */
const EXCLUDED = 'build constraints exclude all Go files in ';

/**
 * The note for a task whose go output says only that the context excludes all of importPath's
 * files; undefined for any other output (another error, or the message about an import).
 */
export function excludedByContext(importPath: string, output: string): string | undefined {
  const own = `package ${importPath}: ${EXCLUDED}`;
  let dir: string | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.trimEnd();
    if (line === '') continue;
    if (!mayBeExcludedLine(importPath, line)) return undefined;
    if (line.startsWith(own)) {
      if (dir !== undefined) return undefined;
      dir = line.slice(own.length);
    }
  }
  return dir === undefined ? undefined : skippedNote(importPath, dir);
}

/** Whether a line of go's output can be part of a NoGoError report for importPath. */
export function mayBeExcludedLine(importPath: string, raw: string): boolean {
  const line = raw.trimEnd();
  return (
    line === 'FAIL' ||
    line === `# ${importPath}` ||
    line === `FAIL\t${importPath} [setup failed]` ||
    line.startsWith(`package ${importPath}: ${EXCLUDED}`)
  );
}

function skippedNote(importPath: string, dir: string): string {
  return `nx-gopkg: ${importPath}: nothing to do, ${EXCLUDED}${dir} for this GOOS/GOARCH, cgo setting and tags (go build ./... skips it too)\n`;
}

/**
 * Splits go's output that names no package (a batch's stderr) into the NoGoError line about
 * importPath, if any, and the rest.
 */
export function takeExcludedLine(general: string, importPath: string): [string, string] {
  const own = `package ${importPath}: ${EXCLUDED}`;
  const lines = general.split('\n');
  const i = lines.findIndex((line) => line.startsWith(own));
  if (i < 0) return ['', general];
  const [line] = lines.splice(i, 1);
  return [line + '\n', lines.join('\n')];
}
