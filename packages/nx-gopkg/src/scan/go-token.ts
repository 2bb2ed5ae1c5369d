// Go's token kinds and keywords (go/token), as far as the header parser tells them apart.

export type TokKind =
  | 'IDENT'
  | 'KEYWORD'
  | 'STRING'
  | 'LITERAL' // INT, FLOAT, IMAG, CHAR
  | 'SEMI'
  | 'LPAREN'
  | 'RPAREN'
  | 'RBRACE'
  | 'COMMA'
  | 'PERIOD'
  | 'OP' // any other operator or delimiter
  | 'ILLEGAL'
  | 'COMMENT'
  | 'EOF';

export interface Token {
  kind: TokKind;
  /** Literal text: identifier, keyword, quoted string (\r removed from raw strings), comment. */
  lit: string;
  /** Byte offset of the token start (relative to the buffer). */
  offset: number;
  line: number;
  /** For SEMI: true when written as ';' (not inserted at a newline or EOF). */
  explicit?: boolean;
}

export const GO_KEYWORDS: ReadonlySet<string> = new Set(
  'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(
    ' ',
  ),
);
