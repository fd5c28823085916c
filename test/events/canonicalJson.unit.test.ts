import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/events/canonicalJson.js';
import { Workload } from '../bench/workload.js';
import { Prng } from '../support/prng.js';
import { randomJson, reordered } from '../support/randomJson.js';

describe('canonical JSON of event content', () => {
  it('writes the same text as the canonicalize package for every event of a workload', () => {
    const workload = new Workload({ events: 3_000, negotiations: 30, bigStreamEvents: 300 });
    let compared = 0;
    for (const { negotiationId, input, recordedAtMs } of workload.events()) {
      const content = { ...input, negotiationId, revision: compared, recordedAt: new Date(recordedAtMs).toISOString(), recordedBy: 'bench' };
      expect(canonicalJson(content)).toBe(canonicalize(content));
      compared++;
    }
    expect(compared).toBe(3_000);
  });

  it('writes the same text as the canonicalize package for varied random values, in any member order', () => {
    const prng = new Prng(8785);
    for (let i = 0; i < 2_000; i++) {
      const value = randomJson(prng);
      expect(canonicalJson(value)).toBe(canonicalize(value));
      expect(canonicalJson(reordered(prng, value))).toBe(canonicalize(value));
    }
  });

  it('sorts keys by UTF-16 code units and escapes strings as RFC 8785 does', () => {
    const value = {
      z: 1,
      é: 'accent',
      '€': 'euro',
      '😀': 'astral',
      a: ['x', null, true, { b: 2, a: [1e21, 1e-7, -0, 0.1] }],
      text: 'quote " backslash \\ control \u0001 line\nlone \ud800 surrogate',
      '': 'empty key',
    };
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(canonicalJson(value).startsWith('{"":"empty key","a":')).toBe(true);
  });

  it('keeps a "__proto__" key that JSON.parse made an own property', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":1},"a":2,"b":1}');
    expect(canonicalJson(parsed)).toBe(canonicalize(parsed));
  });

  it('leaves out undefined members, writes undefined array items as null and uses toJSON', () => {
    const value = { keep: 1, drop: undefined, list: [undefined, 2], when: new Date(Date.UTC(2026, 4, 12)) };
    expect(canonicalJson(value)).toBe('{"keep":1,"list":[null,2],"when":"2026-05-12T00:00:00.000Z"}');
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('orders integer-like keys as text ("10" before "9"), as RFC 8785 does, though JavaScript enumerates them by number', () => {
    const value = { b: 1, '10': 'ten', '9': 'nine', nested: [{ '2': 'x', '11': 'y' }] };
    expect(canonicalJson(value)).toBe('{"10":"ten","9":"nine","b":1,"nested":[{"11":"y","2":"x"}]}');
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('refuses numbers JSON cannot carry, also beside integer-like keys', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(RangeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => canonicalJson({ '1': 'one', z: Number.NaN })).toThrow(RangeError);
  });
});
