import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/audit/canonicalJson.js';
import { sameJson } from '../../src/domain/sameJson.js';
import { Prng } from '../support/prng.js';
import { randomJson, reordered } from '../support/randomJson.js';

describe('two JSON values', () => {
  it('are the same exactly when their canonical JSON is, for varied random values', () => {
    const prng = new Prng(3);
    let same = 0;
    for (let i = 0; i < 3_000; i++) {
      const a = randomJson(prng);
      const b = prng.chance(0.5) ? reordered(prng, a) : randomJson(prng);
      const expected = canonicalJson(a) === canonicalJson(b);
      expect(sameJson(a, b)).toBe(expected);
      if (expected) same++;
    }
    expect(same).toBeGreaterThan(1_000);
  });

  it.each<[string, unknown, unknown, boolean]>([
    ['members in another order', { a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 }, true],
    ['a member holding undefined, and none', { a: 1, b: undefined }, { a: 1 }, true],
    ['-0 and 0', { n: -0 }, { n: 0 }, true],
    ['an own "__proto__" key and an object without it', JSON.parse('{"__proto__":{}}'), {}, false],
    ['an array and an object with its indexes', [1], { '0': 1 }, false],
    ['null and an empty object', null, {}, false],
    ['arrays of other lengths', [1, 2], [1], false],
    ['one more member', { a: 1 }, { a: 1, b: null }, false],
  ])('%s: same is %s', (_label, a, b, expected) => {
    expect(sameJson(a, b)).toBe(expected);
    expect(sameJson(b, a)).toBe(expected);
    expect(canonicalJson(a) === canonicalJson(b)).toBe(expected);
  });
});
