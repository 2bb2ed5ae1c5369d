// Splits the coverage profile of one multi-package `go test -coverprofile` run into one profile
// per package. Each block line names its file as `<import path>/<file>.go:…`, and by default a
// package's test covers only its own files, so a package's lines are those of its directory.
export function splitCoverProfile(profile: string, pkgs: string[]): Map<string, string> {
  const lines = profile.split('\n');
  const header = lines[0]?.startsWith('mode:') ? lines[0] : 'mode: set';
  const wanted = new Set(pkgs);
  const body = new Map<string, string[]>(pkgs.map((p) => [p, []]));
  for (const line of lines.slice(lines[0]?.startsWith('mode:') ? 1 : 0)) {
    const colon = line.lastIndexOf('.go:');
    if (colon < 0) continue;
    const file = line.slice(0, colon + 3);
    const pkg = file.slice(0, file.lastIndexOf('/'));
    if (wanted.has(pkg)) body.get(pkg)!.push(line);
  }
  const out = new Map<string, string>();
  for (const [pkg, list] of body) out.set(pkg, [header, ...list].join('\n') + '\n');
  return out;
}
