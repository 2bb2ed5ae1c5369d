// JUnit XML for one package from the `go test -json` stream (single and batch mode alike): one
// testcase per test and subtest with its time, failure and skip text. Pure: events in, XML out.
// Written by hand rather than with an XML library: the format needs elements, attributes and
// escaping only (see docs/design.md).
import { ownerOf } from './batch-parse';

/** One line of `go test -json` (cmd/test2json's TestEvent, plus go's BuildEvent fields). */
export interface TestEvent {
  Time?: string;
  Action?: string;
  Package?: string;
  Test?: string;
  Elapsed?: number;
  Output?: string;
  FailedBuild?: string;
  ImportPath?: string;
}

interface Case {
  name: string;
  status: 'pass' | 'fail' | 'skip' | 'running';
  time: number;
  output: string;
}

/** The name of the testcase that carries a package failure no test explains (build error, panic in init). */
export const PACKAGE_FAILURE_CASE = '(package)';

export function junitXml(pkg: string, events: TestEvent[]): string {
  const cases = new Map<string, Case>();
  let packageOutput = '';
  let buildOutput = '';
  let final: TestEvent | undefined;
  let timestamp: string | undefined;
  for (const e of events) {
    if (e.Package === undefined && typeof e.ImportPath === 'string') {
      // Build output of the package's test variants ("p [p.test]") or of a broken dependency.
      if (e.Action === 'build-output' && e.Output && ownerOf(e.ImportPath) === pkg) buildOutput += e.Output;
      continue;
    }
    if (e.Package !== pkg) continue;
    timestamp ??= e.Time;
    if (!e.Test) {
      if (e.Output) packageOutput += e.Output;
      if (e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip') final = e;
      continue;
    }
    let c = cases.get(e.Test);
    if (!c) cases.set(e.Test, (c = { name: e.Test, status: 'running', time: 0, output: '' }));
    if (e.Output) c.output += e.Output;
    if (e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip') {
      c.status = e.Action;
      c.time = e.Elapsed ?? 0;
    }
  }
  if (final?.FailedBuild && ownerOf(final.FailedBuild) !== pkg) {
    for (const e of events)
      if (e.ImportPath === final.FailedBuild && e.Action === 'build-output' && e.Output) buildOutput += e.Output;
  }
  const list = [...cases.values()];
  // A test still running when the stream ended (a timeout, a crash) counts as failed.
  for (const c of list) if (c.status === 'running') c.status = 'fail';
  if (final?.Action === 'fail' && !list.some((c) => c.status === 'fail')) {
    list.push({
      name: PACKAGE_FAILURE_CASE,
      status: 'fail',
      time: final.Elapsed ?? 0,
      output: buildOutput + packageOutput,
    });
  }
  const failures = list.filter((c) => c.status === 'fail').length;
  const skipped = list.filter((c) => c.status === 'skip').length;
  const time = seconds(final?.Elapsed ?? list.reduce((t, c) => t + c.time, 0));
  const suite = attrs({
    name: pkg,
    tests: list.length,
    failures,
    errors: 0,
    skipped,
    time,
    ...(timestamp ? { timestamp } : {}),
  });
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  xml += `<testsuites${attrs({ tests: list.length, failures, errors: 0, skipped, time })}>\n`;
  xml += `  <testsuite${suite}>\n`;
  for (const c of list) {
    const head = `    <testcase${attrs({ classname: pkg, name: c.name, time: seconds(c.time) })}`;
    if (c.status === 'fail')
      xml += `${head}>\n      <failure${attrs({ message: 'Failed' })}>${text(c.output)}</failure>\n    </testcase>\n`;
    else if (c.status === 'skip')
      xml += `${head}>\n      <skipped${attrs({ message: skipMessage(c.output) })}></skipped>\n    </testcase>\n`;
    else xml += `${head}></testcase>\n`;
  }
  xml += '  </testsuite>\n</testsuites>\n';
  return xml;
}

function seconds(n: number): string {
  return n.toFixed(3);
}

function skipMessage(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('=== ') && !l.startsWith('--- SKIP'));
  return lines.join('\n') || 'Skipped';
}

// Characters XML 1.0 cannot hold at all (control characters other than tab, LF, CR; lone surrogates).
// eslint-disable-next-line no-control-regex -- the control characters are what it matches
const INVALID = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(s: string): string {
  return s.replace(INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attrs(values: Record<string, string | number>): string {
  let out = '';
  for (const [k, v] of Object.entries(values)) {
    const escaped = text(String(v))
      .replace(/"/g, '&quot;')
      .replace(/\n/g, '&#10;')
      .replace(/\r/g, '&#13;')
      .replace(/\t/g, '&#9;');
    out += ` ${k}="${escaped}"`;
  }
  return out;
}
