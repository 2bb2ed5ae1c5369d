import { GoScanner } from './go-scanner';

/** Every token and error of src. */
function scanAll(src: string) {
  const b = Buffer.from(src, 'latin1');
  const sc = new GoScanner(b, 0, b.length);
  for (let t = sc.scan(); t.kind !== 'EOF'; t = sc.scan());
  return sc.errors;
}

describe('GoScanner', () => {
  it('gives each error the line it is on, errors in any order of offsets', () => {
    const src = 'a := "\\q"\n\n\x00 b\n`x\n\ny\n` "\\z" \'ab\'\n\x01\n"no end';
    const want = (offset: number) => src.slice(0, offset).split('\n').length;
    const errors = scanAll(src);
    expect(errors.length).toBeGreaterThan(4);
    for (const e of errors) expect([e.message, e.line]).toEqual([e.message, want(e.offset)]);
    // lineAt itself, going backwards and forwards.
    const b = Buffer.from(src, 'latin1');
    const sc = new GoScanner(b, 0, b.length);
    for (const at of [src.length, 3, 12, 0, 20, 19, src.length]) expect([at, sc.lineAt(at)]).toEqual([at, want(at)]);
  });

  it('scans a large file full of errors in time linear in its size', () => {
    // 200,000 illegal characters on 20,000 lines: counting each error's line from the start
    // of the file took minutes.
    const src = 'package p\n' + '\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\n'.repeat(20_000);
    const t0 = performance.now();
    const errors = scanAll(src);
    // A hang guard, as in fuzz.spec.ts, not a speed measurement: about 0.3 s now, 32 s before.
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(errors.length).toBe(200_000);
    expect(errors[errors.length - 1].line).toBe(20_001);
  });
});
