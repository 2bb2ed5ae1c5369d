// Oracle: the scanner against real `go list -e -json` over GOROOT/src (std and cmd) for nine
// platforms, with cgo off and on. Mode `context` must equal go list exactly; mode
// `anyPlatform` must contain every platform's files, imports and embeds.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { GoFileHeader, GoPackageFacts } from './types';
import { readGoFileHeader } from './header-reader';
import { scanPackageDir } from './package';
import { contextFromGo, goEnv } from './go-env';
import { GoListPackage, IMPORT_FIELDS, LIST_FIELDS, goList, rawImports } from '../test-support/go-list';
import { mapLimit } from '../test-support/map-limit';

const PLATFORMS = [
  'linux/amd64',
  'linux/arm64',
  'linux/386',
  'darwin/arm64',
  'windows/amd64',
  'freebsd/amd64',
  'js/wasm',
  'wasip1/wasm',
  'plan9/amd64',
];

const GOROOT = execFileSync('go', ['env', 'GOROOT'], { env: goEnv(), encoding: 'utf8' }).trim();
const SRC = path.join(GOROOT, 'src');
const JSON_FIELDS = [
  'Dir',
  'ImportPath',
  'Name',
  'ImportMap',
  ...LIST_FIELDS.map((f) => f[0]),
  ...IMPORT_FIELDS.map((f) => f[0]),
];

interface Run {
  platform: string;
  cgo: boolean;
  pkgs: GoListPackage[];
}

const isVendored = (p: GoListPackage) => /(^|\/)vendor\//.test(p.ImportPath);

/** Headers do not depend on the platform: read each file once for all runs. */
const headerCache = new Map<string, GoFileHeader>();
const cachedHeader = (f: string) =>
  headerCache.get(f) ?? (headerCache.set(f, readGoFileHeader(f)), headerCache.get(f)!);

function diff(want: string[], got: string[]): string | undefined {
  const a = JSON.stringify([...want].sort());
  const b = JSON.stringify([...got].sort());
  return a === b ? undefined : `want ${a}\n     got  ${b}`;
}

describe('scanner vs go list over GOROOT/src', () => {
  let runs: Run[] = [];

  beforeAll(async () => {
    const jobs = PLATFORMS.flatMap((platform) => [false, true].map((cgo) => ({ platform, cgo })));
    runs = await mapLimit(jobs, 3, async ({ platform, cgo }) => {
      const [goos, goarch] = platform.split('/');
      const env = { GOOS: goos, GOARCH: goarch, CGO_ENABLED: cgo ? '1' : '0' };
      const pkgs = await goList([`-json=${JSON_FIELDS.join(',')}`, 'std', 'cmd'], { cwd: SRC, env });
      return { platform, cgo, pkgs: pkgs.filter((p) => !isVendored(p)) };
    });
  }, 240_000);

  it('mode context equals go list for every platform, cgo off and on', () => {
    let comparisons = 0;
    let packages = 0;
    const mismatches: string[] = [];
    for (const run of runs) {
      const [goos, goarch] = run.platform.split('/');
      const context = contextFromGo(goos, goarch, run.cgo);
      for (const want of run.pkgs) {
        const got = scanPackageDir(want.Dir, { kind: 'context', context }, { readHeader: cachedHeader });
        packages++;
        const where = `${run.platform} cgo=${run.cgo ? 1 : 0} ${want.ImportPath}`;
        if (!got) {
          mismatches.push(`${where}: scanner found no package`);
          continue;
        }
        comparisons++;
        if ((want.Name ?? '') !== got.name) mismatches.push(`${where} Name: want ${want.Name} got ${got.name}`);
        for (const [goField, field] of LIST_FIELDS) {
          comparisons++;
          const d = diff((want[goField] as string[]) ?? [], (got[field] as string[]) ?? []);
          if (d) mismatches.push(`${where} ${goField}:\n     ${d}`);
        }
        for (const [goField, field] of IMPORT_FIELDS) {
          comparisons++;
          const d = diff(rawImports(want, goField), got[field]);
          if (d) mismatches.push(`${where} ${goField}:\n     ${d}`);
        }
      }
    }
    const pct = ((100 * (comparisons - mismatches.length)) / comparisons).toFixed(3);
    console.log(
      `oracle mode context: ${runs.length} runs, ${packages} package listings, ${comparisons} field comparisons, ${mismatches.length} mismatches (${pct}% equal)`,
    );
    expect(mismatches.slice(0, 30)).toEqual([]);
  });

  it('test embeds equal go list -test (linux/amd64)', async () => {
    const run = runs.find((r) => r.platform === 'linux/amd64' && r.cgo)!;
    const withTestEmbeds = run.pkgs.filter((p) => p.TestEmbedPatterns || p.XTestEmbedPatterns);
    // Only -test resolves test embeds; its test variants (ForTest, "p [p.test]") are skipped.
    const listed = await goList(
      [
        '-test',
        '-json=ImportPath,Dir,ForTest,TestEmbedFiles,XTestEmbedFiles',
        ...withTestEmbeds.map((p) => p.ImportPath),
      ],
      {
        cwd: SRC,
        env: { GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' },
      },
    );
    const context = contextFromGo('linux', 'amd64', true);
    const mismatches: string[] = [];
    let compared = 0;
    for (const want of listed.filter(
      (p) => !p.ForTest && !p.ImportPath.includes(' ') && !p.ImportPath.endsWith('.test'),
    )) {
      const got = scanPackageDir(want.Dir, { kind: 'context', context }, { readHeader: cachedHeader })!;
      for (const [g, f] of [
        ['TestEmbedFiles', 'testEmbedFiles'],
        ['XTestEmbedFiles', 'xTestEmbedFiles'],
      ] as const) {
        compared++;
        const d = diff((want[g] as string[]) ?? [], got[f]);
        if (d) mismatches.push(`${want.ImportPath} ${g}:\n     ${d}`);
      }
    }
    console.log(
      `oracle test embeds: ${withTestEmbeds.length} packages, ${compared} comparisons, ${mismatches.length} mismatches`,
    );
    expect(withTestEmbeds.length).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('mode anyPlatform contains every platform', () => {
    const byDir = new Map<string, GoPackageFacts | undefined>();
    const any = (dir: string) => {
      if (!byDir.has(dir)) byDir.set(dir, scanPackageDir(dir, { kind: 'anyPlatform' }, { readHeader: cachedHeader }));
      return byDir.get(dir);
    };
    let checks = 0;
    const missing: string[] = [];
    const included = LIST_FIELDS.filter(([g]) => !/^(Ignored|Invalid)/.test(g));
    for (const run of runs) {
      for (const want of run.pkgs) {
        const got = any(want.Dir);
        const where = `${run.platform} cgo=${run.cgo ? 1 : 0} ${want.ImportPath}`;
        const check = (field: string, wantList: string[], gotList: string[]) => {
          checks++;
          const extra = wantList.filter((x) => !gotList.includes(x));
          if (extra.length) missing.push(`${where} ${field}: missing ${extra.join(' ')}`);
        };
        for (const [goField, field] of included)
          check(goField, (want[goField] as string[]) ?? [], (got?.[field] as string[]) ?? []);
        for (const [goField, field] of IMPORT_FIELDS) check(goField, rawImports(want, goField), got?.[field] ?? []);
      }
    }
    console.log(`oracle mode anyPlatform: ${byDir.size} dirs, ${checks} superset checks, ${missing.length} missing`);
    expect(missing.slice(0, 30)).toEqual([]);
  });
});
