// nx-gopkg's plugin options, as written in nx.json:
//
//   "plugins": [{ "plugin": "nx-gopkg", "options": { "buildTargetName": "go-build", "tags": ["integration"] } }]
//
// Every option is optional; `normalizeOptions` fills the defaults documented in docs/options.md.
import type { BuildContext, ScanMode } from '../scan/types';
import type { NameScheme } from '../graph/names';

export interface GopkgPluginOptions {
  /** Name of the compile target (default `go-build`). */
  buildTargetName?: string;
  /** Name of the test target, inferred where a package has _test.go files (default `go-test`). */
  testTargetName?: string;
  /** Name of the vet target (default `go-vet`). */
  vetTargetName?: string;
  /** Name of the run target of main packages (default `go-run`). */
  runTargetName?: string;
  /** Name of the gofmt check target (default `go-fmt`); `false` turns it off. */
  fmtTargetName?: string | false;
  /** Name of the module-level `go mod tidy` check (default `go-tidy`); `false` turns it off. */
  tidyTargetName?: string | false;
  /** Name of the golangci-lint target (default `go-lint`); `false` turns it off. */
  lintTargetName?: string | false;
  /** Name of the module-level `go generate ./...` target, never cached (default `go-generate`); `false` turns it off. */
  generateTargetName?: string | false;
  /**
   * golangci-lint: inferred (default) where a golangci config sits in the module root or a
   * directory above it inside the workspace; `true` infers it for every package.
   */
  lint?: boolean;
  /** go-test writes `<outputDir>/test-results/<dir>/coverage.out` (default false). */
  coverage?: boolean;
  /** go-test writes `<outputDir>/test-results/<dir>/junit.xml` (default false). */
  junit?: boolean;
  /** `goos/goarch` pairs: go-build gets one configuration per platform, named `goos-goarch`. */
  platforms?: string[];
  /** Make the run target `continuous` (for servers) (default false). */
  continuousRun?: boolean;
  /** `importPath` (default) or `path` (workspace-relative directory). */
  projectNameScheme?: NameScheme;
  /** Globs (workspace-relative package directories) to keep; default all. */
  include?: string[];
  /** Globs (workspace-relative package directories) to drop. */
  exclude?: string[];
  /** Directory names never walked, besides go's own skips (default `["node_modules"]`). */
  skipDirs?: string[];
  /** Extra build tags: added to `-tags` of every go command and to the scan. */
  tags?: string[];
  /**
   * One platform instead of the default any-platform view. Files other platforms compile are
   * then not inputs: only choose this when the workspace is built for this platform alone.
   */
  buildContext?: { goos: string; goarch: string; cgoEnabled?: boolean };
  /**
   * Stamp VCS information (revision, commit time, modified) into main packages' binaries, as go
   * build does by default; their go-build then hashes the repository's VCS state, so a stamped
   * binary is never reused across commits (default false: -buildvcs=false, reproducible binaries).
   */
  stamp?: boolean;
  /** Where main-package binaries go, workspace-relative (default `dist/go`). */
  outputDir?: string;
  /**
   * Directories that another Nx task writes and Go packages embed, when nx-gopkg cannot read that
   * task's `outputs` itself (targets inferred by other plugins): `{ "web/dist": "web:build" }`.
   */
  embedTargets?: Record<string, string>;
  /**
   * Go's build cache shared through nx-gopkg's GOCACHEPROG program (docs/go-build-cache.md): read by
   * the executors when a task runs, never by inference, so it is not in NormalizedOptions.
   * The NX_GOPKG_GOCACHE_REMOTE / _DIR / _REMOTE_READONLY environment variables take precedence.
   */
  goBuildCache?: { remote?: string; dir?: string; readOnly?: boolean };
}

export interface NormalizedOptions {
  buildTargetName: string;
  testTargetName: string;
  vetTargetName: string;
  runTargetName: string;
  fmtTargetName: string | false;
  tidyTargetName: string | false;
  lintTargetName: string | false;
  generateTargetName: string | false;
  lint: boolean | 'auto';
  coverage: boolean;
  junit: boolean;
  platforms: Array<{ goos: string; goarch: string }>;
  continuousRun: boolean;
  projectNameScheme: NameScheme;
  include: string[];
  exclude: string[];
  skipDirs: string[];
  tags: string[];
  buildContext?: { goos: string; goarch: string; cgoEnabled: boolean };
  outputDir: string;
  stamp: boolean;
  embedTargets: Record<string, string>;
}

export function normalizeOptions(options: GopkgPluginOptions | undefined): NormalizedOptions {
  const o = options ?? {};
  return {
    buildTargetName: o.buildTargetName ?? 'go-build',
    testTargetName: o.testTargetName ?? 'go-test',
    vetTargetName: o.vetTargetName ?? 'go-vet',
    runTargetName: o.runTargetName ?? 'go-run',
    fmtTargetName: targetName(o.fmtTargetName, 'go-fmt'),
    tidyTargetName: targetName(o.tidyTargetName, 'go-tidy'),
    lintTargetName: targetName(o.lintTargetName, 'go-lint'),
    generateTargetName: targetName(o.generateTargetName, 'go-generate'),
    lint: o.lint === true ? true : o.lint === false ? false : 'auto',
    coverage: o.coverage === true,
    junit: o.junit === true,
    platforms: parsePlatforms(o.platforms),
    continuousRun: o.continuousRun ?? false,
    projectNameScheme: o.projectNameScheme === 'path' ? 'path' : 'importPath',
    include: o.include ?? [],
    exclude: o.exclude ?? [],
    skipDirs: o.skipDirs ?? ['node_modules'],
    tags: (o.tags ?? []).filter((t) => typeof t === 'string' && t.length > 0),
    buildContext: o.buildContext
      ? { goos: o.buildContext.goos, goarch: o.buildContext.goarch, cgoEnabled: o.buildContext.cgoEnabled ?? true }
      : undefined,
    outputDir: (o.outputDir ?? 'dist/go').replace(/\/+$/, ''),
    stamp: o.stamp === true,
    embedTargets: o.embedTargets && typeof o.embedTargets === 'object' ? o.embedTargets : {},
  };
}

function targetName(value: string | false | undefined, fallback: string): string | false {
  if (value === false) return false;
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

/** "linux/arm64" → { goos, goarch }; malformed entries and duplicates are dropped. */
function parsePlatforms(list: unknown): Array<{ goos: string; goarch: string }> {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const out: Array<{ goos: string; goarch: string }> = [];
  for (const entry of list) {
    const m = typeof entry === 'string' ? /^([a-z0-9]+)\/([a-z0-9]+)$/.exec(entry.trim()) : null;
    if (!m || seen.has(m[0])) continue;
    seen.add(m[0]);
    out.push({ goos: m[1], goarch: m[2] });
  }
  return out;
}

/** The Nx configuration name of a platform: `linux-arm64`. */
export function platformConfigurationName(p: { goos: string; goarch: string }): string {
  return `${p.goos}-${p.goarch}`;
}

/** The scanner mode the options ask for. */
export function scanModeOf(options: NormalizedOptions, goVersion: string, toolTags: string[]): ScanMode {
  if (!options.buildContext) return { kind: 'anyPlatform', tags: options.tags, goVersion };
  const context: BuildContext = {
    goos: options.buildContext.goos,
    goarch: options.buildContext.goarch,
    cgoEnabled: options.buildContext.cgoEnabled,
    tags: options.tags,
    toolTags,
    goVersion,
  };
  return { kind: 'context', context };
}
