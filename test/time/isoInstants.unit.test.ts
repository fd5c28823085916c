import { describe, expect, it } from 'vitest';
import { isoInstantWriter, isoIntervalWriter } from '../../src/time/isoInstants.js';
import { Prng } from '../support/prng.js';

describe('an ISO instant writer', () => {
  it('writes what toISOString writes, for random instants across four-digit years and for the edges', () => {
    const write = isoInstantWriter();
    const prng = new Prng(11);
    const edges = [0, -1, 1, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, Date.UTC(2026, 4, 11, 23, 59, 59, 999), 1.5];
    const random = Array.from({ length: 20_000 }, () => Math.floor((prng.next() - 0.5) * 2 * 253_402_300_799_999));
    for (const ms of [...edges, ...random, ...random]) expect(write(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('an ISO interval writer', () => {
  it('writes null for an open end and ISO instants for the rest', () => {
    const write = isoIntervalWriter();
    expect(write({ start: Number.NEGATIVE_INFINITY, end: Date.UTC(2026, 4, 15, 23, 59, 59, 999) })).toEqual({ start: null, end: '2026-05-15T23:59:59.999Z' });
    expect(write({ start: Date.UTC(2026, 3, 1), end: Number.POSITIVE_INFINITY })).toEqual({ start: '2026-04-01T00:00:00.000Z', end: null });
  });
});
