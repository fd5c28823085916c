import { describe, expect, it } from 'vitest';
import { resolveCut } from '../../src/app/cut.js';
import { ValidationError } from '../../src/errors.js';
import { compareTimePoints, endOf, intervalOf, isoInstant, parseTimePoint, TimePoint } from '../../src/time/timePoint.js';

const ms = (iso: string) => Date.parse(iso);

describe('a well-formed TimePoint', () => {
  it.each([
    // text, precision, UTC start, UTC end (both inclusive)
    ['2026-05-12T09:30:00Z', 'instant', '2026-05-12T09:30:00.000Z', '2026-05-12T09:30:00.000Z'],
    ['2026-05-12T09:30:00+02:00', 'instant', '2026-05-12T07:30:00.000Z', '2026-05-12T07:30:00.000Z'],
    ['2026-05-12T09:30:00-05:30', 'instant', '2026-05-12T15:00:00.000Z', '2026-05-12T15:00:00.000Z'],
    ['2026-05-12T23:30:00-05:30', 'instant', '2026-05-13T05:00:00.000Z', '2026-05-13T05:00:00.000Z'],
    ['2026-05-12T00:15:00+02:00', 'instant', '2026-05-11T22:15:00.000Z', '2026-05-11T22:15:00.000Z'],
    ['2026-05-12T09:30Z', 'instant', '2026-05-12T09:30:00.000Z', '2026-05-12T09:30:00.000Z'],
    ['2026-05-12T09:30+02:00', 'instant', '2026-05-12T07:30:00.000Z', '2026-05-12T07:30:00.000Z'],
    ['2026-05-12T09:30:15.250Z', 'instant', '2026-05-12T09:30:15.250Z', '2026-05-12T09:30:15.250Z'],
    ['2026-05-12T09:30:15.5+01:00', 'instant', '2026-05-12T08:30:15.500Z', '2026-05-12T08:30:15.500Z'],
    ['2026-05-12T09:30:15.123456789Z', 'instant', '2026-05-12T09:30:15.123Z', '2026-05-12T09:30:15.123Z'],
    ['2026-05-12T23:59:59Z', 'instant', '2026-05-12T23:59:59.000Z', '2026-05-12T23:59:59.000Z'],
    ['2026-05-12', 'day', '2026-05-12T00:00:00.000Z', '2026-05-12T23:59:59.999Z'],
    ['2026-12-31', 'day', '2026-12-31T00:00:00.000Z', '2026-12-31T23:59:59.999Z'],
    ['2026-05', 'month', '2026-05-01T00:00:00.000Z', '2026-05-31T23:59:59.999Z'],
    ['2026-04', 'month', '2026-04-01T00:00:00.000Z', '2026-04-30T23:59:59.999Z'],
    ['2026-02', 'month', '2026-02-01T00:00:00.000Z', '2026-02-28T23:59:59.999Z'],
    ['2024-02', 'month', '2024-02-01T00:00:00.000Z', '2024-02-29T23:59:59.999Z'],
    ['2000-02', 'month', '2000-02-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z'],
    ['1900-02', 'month', '1900-02-01T00:00:00.000Z', '1900-02-28T23:59:59.999Z'],
    ['2026-12', 'month', '2026-12-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z'],
    ['2026', 'year', '2026-01-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z'],
    ['2024', 'year', '2024-01-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z'],
  ])('%s is a %s from %s to %s', (text, precision, start, end) => {
    expect(parseTimePoint(text)).toEqual({ precision, start: ms(start), end: ms(end) });
  });
});

describe('leap years', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2100-02-29', false],
    ['2024-02-29T12:00:00Z', true],
    ['2026-02-29T12:00:00Z', false],
  ])('%s is valid: %s', (text, valid) => {
    expect(parseTimePoint(text) !== undefined).toBe(valid);
    expect(TimePoint.safeParse(text).success).toBe(valid);
  });

  it('ends 2024-02-29 at its last millisecond', () => {
    expect(endOf('2024-02-29')).toBe(ms('2024-02-29T23:59:59.999Z'));
  });
});

