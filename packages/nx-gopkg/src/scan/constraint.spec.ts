import {
  evalAnyTags,
  evalConstraint,
  isGoBuildLine,
  parseGoBuildExpr,
  parsePlusBuildExpr,
  plusBuildText,
} from './constraint';

const isPlusBuildLine = (line: string) => plusBuildText(line) !== undefined;

const tags =
  (...on: string[]) =>
  (t: string) =>
    on.includes(t);
const expr = (text: string) => {
  const r = parseGoBuildExpr(text);
  if ('error' in r) throw new Error(r.error);
  return r.expr;
};

describe('//go:build expressions', () => {
  it.each([
    ['linux', ['linux'], true],
    ['linux && amd64', ['linux'], false],
    ['linux || darwin', ['darwin'], true],
    ['!windows', ['linux'], true],
    ['(linux || darwin) && !cgo', ['darwin', 'cgo'], false],
    ['a || b && c', ['a'], true], // && binds tighter
    ['go1.21 && amd64.v2', ['go1.21', 'amd64.v2'], true],
    ['ünïcode', ['ünïcode'], true],
  ])('%s with %j is %s', (text, on, want) => {
    expect(evalConstraint(expr(text), tags(...on))).toBe(want);
  });

  it.each([
    ['', 'unexpected end of expression'],
    ['linux &&', 'unexpected end of expression'],
    ['(linux', 'missing close paren'],
    ['linux)', 'unexpected token )'],
    ['!!linux', 'double negation not allowed'],
    ['linux & amd64', 'invalid syntax at &'],
    ['linux, amd64', 'invalid syntax at ,'],
    ['linux amd64', 'unexpected token amd64'],
    ['a-b', 'invalid syntax at -'],
  ])('rejects %j (%s)', (text, message) => {
    expect(parseGoBuildExpr(text)).toEqual({ error: message });
  });

  it('limits the size', () => {
    expect(parseGoBuildExpr(Array(1002).fill('x').join(' || '))).toEqual({ error: 'build expression too large' });
  });
});

describe('// +build lines', () => {
  it('spaces are OR, commas AND, ! negates', () => {
    const r = parsePlusBuildExpr('linux,amd64 darwin,!cgo');
    if (!('expr' in r)) throw new Error('parse');
    expect(evalConstraint(r.expr, tags('linux', 'amd64'))).toBe(true);
    expect(evalConstraint(r.expr, tags('darwin', 'cgo'))).toBe(false);
    expect(evalConstraint(r.expr, tags('darwin'))).toBe(true);
  });

  it('malformed words mean "ignore", which no build satisfies', () => {
    const holds = (text: string) => {
      const r = parsePlusBuildExpr(text);
      return 'expr' in r && evalConstraint(r.expr, (t) => t !== 'ignore');
    };
    expect(['!!linux', '!', 'a-b', ''].map(holds)).toEqual([false, false, false, false]);
    expect(holds('!a-b')).toBe(true); // !ignore
  });

  it('recognises the line forms go/build recognises', () => {
    expect(isGoBuildLine('//go:build linux')).toBe(true);
    expect(isGoBuildLine('//go:build')).toBe(true);
    expect(isGoBuildLine('//go:buildlinux')).toBe(false);
    expect(isGoBuildLine('// go:build linux')).toBe(false);
    expect(isPlusBuildLine('// +build linux')).toBe(true);
    expect(isPlusBuildLine('//+build linux')).toBe(true);
    expect(isPlusBuildLine('// +buildlinux')).toBe(false);
    expect(isGoBuildLine('// hello') || isPlusBuildLine('// hello')).toBe(false);
  });
});

describe('any-tags evaluation (go mod tidy)', () => {
  it.each([
    ['linux', true],
    ['!linux', true],
    ['linux && !linux', true],
    ['ignore', false],
    ['!ignore', true],
    ['linux && ignore', false],
    ['!(linux || ignore)', true],
  ])('%s is %s', (text, want) => {
    expect(evalAnyTags(expr(text))).toBe(want);
  });

  it('extra tags are plainly true, so they can enable ignore', () => {
    expect(evalAnyTags(expr('ignore'), new Set(['ignore']))).toBe(true);
  });
});
