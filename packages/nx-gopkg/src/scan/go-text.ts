// Go's notion of letters, digits and white space (unicode.IsLetter/IsDigit/IsSpace), which
// differs from JavaScript's String.prototype.trim and \s in a few code points.

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export const isGoSpace = (ch: string): boolean => {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return GO_SPACE.test(ch);
};

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s[a])) a++;
  while (b > a && isGoSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

/** strings.Fields. */
export function goFields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (isGoSpace(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** Build tags are letters, digits, '_' or '.'; digits may lead ("386"). */
export function isTagChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e) {
    return true;
  }
  return c >= 0x80 && (LETTER.test(ch) || DIGIT.test(ch));
}

// The same over code points, for the byte-level scanner (go/scanner's isLetter, isDigit, digitVal).
export const isDecimal = (c: number) => c >= 0x30 && c <= 0x39;
export const isAsciiIdent = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
export const isHex = (c: number) => isDecimal(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
export const lower = (c: number) => c | 0x20;
export function isLetter(c: number): boolean {
  const l = lower(c);
  return (l >= 0x61 && l <= 0x7a) || c === 0x5f || (c >= 0x80 && LETTER.test(String.fromCodePoint(c)));
}
export const isDigit = (c: number) => isDecimal(c) || (c >= 0x80 && DIGIT.test(String.fromCodePoint(c)));
export function digitVal(c: number): number {
  if (isDecimal(c)) return c - 0x30;
  const l = lower(c);
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : 16;
}