describe('years before 100', () => {
  // new Date(99, 0, 1) would mean 1999: each case must stay in year 99 (or 4, or 0).
  it.each([
    ['0099', '0099-01-01T00:00:00.000Z', '0099-12-31T23:59:59.999Z'],
    ['0099-02', '0099-02-01T00:00:00.000Z', '0099-02-28T23:59:59.999Z'],
    ['0004-02', '0004-02-01T00:00:00.000Z', '0004-02-29T23:59:59.999Z'],
    ['0099-12-31', '0099-12-31T00:00:00.000Z', '0099-12-31T23:59:59.999Z'],
    ['0004-02-29', '0004-02-29T00:00:00.000Z', '0004-02-29T23:59:59.999Z'],
    ['0099-03-01T10:00:00Z', '0099-03-01T10:00:00.000Z', '0099-03-01T10:00:00.000Z'],
    ['0000', '0000-01-01T00:00:00.000Z', '0000-12-31T23:59:59.999Z'],
  ])('%s covers %s to %s', (text, start, end) => {
    const interval = intervalOf(text);
    expect(isoInstant(interval.start)).toBe(start);
    expect(isoInstant(interval.end)).toBe(end);
  });

  it('rejects 0099-02-29 (99 is not a leap year) and accepts 0096-02-29', () => {
    expect(parseTimePoint('0099-02-29')).toBeUndefined();
    expect(parseTimePoint('0096-02-29')).toBeDefined();
  });
});

describe('an impossible date or time', () => {
  it.each([
    '2026-02-30',
    '2026-04-31',
    '2026-13',
    '2026-13-01',
    '2026-00',
    '2026-00-10',
    '2026-05-00',
    '2026-05-32',
    '2026-05-12T24:00:00Z',
    '2026-05-12T25:00Z',
    '2026-05-12T09:60:00Z',
    '2026-05-12T09:30:60Z',
    '2026-05-12T09:30:00+25:00',
    '2026-05-12T09:30:00+24:00',
    '2026-05-12T09:30:00+02:60',
    '2026-02-30T10:00:00Z',
  ])('%s is not a TimePoint', (text) => {
    expect(parseTimePoint(text)).toBeUndefined();
    expect(TimePoint.safeParse(text).success).toBe(false);
    expect(() => intervalOf(text)).toThrow(RangeError);
  });
});

describe('a malformed string', () => {
  it.each([
    '',
    ' 2026',
    '2026 ',
    '26',
    '202',
    '20260',
    '2026-5',
    '2026-5-1',
    '20260512',
    '2026/05/12',
    '12-05-2026',
    '2026-05-12T09:30:00', // no offset: ambiguous
    '2026-05-12 09:30:00Z',
    '2026-05-12t09:30:00z',
    '2026-05-12T09Z',
    '2026-05-12T9:30Z',
    '2026-05-12T09:30.5Z', // a fraction needs seconds
    '2026-05-12T09:30:00.Z',
    '2026-05-12T09:30:00.1234567890Z',
    '2026-05-12T09:30:00+0200',
    '2026-05-12T09:30:00+2:00',
    '+002026-05-12',
    '-0001',
    'yesterday',
    'NaN',
    '2026-W19',
    '2026-132',
  ])('%j is not a TimePoint', (text) => {
    expect(parseTimePoint(text)).toBeUndefined();
    expect(TimePoint.safeParse(text).success).toBe(false);
  });

  it('rejects non-strings and over-long strings in the schema', () => {
    expect(TimePoint.safeParse(2026).success).toBe(false);
    expect(TimePoint.safeParse(null).success).toBe(false);
    expect(TimePoint.safeParse(`2026-05-12T09:30:00.${'1'.repeat(40)}Z`).success).toBe(false);
  });
});

describe('the precision a TimePoint was written with', () => {
  it.each(['2026', '2026-05', '2026-05-12', '2026-05-12T09:30+02:00', '2026-05-12T09:30:00.500-05:30'])('%s comes back from the schema exactly as written', (text) => {
    expect(TimePoint.parse(text)).toBe(text);
  });
});

describe('compareTimePoints (valid-time order)', () => {
  it.each([
    ['2026-05-12T09:30:00Z', '2026-05-12T09:30:01Z', -1],
    ['2026-05-12T09:30:00+02:00', '2026-05-12T08:00:00Z', -1], // 07:30Z before 08:00Z, though it reads later
    ['2026-05-12T09:30:00+02:00', '2026-05-12T07:30:00Z', 0],
    ['2026-05-12', '2026-05-12T00:00:00Z', 1], // same start; the instant ends first
    ['2026-05', '2026-05-01', 1], // same start; the day ends first
    ['2026', '2026-01', 1],
    ['2026', '2026-05-12', -1], // the year starts first
    ['2026-04', '2026-05', -1],
    ['2025', '2026-01-01T00:00:00Z', -1],
    ['0099', '1999', -1],
  ])('compares %s with %s as %i', (a, b, sign) => {
    expect(Math.sign(compareTimePoints(a, b))).toBe(sign);
    expect(Math.sign(compareTimePoints(b, a))).toBe(-sign || 0);
  });

  it('sorts a mixed list by start, then by the earlier end', () => {
    const points = ['2026-05-12', '2026', '2026-05-12T10:00:00+02:00', '2026-05', '2025-12-31T23:00:00-02:00', '2026-05-01'];
    expect([...points].sort(compareTimePoints)).toEqual([
      '2026',
      '2025-12-31T23:00:00-02:00', // 01:00Z on 1 January 2026: after the year starts
      '2026-05-01',
      '2026-05',
      '2026-05-12', // starts at 00:00Z
      '2026-05-12T10:00:00+02:00', // 08:00Z
    ]);
  });
});

