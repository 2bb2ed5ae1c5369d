// Go string literals as strconv reads them (Unquote, QuotedPrefix), over UTF-8 as unicode/utf8 decodes it.

/** strconv.Unquote for a string token the scanner accepted. */
export function unquoteGoString(lit: string): string {
  if (lit.startsWith('`') || !lit.includes('\\')) return lit.slice(1, -1);
  const bytes: number[] = [];
  const body = Buffer.from(lit.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length;) {
    const c = body[i];
    if (c !== 0x5c) {
      bytes.push(c);
      i++;
      continue;
    }
    const e = String.fromCharCode(body[i + 1]);
    const simple = 'abfnrtv\\"\''.indexOf(e);
    if (simple >= 0) {
      bytes.push([7, 8, 12, 10, 13, 9, 11, 0x5c, 0x22, 0x27][simple]);
      i += 2;
    } else if (e === 'x' || (e >= '0' && e <= '7')) {
      const len = e === 'x' ? 2 : 3;
      const digits = body.toString('latin1', e === 'x' ? i + 2 : i + 1, (e === 'x' ? i + 2 : i + 1) + len);
      bytes.push(parseInt(digits, e === 'x' ? 16 : 8) & 0xff);
      i += (e === 'x' ? 2 : 1) + len;
    } else {
      const len = e === 'u' ? 4 : 8;
      const cp = parseInt(body.toString('latin1', i + 2, i + 2 + len), 16);
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      i += 2 + len;
    }
  }
  const buf = Buffer.from(bytes);
  return isValidUTF8(buf) ? buf.toString('utf8') : buf.toString('latin1').replace(/[\x80-\xff]/g, '\ufffd');
}

function isValidUTF8(b: Uint8Array): boolean {
  for (let i = 0; i < b.length;) {
    const [r, w] = decodeRune(b, i, b.length);
    if (r === -2) return false;
    i += w;
  }
  return true;
}

/** strconv.QuotedPrefix for "..." and `...` (escapes checked like strconv.Unquote). */
export function quotedPrefix(s: string): string | undefined {
  if (s[0] === '`') {
    const j = s.indexOf('`', 1);
    return j < 0 ? undefined : s.slice(0, j + 1);
  }
  const m = /^"(?:[^"\\\n]|\\(?:[abfnrtv\\"]|[0-7]{3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}))*"/.exec(s);
  if (!m) return undefined;
  for (const e of m[0].matchAll(/\\(?:([0-7]{3})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/g)) {
    const v = e[1] ? parseInt(e[1], 8) : parseInt(e[2] ?? e[3], 16);
    if ((e[1] && v > 255) || (!e[1] && (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)))) return undefined;
  }
  return m[0];
}

/** utf8.DecodeRune: [rune, width]; invalid encodings give [-2, 1]. */
export function decodeRune(b: Uint8Array, i: number, end: number): [number, number] {
  const c0 = b[i];
  if (c0 < 0x80) return [c0, 1];
  const need = c0 >= 0xf0 ? 3 : c0 >= 0xe0 ? 2 : c0 >= 0xc2 ? 1 : -1;
  if (need < 0 || c0 > 0xf4 || i + need >= end) return [-2, 1];
  let r = c0 & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const c = b[i + k];
    if ((c & 0xc0) !== 0x80) return [-2, 1];
    r = (r << 6) | (c & 0x3f);
  }
  const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
  if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return [-2, 1];
  return [r, need + 1];
}
