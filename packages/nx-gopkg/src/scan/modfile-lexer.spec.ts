import { parseModSyntax, unquoteGoString } from './modfile-lexer';

describe('parseModSyntax', () => {
  it('splits lines and blocks and attaches comments like modfile', () => {
    const { statements, problems } = parseModSyntax(
      [
        '// file comment', // 1
        '', // 2
        '// about x', // 3
        'x a "b c" `d` // suffix', // 4
        'blk ( // paren comment', // 5
        '\t// before y', // 6
        '', // 7
        '\ty 1', // 8
        '\tz ( ) [ ] , { }', // 9
        ')', // 10
        'empty ()', // 11
        'mid ( ) tail', // 12
      ].join('\n'),
      'f',
    );
    expect(problems).toEqual([]);
    expect(statements).toEqual([
      {
        kind: 'line',
        tokens: ['x', 'a', '"b c"', '`d`'],
        line: 4,
        before: [{ text: '// about x', line: 3 }],
        suffix: [{ text: '// suffix', line: 4 }],
      },
      {
        kind: 'block',
        tokens: ['blk'],
        line: 5,
        before: [],
        lines: [
          { kind: 'line', tokens: ['y', '1'], line: 8, before: [{ text: '// before y', line: 6 }], suffix: [] },
          { kind: 'line', tokens: ['z', '(', ')', '[', ']', ',', '{', '}'], line: 9, before: [], suffix: [] },
        ],
      },
      { kind: 'block', tokens: ['empty'], line: 11, before: [], lines: [] },
      { kind: 'line', tokens: ['mid', '(', ')', 'tail'], line: 12, before: [], suffix: [] },
    ]);
  });

  it('handles CRLF, identifiers glued to strings and // inside identifiers', () => {
    const { statements } = parseModSyntax('a "x"y\r\nb c//d\r\n', 'f');
    expect(statements.map((s) => s.kind === 'line' && [s.tokens, s.suffix.map((c) => c.text)])).toEqual([
      [['a', '"x"', 'y'], []],
      [['b', 'c'], ['//d']],
    ]);
  });

  it('reports lexical errors with their line and drops only the broken line', () => {
    const { statements, problems } = parseModSyntax('a b\nc /* x */\nd "open\ne\x01\nf g\n', 'f');
    expect(problems).toEqual([
      { kind: 'module-file', file: 'f', line: 2, message: 'mod files must use // comments (not /* */ comments)' },
      { kind: 'module-file', file: 'f', line: 3, message: 'unexpected newline in string' },
      { kind: 'module-file', file: 'f', line: 4, message: 'unexpected input character "\\u0001"' },
    ]);
    expect(statements.map((s) => s.tokens.join(' '))).toEqual(['a b', 'f g']);
  });
});

describe('unquoteGoString', () => {
  it('unquotes like strconv.Unquote', () => {
    expect(unquoteGoString('"a\\tb\\u00e9\\x41\\101\\""')).toEqual({ value: 'a\tbéAA"' });
    expect(unquoteGoString('"bad \\q"')).toEqual({ error: 'invalid syntax' });
    expect(unquoteGoString('"no \\\' in double quotes"')).toEqual({ error: 'invalid syntax' });
  });
});