describe('endOf', () => {
  it.each([
    ['2026-05-12T09:30:00+02:00', '2026-05-12T07:30:00.000Z'],
    ['2026-05-12', '2026-05-12T23:59:59.999Z'],
    ['2026-02', '2026-02-28T23:59:59.999Z'],
    ['2024-02', '2024-02-29T23:59:59.999Z'],
    ['2026', '2026-12-31T23:59:59.999Z'],
  ])('the last millisecond of %s is %s', (text, end) => {
    expect(isoInstant(endOf(text))).toBe(end);
  });

  it('throws a RangeError for a value that is not a TimePoint', () => {
    expect(() => endOf('2026-02-30')).toThrow(RangeError);
  });
});

describe('resolveCut (CONTRACT §2 asOf / knownAt)', () => {
  const now = ms('2026-06-15T12:00:00.000Z');

  it('defaults both axes to now and echoes now as an ISO instant', () => {
    expect(resolveCut(undefined, undefined, now)).toEqual({
      cut: { asOf: now, knownAt: now },
      asOf: '2026-06-15T12:00:00.000Z',
      knownAt: '2026-06-15T12:00:00.000Z',
    });
  });

  it.each([
    ['2026-05-12', '2026-05-12T23:59:59.999Z'],
    ['2026-05', '2026-05-31T23:59:59.999Z'],
    ['2026', '2026-12-31T23:59:59.999Z'],
    ['2026-05-12T09:30:00+02:00', '2026-05-12T07:30:00.000Z'],
  ])('cuts asOf=%s at %s and echoes it as written', (asOf, end) => {
    const resolved = resolveCut(asOf, undefined, now);
    expect(resolved.cut.asOf).toBe(ms(end));
    expect(resolved.asOf).toBe(asOf);
    expect(resolved.cut.knownAt).toBe(now);
  });

  it('cuts knownAt at the end of its TimePoint too', () => {
    const resolved = resolveCut(undefined, '2026-05-12', now);
    expect(resolved.cut).toEqual({ asOf: now, knownAt: ms('2026-05-12T23:59:59.999Z') });
    expect(resolved.knownAt).toBe('2026-05-12');
  });

  it.each([
    ['asOf', '2026-02-30', undefined],
    ['asOf', 'last week', undefined],
    ['knownAt', undefined, '2026-13'],
    ['knownAt', undefined, '2026-05-12T09:30:00'],
  ])('rejects a bad %s with a 400 ValidationError naming it', (name, asOf, knownAt) => {
    let error: unknown;
    try {
      resolveCut(asOf, knownAt, now);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(400);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual([name]);
  });

  describe('an event counts at asOf only when its whole occurredAt interval ends by the cut', () => {
    const counts = (occurredAt: string, asOf: string) => endOf(occurredAt) <= resolveCut(asOf, undefined, now).cut.asOf;

    it.each([
      ['2026-05-12T23:00:00Z', '2026-05-12', true], // a date-only asOf is the end of that day
      ['2026-05-12T23:59:59.999Z', '2026-05-12', true],
      ['2026-05-13T00:00:00Z', '2026-05-12', false],
      ['2026-05-13T01:00:00+02:00', '2026-05-12', true], // 23:00Z on the 12th
      ['2026-05-12', '2026-05-12', true],
      ['2026-05-12', '2026-05-12T23:59:59Z', false], // the day is not over yet
      ['2026-05', '2026-05-30', false], // a month counts only once it has ended
      ['2026-05', '2026-05-31', true],
      ['2026-05', '2026-05', true],
      ['2026', '2026-12-30', false],
      ['2026', '2026-12-31', true],
      ['2026-05-12', '2026-05', true],
    ])('occurredAt %s at asOf %s: %s', (occurredAt, asOf, expected) => {
      expect(counts(occurredAt, asOf)).toBe(expected);
    });
  });
});
