import { cgoDirectiveProblem, splitQuoted } from './cgo-directives';

// Unit cases; fixtures.spec.ts compares whole packages with go list.
describe('cgoDirectiveProblem', () => {
  const all = () => true;
  const check = (text: string, matches: (c: string) => boolean = all, dir = '/src/p') =>
    cgoDirectiveProblem(text, dir, matches);

  it('accepts well-formed lines and skips what is not a #cgo line', () => {
    expect(
      check('#include <x.h>\n #cgo CFLAGS: -O2 -I${SRCDIR}/inc\n#cgo nocallback f\n#cgo noescape g\n#cgox y\n#cgo\n'),
    ).toBeUndefined();
    expect(check('#cgo linux,amd64 !windows LDFLAGS: -lm\n#cgo pkg-config: zlib png\n')).toBeUndefined();
  });

  it('reports what go list reports, with the line as written', () => {
    expect(check('  #cgo LDFLAGS -lm ')).toBe('invalid #cgo line: #cgo LDFLAGS -lm'); // quoted trimmed, as go list does
    expect(check('#cgo : x')).toBe('invalid #cgo line: #cgo : x');
    expect(check('#cgo BOGUS: x')).toBe('invalid #cgo verb: #cgo BOGUS: x');
    expect(check('#cgo CFLAGS: -Da;b')).toBe('malformed #cgo argument: -Da;b');
    expect(check('#cgo CFLAGS: -I${SRCDIR}', all, '/src/a(b)')).toBe('malformed #cgo argument: -I/src/a(b)');
    expect(check('#cgo CFLAGS: "-DX')).toBe('invalid #cgo line: #cgo CFLAGS: "-DX');
    expect(check('#cgo CFLAGS: -I${SRCDIR}', all, '/src/a\\b')).toBe('malformed #cgo argument: -I/src/a\\b'); // a backslash is no separator here
  });

  it('skips a line whose conditions do not hold, before looking at its arguments', () => {
    const linuxOnly = (c: string) => c === 'linux';
    expect(check('#cgo windows BOGUS: a;b', linuxOnly)).toBeUndefined();
    expect(check('#cgo windows linux BOGUS: x', linuxOnly)).toBe('invalid #cgo verb: #cgo windows linux BOGUS: x');
    expect(check('#cgo windows LDFLAGS -lm', linuxOnly)).toMatch(/invalid #cgo line/); // no colon: before the conditions
  });
});

describe('splitQuoted', () => {
  it('splits like cmd/go', () => {
    expect(splitQuoted(`a b:"c d" 'e''f'  "g\\""`)).toEqual(['a', 'b:c d', 'ef', 'g"']);
    expect(splitQuoted('  ')).toEqual([]);
    expect(splitQuoted('""')).toEqual(['']);
    expect(splitQuoted('a\\ b\u00a0c')).toEqual(['a b', 'c']);
    expect(splitQuoted('"open')).toBeUndefined();
    expect(splitQuoted('x\\')).toBeUndefined();
  });
});
