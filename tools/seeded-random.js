// mulberry32: a small deterministic PRNG shared by the fixture generator and the fuzz tools, so
// a seed means the same sequence everywhere (src/test-support/fuzz-mutations.ts keeps a typed twin
// for the jest suite, which does not load tools/).
'use strict';

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { prng };
