// Inference over a real directory: which problems reach the user.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { infer } from './infer';
import { normalizeOptions } from './options';

let root: string;
beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-gopkg-infer-')));
  const files: Record<string, string> = {
    'go.mod': 'module example.com/m\n\ngo 1.22\n',
    // web/dist is written by another task: a pattern into it that matches nothing yet is fine…
    'web/web.go': 'package web\n\nimport "embed"\n\n//go:embed dist/*\nvar dist embed.FS\n',
    // …but a pattern go rejects as syntax stays wrong whatever that task writes.
    'ui/ui.go': 'package ui\n\nimport "embed"\n\n//go:embed dist/[x\nvar dist embed.FS\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('embed problems another task can fix are dropped; invalid pattern syntax is kept', () => {
  const options = normalizeOptions({ embedTargets: { 'web/dist': 'site:build', 'ui/dist': 'site:build' } });
  const result = infer({ root, options, mode: { kind: 'anyPlatform' } });
  const embeds = result.problems.filter((p) => p.message.includes('pattern dist/'));
  expect(embeds.map((p) => [path.relative(root, p.file), p.message])).toEqual([
    ['ui/ui.go', 'pattern dist/[x: invalid pattern syntax'],
  ]);
});

test('without the producing task, the unmatched pattern is reported too', () => {
  const result = infer({ root, options: normalizeOptions({}), mode: { kind: 'anyPlatform' } });
  const embeds = result.problems.filter((p) => p.message.includes('pattern dist/'));
  expect(embeds.map((p) => p.message).sort()).toEqual([
    'pattern dist/*: no matching files found',
    'pattern dist/[x: invalid pattern syntax',
  ]);
});
