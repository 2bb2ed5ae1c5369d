// go.mod interpretation, following golang.org/x/mod/modfile (rule.go) as used by
// `go mod edit -json` (strict parse, versions canonicalized, no network lookups).
// Problems are returned as data; a bad line is dropped, the rest is kept.
import { parseModSyntax, unquoteGoString, type ModComment, type ModLine, type ModBlock } from './modfile-lexer';
import { canonicalModuleVersion, checkPathMajor, pathMajor } from './module-path';
import type { GoModFile, ModuleVersion, Problem } from './types';

/** `go` version syntax (modfile.GoVersionRE). */
export const GO_VERSION_RE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
/** `toolchain` syntax (modfile.ToolchainRE): deliberately loose for forward compatibility. */
const TOOLCHAIN_RE = /^default$|^go1($|\.)/;

const MOD_BLOCK_VERBS = new Set(['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);

/** Parses go.mod text. `file` is used in problems and stored in the result. Never throws. */
export function parseGoMod(text: string, file: string): GoModFile {
  const syntax = parseModSyntax(text, file);
  const mod: GoModFile = {
    file,
    module: '',
    require: [],
    replace: [],
    exclude: [],
    retract: [],
    retractIntervals: [],
    godebug: [],
    tool: [],
    ignore: [],
    problems: syntax.problems,
  };
  const state: ModState = { mod, seen: new Set() };
  forEachDirective(syntax.statements, MOD_BLOCK_VERBS, file, mod.problems, (d) => addModDirective(state, d));
  if (!state.seen.has('module')) {
    mod.problems.push({ kind: 'module-file', file, message: 'missing module declaration' });
  }
  reportDuplicateRequires(mod);
  return mod;
}

/** One directive line: verb, arguments and where it came from. */
export interface Directive {
  verb: string;
  args: string[];
  line: ModLine;
  block?: ModBlock;
  /** Appends a problem positioned at this line. */
  fail(message: string): void;
}

/** Walks lines and blocks, reporting unknown block types (shared with go.work). */
export function forEachDirective(
  statements: (ModLine | ModBlock)[],
  blockVerbs: Set<string>,
  file: string,
  problems: Problem[],
  visit: (d: Directive) => void,
): void {
  const make = (verb: string, args: string[], line: ModLine, block?: ModBlock): Directive => ({
    verb,
    args,
    line,
    block,
    fail: (message) => problems.push({ kind: 'module-file', file, line: line.line, message }),
  });
  for (const stmt of statements) {
    if (stmt.kind === 'line') {
      visit(make(stmt.tokens[0], stmt.tokens.slice(1), stmt));
    } else if (stmt.tokens.length !== 1 || !blockVerbs.has(stmt.tokens[0])) {
      problems.push({
        kind: 'module-file',
        file,
        line: stmt.line,
        message: `unknown block type: ${stmt.tokens.join(' ')}`,
      });
    } else {
      for (const l of stmt.lines) visit(make(stmt.tokens[0], l.tokens, l, stmt));
    }
  }
}

interface ModState {
  mod: GoModFile;
  /** Single-occurrence directives already seen (module, go, toolchain). */
  seen: Set<string>;
}

function addModDirective(state: ModState, d: Directive): void {
  const { mod } = state;
  switch (d.verb) {
    case 'module':
      return addModule(state, d);
    case 'go':
    case 'toolchain':
      return addGoOrToolchain(state, d);
    case 'godebug':
      return addGodebug(mod.godebug, d);
    case 'require':
    case 'exclude':
      return addRequireOrExclude(mod, d);
    case 'replace': {
      const r = parseReplace(d);
      if (r) mod.replace.push(r);
      return;
    }
    case 'retract':
      return addRetract(mod, d);
    case 'tool':
    case 'ignore': {
      const s = singleStringArg(d);
      if (s !== undefined) (d.verb === 'tool' ? mod.tool : mod.ignore).push(s);
      return;
    }
    default:
      d.fail(`unknown directive: ${d.verb}`);
  }
}

function addModule(state: ModState, d: Directive): void {
  if (state.seen.has('module')) return d.fail('repeated module statement');
  state.seen.add('module');
  if (d.args.length !== 1) return d.fail('usage: module module/path');
  const s = parseString(d.args[0]);
  if ('error' in s) return d.fail(`invalid quoted string: ${s.error}`);
  state.mod.module = s.value;
  const deprecated = deprecationOf(d);
  if (deprecated !== undefined) state.mod.deprecated = deprecated;
}

/** `go` and `toolchain` (also used for go.work). */
export function parseGoOrToolchain(seen: Set<string>, d: Directive): string | undefined {
  if (seen.has(d.verb)) return void d.fail(`repeated ${d.verb} statement`);
  if (d.args.length !== 1) return void d.fail(`${d.verb} directive expects exactly one argument`);
  const v = d.args[0];
  if (d.verb === 'go' && !GO_VERSION_RE.test(v)) {
    return void d.fail(`invalid go version '${v}': must match format 1.23.0`);
  }
  if (d.verb === 'toolchain' && !TOOLCHAIN_RE.test(v)) {
    return void d.fail(`invalid toolchain version '${v}': must match format go1.23.0 or default`);
  }
  seen.add(d.verb);
  return v;
}

function addGoOrToolchain(state: ModState, d: Directive): void {
  const v = parseGoOrToolchain(state.seen, d);
  if (v === undefined) return;
  if (d.verb === 'go') state.mod.go = v;
  else state.mod.toolchain = v;
}

/** `godebug key=value` (also used for go.work). */
export function addGodebug(list: { key: string; value: string }[], d: Directive): void {
  const arg = d.args.length === 1 ? d.args[0] : undefined;
  const eq = arg?.indexOf('=') ?? -1;
  if (arg === undefined || /["`',]/.test(arg) || eq < 0) return d.fail('usage: godebug key=value');
  list.push({ key: arg.slice(0, eq), value: arg.slice(eq + 1) });
}

function addRequireOrExclude(mod: GoModFile, d: Directive): void {
  if (d.args.length !== 2) return d.fail(`usage: ${d.verb} module/path v1.2.3`);
  const path = parseString(d.args[0]);
  if ('error' in path) return d.fail(`invalid quoted string: ${path.error}`);
  const version = checkedVersion(d, path.value, d.args[1]);
  if (version === undefined) return;
  if (d.verb === 'require') {
    mod.require.push({ path: path.value, version, indirect: isIndirect(d.line), line: d.line.line });
  } else {
    mod.exclude.push({ path: path.value, version });
  }
}

/** Parses a version and checks it against the path's major version suffix. */
function checkedVersion(d: Directive, path: string, raw: string): string | undefined {
  const major = pathMajor(path);
  if (major === undefined) return void d.fail('invalid module path');
  const v = parseVersion(d, path, raw);
  if (v === undefined) return undefined;
  const err = checkPathMajor(v, major);
  if (err) return void d.fail(`${d.verb} ${path}: ${err}`);
  return v;
}

function parseVersion(d: Directive, path: string, raw: string): string | undefined {
  const s = parseString(raw);
  if ('error' in s) return void d.fail(`${d.verb} ${path}: version ${JSON.stringify(raw)} invalid: ${s.error}`);
  const cv = canonicalModuleVersion(s.value);
  if (cv === '') {
    // cmd/go would try to resolve a branch or tag name over the network here.
    return void d.fail(`${d.verb} ${path}: version ${JSON.stringify(s.value)} invalid: must be of the form v1.2.3`);
  }
  return cv;
}

/** `replace old [v] => new [v]` (also used for go.work). */
export function parseReplace(d: Directive): GoModFile['replace'][number] | undefined {
  const { args } = d;
  const arrow = args.length >= 2 && args[1] === '=>' ? 1 : 2;
  if (args.length < arrow + 2 || args.length > arrow + 3 || args[arrow] !== '=>') {
    return void d.fail(
      `usage: ${d.verb} module/path [v1.2.3] => other/module v1.4\n\t or ${d.verb} module/path [v1.2.3] => ../local/directory`,
    );
  }
  const oldPath = parseString(args[0]);
  if ('error' in oldPath) return void d.fail(`invalid quoted string: ${oldPath.error}`);
  const old: ModuleVersion = { path: oldPath.value };
  if (arrow === 2) {
    const v = checkedVersion(d, old.path, args[1]);
    if (v === undefined) return undefined;
    old.version = v;
  } else if (pathMajor(old.path) === undefined) {
    return void d.fail(`${d.verb} ${old.path}: invalid module path`);
  }
  const newPath = parseString(args[arrow + 1]);
  if ('error' in newPath) return void d.fail(`invalid quoted string: ${newPath.error}`);
  const target: ModuleVersion = { path: newPath.value };
  const isDir = isDirectoryPath(target.path);
  if (args.length === arrow + 2) {
    if (!isDir) {
      return void d.fail(
        target.path.includes('@')
          ? "replacement module must match format 'path version', not 'path@version'"
          : 'replacement module without version must be directory path (rooted or starting with . or ..)',
      );
    }
    if (target.path.includes('\\')) {
      return void d.fail('replacement directory appears to be Windows path (on a non-windows system)');
    }
  } else {
    const v = parseVersion(d, target.path, args[arrow + 2]);
    if (v === undefined) return undefined;
    if (isDir)
      return void d.fail(`replacement module directory path ${JSON.stringify(target.path)} cannot have version`);
    target.version = v;
  }
  return { old, new: target, line: d.line.line };
}

function addRetract(mod: GoModFile, d: Directive): void {
  const args = [...d.args];
  const interval = parseVersionInterval(args);
  if ('error' in interval) return d.fail(`${d.verb}: ${interval.error}`);
  if (args.length > 0) return d.fail(`unexpected token after version: ${JSON.stringify(args[0])}`);
  const { low, high, text } = interval;
  mod.retract.push(text);
  mod.retractIntervals!.push({ low, high, rationale: directiveComment(d) });
}

/**
 * `v1.2.3` or `[v1.0.0, v1.0.5]`, consuming tokens from `args`. Like `go mod edit`,
 * retracted versions are kept as written (cmd/go resolves them later).
 */
function parseVersionInterval(args: string[]): { low: string; high: string; text: string } | { error: string } {
  const next = (): string | undefined => args.shift();
  const version = (): string | { error: string } => {
    const t = next();
    if (t === undefined) return { error: 'expected version' };
    const s = parseString(t);
    return 'error' in s ? { error: `version ${JSON.stringify(t)} invalid: ${s.error}` } : s.value;
  };
  if (args.length === 0 || args[0] === '(') return { error: "expected '[' or version" };
  if (args[0] !== '[') {
    const v = version();
    return typeof v === 'string' ? { low: v, high: v, text: v } : v;
  }
  next();
  if (args.length === 0) return { error: "expected version after '['" };
  const low = version();
  if (typeof low !== 'string') return low;
  if (next() !== ',') return { error: "expected ',' after version" };
  if (args.length === 0) return { error: "expected version after ','" };
  const high = version();
  if (typeof high !== 'string') return high;
  if (next() !== ']') return { error: "expected ']' after version" };
  return { low, high, text: `[${low}, ${high}]` };
}

/** A directive needing exactly one (possibly quoted) argument: tool, ignore, use. */
export function singleStringArg(d: Directive, usage?: string): string | undefined {
  if (d.args.length !== 1) return void d.fail(usage ?? `${d.verb} directive expects exactly one argument`);
  const s = parseString(d.args[0]);
  if ('error' in s) return void d.fail(`invalid quoted string: ${s.error}`);
  return s.value;
}

/** modfile's parseString: `"quoted"` is unquoted; other quotes are reserved. */
function parseString(token: string): { value: string } | { error: string } {
  if (token.startsWith('"')) return unquoteGoString(token);
  if (/["'`]/.test(token)) return { error: 'unquoted string cannot contain quote' };
  return { value: token };
}

/** `// indirect` or `// indirect; more text` as the line's end-of-line comment. */
function isIndirect(line: ModLine): boolean {
  if (line.suffix.length === 0) return false;
  const f = line.suffix[0].text.replace(/^\/\//, '').trim().split(/\s+/).filter(Boolean);
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

/** The comments on a directive (or on its block when the line has none), `//` stripped. */
function directiveComment(d: Directive): string {
  let groups: ModComment[][] = [d.line.before, d.line.suffix];
  if (d.block && d.line.before.length === 0 && d.line.suffix.length === 0) groups = [d.block.before];
  return groups
    .flat()
    .filter((c) => c.text.startsWith('//'))
    .map((c) => c.text.slice(2).trim())
    .join('\n');
}

function deprecationOf(d: Directive): string | undefined {
  const m = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/.exec(directiveComment(d));
  return m ? m[1] : undefined;
}

function reportDuplicateRequires(mod: GoModFile): void {
  const first = new Map<string, number>();
  for (const r of mod.require) {
    const prev = first.get(r.path);
    if (prev === undefined) first.set(r.path, r.line);
    else {
      mod.problems.push({
        kind: 'module-file',
        file: mod.file,
        line: r.line,
        message: `duplicate require of ${r.path} (also at line ${prev}); go reports "updates to go.mod needed"`,
      });
    }
  }
}

/** modfile.IsDirectoryPath: relative (./, ../) or rooted paths, in Unix or Windows syntax. */
function isDirectoryPath(p: string): boolean {
  return (
    p === '.' ||
    p.startsWith('./') ||
    p.startsWith('.\\') ||
    p === '..' ||
    p.startsWith('../') ||
    p.startsWith('..\\') ||
    p.startsWith('/') ||
    p.startsWith('\\') ||
    /^[A-Za-z]:/.test(p)
  );
}
