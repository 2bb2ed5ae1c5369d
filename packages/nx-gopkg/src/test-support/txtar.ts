// txtar archives (golang.org/x/tools/txtar): a comment, then files each introduced by a
// `-- name --` line, as cmd/go's script tests and Gazelle's testdata write them.

export interface TxtarFile {
  name: string;
  content: string;
}

/** The files of a txtar archive, in order; the leading comment is dropped. */
export function readTxtar(text: string): TxtarFile[] {
  const files: TxtarFile[] = [];
  const heads = [...text.matchAll(/^-- (.+?) --$/gm)];
  heads.forEach((m, i) => {
    const start = Math.min(text.length, m.index + m[0].length + 1);
    const end = i + 1 < heads.length ? heads[i + 1].index : text.length;
    files.push({ name: m[1].trim(), content: text.slice(start, Math.max(start, end)) });
  });
  return files;
}

/** The files of a txtar archive as a map of name → content (later duplicates win). */
export function txtarFiles(text: string): Record<string, string> {
  return Object.fromEntries(readTxtar(text).map((f) => [f.name, f.content]));
}
