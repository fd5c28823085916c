import { describe, expect, it } from 'vitest';
import { resolveCut } from '../../src/app/cut.js';
import { ValidationError } from '../../src/errors.js';
import { compareTimePoints, endOf, intervalOf, isoInstant, isoInterval, parseTimePoint, TimePoint, timePointProblem } from '../../src/time/timePoint.js';

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
    const interval = parseTimePoint(text);
    expect(interval).toEqual({ precision, start: ms(start), end: ms(end) });
    expect(Object.keys(interval!)).toEqual(['precision', 'start', 'end']); // v1 forms read exactly as before: no qualifier, no ends
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
    expect(TimePoint.safeParse(`2026-05-12T09:30:00Z/2026-05-12T09:30:00.${'1'.repeat(60)}Z`).success).toBe(false);
    expect(parseTimePoint(`2026-05-12T09:30:00Z/2026-05-12T09:30:00.${'1'.repeat(60)}Z`)).toBeUndefined();
  });
});

describe('the precision a TimePoint was written with', () => {
  it.each(['2026', '2026-05', '2026-05-12', '2026-05-12T09:30+02:00', '2026-05-12T09:30:00.500-05:30'])('%s comes back from the schema exactly as written', (text) => {
    expect(TimePoint.parse(text)).toBe(text);
  });
});

describe('a qualified date (EDTF level 1, CONTRACT §2.1)', () => {
  it.each([
    // text, precision, qualifier, UTC start, UTC end: the period of the date without its qualifier
    ['2026-05~', 'month', 'approximate', '2026-05-01T00:00:00.000Z', '2026-05-31T23:59:59.999Z'],
    ['2026-05?', 'month', 'uncertain', '2026-05-01T00:00:00.000Z', '2026-05-31T23:59:59.999Z'],
    ['2026-05%', 'month', 'approximate-uncertain', '2026-05-01T00:00:00.000Z', '2026-05-31T23:59:59.999Z'],
    ['2026-05-12?', 'day', 'uncertain', '2026-05-12T00:00:00.000Z', '2026-05-12T23:59:59.999Z'],
    ['2026-05-12~', 'day', 'approximate', '2026-05-12T00:00:00.000Z', '2026-05-12T23:59:59.999Z'],
    ['2026%', 'year', 'approximate-uncertain', '2026-01-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z'],
    ['2026~', 'year', 'approximate', '2026-01-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z'],
    ['2024-02-29?', 'day', 'uncertain', '2024-02-29T00:00:00.000Z', '2024-02-29T23:59:59.999Z'],
    ['0099~', 'year', 'approximate', '0099-01-01T00:00:00.000Z', '0099-12-31T23:59:59.999Z'],
  ])('%s is a %s, %s, from %s to %s (not widened)', (text, precision, qualifier, start, end) => {
    expect(parseTimePoint(text)).toEqual({ precision, qualifier, start: ms(start), end: ms(end) });
    const bare = intervalOf(text.slice(0, -1));
    expect([intervalOf(text).start, intervalOf(text).end]).toEqual([bare.start, bare.end]);
    expect(TimePoint.parse(text)).toBe(text);
  });
});

describe('an EDTF interval (CONTRACT §2.1)', () => {
  it.each([
    // text, UTC start (null: open), UTC end (null: open), its first end, its second end (null: open)
    ['2026-05-12/2026-05-14', '2026-05-12T00:00:00.000Z', '2026-05-14T23:59:59.999Z', '2026-05-12', '2026-05-14'],
    ['2026-05/2026-06-03', '2026-05-01T00:00:00.000Z', '2026-06-03T23:59:59.999Z', '2026-05', '2026-06-03'],
    ['2026-05-12T09:30:00+02:00/2026-05-13', '2026-05-12T07:30:00.000Z', '2026-05-13T23:59:59.999Z', '2026-05-12T09:30:00+02:00', '2026-05-13'],
    ['2025/2026-05-12T09:30Z', '2025-01-01T00:00:00.000Z', '2026-05-12T09:30:00.000Z', '2025', '2026-05-12T09:30Z'],
    ['2026-05-12T09:30:00Z/2026-05-12T10:00:00-05:00', '2026-05-12T09:30:00.000Z', '2026-05-12T15:00:00.000Z', '2026-05-12T09:30:00Z', '2026-05-12T10:00:00-05:00'],
    ['2026-05-12T09:30:00.250+02:00/2026-05-12T09:30:00.750+02:00', '2026-05-12T07:30:00.250Z', '2026-05-12T07:30:00.750Z', '2026-05-12T09:30:00.250+02:00', '2026-05-12T09:30:00.750+02:00'],
    ['2026/2027', '2026-01-01T00:00:00.000Z', '2027-12-31T23:59:59.999Z', '2026', '2027'],
    ['0099/0100', '0099-01-01T00:00:00.000Z', '0100-12-31T23:59:59.999Z', '0099', '0100'],
    // open ends
    ['../2026-05-15', null, '2026-05-15T23:59:59.999Z', null, '2026-05-15'],
    ['2026-04/..', '2026-04-01T00:00:00.000Z', null, '2026-04', null],
    ['../2026-05-12T09:30:00+02:00', null, '2026-05-12T07:30:00.000Z', null, '2026-05-12T09:30:00+02:00'],
    ['2026/..', '2026-01-01T00:00:00.000Z', null, '2026', null],
    // qualified ends (each end keeps its own qualifier; neither widens)
    ['2026-05~/2026-06?', '2026-05-01T00:00:00.000Z', '2026-06-30T23:59:59.999Z', '2026-05~', '2026-06?'],
    ['2026-05-12%/2026-05-14', '2026-05-12T00:00:00.000Z', '2026-05-14T23:59:59.999Z', '2026-05-12%', '2026-05-14'],
    ['2026-05-12T09:30:00Z/2026-05-14~', '2026-05-12T09:30:00.000Z', '2026-05-14T23:59:59.999Z', '2026-05-12T09:30:00Z', '2026-05-14~'],
    ['../2026?', null, '2026-12-31T23:59:59.999Z', null, '2026?'],
    ['2026-04%/..', '2026-04-01T00:00:00.000Z', null, '2026-04%', null],
    // edges: ends that are the same point, meet, overlap, or read later than they are in UTC
    ['2026-05-12/2026-05-12', '2026-05-12T00:00:00.000Z', '2026-05-12T23:59:59.999Z', '2026-05-12', '2026-05-12'],
    ['2026-05-12/2026-05-12T00:00:00Z', '2026-05-12T00:00:00.000Z', '2026-05-12T00:00:00.000Z', '2026-05-12', '2026-05-12T00:00:00Z'],
    ['2026-05-12T09:30:00Z/2026-05-12T09:30:00Z', '2026-05-12T09:30:00.000Z', '2026-05-12T09:30:00.000Z', '2026-05-12T09:30:00Z', '2026-05-12T09:30:00Z'],
    ['2026-05-12T00:00:00Z/2026-05-12', '2026-05-12T00:00:00.000Z', '2026-05-12T23:59:59.999Z', '2026-05-12T00:00:00Z', '2026-05-12'],
    ['2026-05/2026-05-03', '2026-05-01T00:00:00.000Z', '2026-05-03T23:59:59.999Z', '2026-05', '2026-05-03'],
    ['2026-05-13/2026-05', '2026-05-13T00:00:00.000Z', '2026-05-31T23:59:59.999Z', '2026-05-13', '2026-05'],
    ['2026-05-12T00:00:00+02:00/2026-05-11', '2026-05-11T22:00:00.000Z', '2026-05-11T23:59:59.999Z', '2026-05-12T00:00:00+02:00', '2026-05-11'],
    // the longest: two instants with nanoseconds and offsets (71 characters)
    [
      '2026-05-12T09:30:15.123456789+02:00/2026-05-12T09:30:15.123456789+02:00',
      '2026-05-12T07:30:15.123Z',
      '2026-05-12T07:30:15.123Z',
      '2026-05-12T09:30:15.123456789+02:00',
      '2026-05-12T09:30:15.123456789+02:00',
    ],
  ])('%s is an interval from %s to %s', (text, start, end, lower, upper) => {
    expect(parseTimePoint(text)).toEqual({
      precision: 'interval',
      start: start === null ? -Infinity : ms(start),
      end: end === null ? Infinity : ms(end),
      ...(lower === null ? {} : { lower: intervalOf(lower) }),
      ...(upper === null ? {} : { upper: intervalOf(upper) }),
    });
    expect(TimePoint.parse(text)).toBe(text);
  });

  it('keeps each end as the point it is alone: precision and qualifier', () => {
    const interval = intervalOf('2026-05~/2026-06-03?');
    expect(interval.lower).toEqual({ precision: 'month', qualifier: 'approximate', start: ms('2026-05-01T00:00:00Z'), end: ms('2026-05-31T23:59:59.999Z') });
    expect(interval.upper).toEqual({ precision: 'day', qualifier: 'uncertain', start: ms('2026-06-03T00:00:00Z'), end: ms('2026-06-03T23:59:59.999Z') });
    expect(interval.qualifier).toBeUndefined();
    expect(intervalOf('../2026-05-15').lower).toBeUndefined();
    expect(intervalOf('2026-04/..').upper).toBeUndefined();
  });

  it('reads each text once and hands back the same frozen reading after', () => {
    const first = parseTimePoint('2026-03-02/2026-03-04~');
    expect(parseTimePoint('2026-03-02/2026-03-04~')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first!.lower)).toBe(true);
    expect(Object.isFrozen(first!.upper)).toBe(true);
  });
});

describe('an EDTF form Parley does not take', () => {
  it.each([
    // text, what the schema says
    ['2026-05-14/2026-05-12', /must not start after it ends: 2026-05-14 is after 2026-05-12/],
    ['2026-05-12T00:00:00Z/2026-05-11', /must not start after it ends/],
    ['2026-05-12T10:00Z/2026-05-12T09:59:59.999Z', /must not start after it ends/],
    ['2026-05-12T00:00:00.001Z/2026-05-12T00:00:00Z', /must not start after it ends/],
    ['2027/2026-12', /must not start after it ends/],
    ['../..', /at least one end/],
    ['2026-13~', /2026-13 does not exist/],
    ['2026-00?', /2026-00 does not exist/],
    ['2026-02-29~', /2026-02-29 does not exist/],
    ['2026-02-30/2026-03', /2026-02-30 does not exist/],
    ['2026-05-12/2026-13', /2026-13 does not exist/],
    ['2026-05-12T24:00:00Z/..', /2026-05-12T24:00:00Z does not exist/],
    ['2026-21', /season/],
    ['2026-24', /season/],
    ['2026-21/2026-22', /season/],
    ['2026-XX', /unspecified digits/],
    ['2026-05-XX', /unspecified digits/],
    ['202X', /unspecified digits/],
    ['2026-05-XX/2026-06', /unspecified digits/],
    ['Y170000002', /Y-year/],
    ['Y-170000002', /Y-year/],
    ['Y17E7', /Y-year/],
    ['2026-05-12/', /empty \(unknown\)/],
    ['/2026-05-12', /empty \(unknown\)/],
    ['/', /empty \(unknown\)/],
    ['2026-?05-12', /level-2/],
    ['?2026-05-12', /level-2/],
    ['[2026,2027]', /level-2/],
    ['{2026,2027}', /level-2/],
    ['2026-05-12T09:30:00Z~', /qualifier .* on an instant/],
    ['2026-05-12T09:30:00+02:00?', /qualifier .* on an instant/],
    ['2026-05-12T09:30Z%/2026-05-13', /qualifier .* on an instant/],
    ['2026-05-12T09:30:00/..', /must be a real date: YYYY/], // an end without offset, as alone
    ['-2026~', /must be a real date: YYYY/],
    ['2026-05~?', /must be a real date: YYYY/],
    ['..', /must be a real date: YYYY/],
    ['..~/2026', /must be a real date: YYYY/],
    ['2026-05-12 /2026-05-13', /must be a real date: YYYY/],
    ['2026-05-12/2026-05-13/2026-05-14', /must be a real date: YYYY/],
    ['2026-05-12--2026-05-13', /must be a real date: YYYY/],
    ['2026-05-12T09:30:00+23:59/..', /must be a real date: YYYY/], // edtf's offsets run from -12:00 to +14:00
  ])('%j is refused: %s', (text, why) => {
    expect(parseTimePoint(text)).toBeUndefined();
    expect(timePointProblem(text)).toMatch(why);
    const result = TimePoint.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(why)]);
  });

  it('names the accepted forms, EDTF ones included, when it cannot say more', () => {
    expect(timePointProblem('yesterday')).toBe(
      'must be a real date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 instant with offset; or, in EDTF, ' +
        'a date with ~ (approximate), ? (uncertain) or % (both) after it, or an interval A/B, ../B (no later than) or A/.. (no earlier than)',
    );
    expect(timePointProblem('2026-05-12/2026-05-14')).toBeUndefined();
  });
});

describe('isoInterval (occurredAtInterval, CONTRACT §2.1)', () => {
  it.each([
    ['2026-05-12T09:30:00+02:00', '2026-05-12T07:30:00.000Z', '2026-05-12T07:30:00.000Z'],
    ['2026-05-12', '2026-05-12T00:00:00.000Z', '2026-05-12T23:59:59.999Z'],
    ['2026-05', '2026-05-01T00:00:00.000Z', '2026-05-31T23:59:59.999Z'],
    ['2026', '2026-01-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z'],
    ['2026-05~', '2026-05-01T00:00:00.000Z', '2026-05-31T23:59:59.999Z'],
    ['2026-05-12/2026-05-14', '2026-05-12T00:00:00.000Z', '2026-05-14T23:59:59.999Z'],
    ['../2026-05-15', null, '2026-05-15T23:59:59.999Z'],
    ['2026-04/..', '2026-04-01T00:00:00.000Z', null],
  ])('%s is %s … %s', (text, start, end) => {
    expect(isoInterval(intervalOf(text))).toEqual({ start, end });
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
    ['2026-05-12/2026-05-14', '2026-05-12', 1], // same start; the day ends first
    ['2026-05~', '2026-05', 0], // a qualifier does not move a date
    ['../2026-05-15', '2020', -1], // an open start comes before any date
    ['../2026-05', '../2026-06', -1], // both open at the start: the earlier end first
    ['../2026-05', '../2026-05-31', 0],
    ['2026-04/..', '2026-04/..', 0], // ∞ against ∞ is a tie, not NaN
    ['2026-04/..', '2026-04', 1],
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

  it.each([
    ['2026-05~', '2026-05-31T23:59:59.999Z'],
    ['2026-05-12/2026-05-14', '2026-05-14T23:59:59.999Z'],
    ['../2026-05-15', '2026-05-15T23:59:59.999Z'],
  ])('the last millisecond of the EDTF form %s is %s', (text, end) => {
    expect(isoInstant(endOf(text))).toBe(end);
  });

  it('is +Infinity for an open end, which nothing ends before', () => {
    expect(endOf('2026-04/..')).toBe(Infinity);
  });

  it('throws a RangeError for a value that is not a TimePoint', () => {
    expect(() => endOf('2026-02-30')).toThrow(RangeError);
    expect(() => endOf('2026-05-14/2026-05-12')).toThrow(RangeError);
  });
});

function refusal(call: () => unknown): ValidationError {
  try {
    call();
  } catch (caught) {
    expect(caught).toBeInstanceOf(ValidationError);
    return caught as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

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

  it.each([
    ['../2026-05-15', '2026-05-15T23:59:59.999Z'],
    ['2026-05~', '2026-05-31T23:59:59.999Z'],
    ['2026-05-12/2026-05-14', '2026-05-14T23:59:59.999Z'],
    ['2026-05-12T09:30:00+02:00/2026-05-13?', '2026-05-13T23:59:59.999Z'],
  ])('cuts at the end of the EDTF form asOf=%s (%s) and echoes it as written', (asOf, end) => {
    const resolved = resolveCut(asOf, asOf, now);
    expect(resolved.cut).toEqual({ asOf: ms(end), knownAt: ms(end) });
    expect(resolved.asOf).toBe(asOf);
    expect(resolved.knownAt).toBe(asOf);
  });

  it.each([
    ['asOf', '2026-04/..', undefined],
    ['asOf', '2026-05-12T09:30:00Z/..', undefined],
    ['knownAt', undefined, '2026/..'],
  ])('refuses an open-ended %s: a cut needs an end (400, naming it)', (name, asOf, knownAt) => {
    const error = refusal(() => resolveCut(asOf, knownAt, now));
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([{ path: name, message: expect.stringMatching(/^a cut needs an end: .* has none/) }]);
  });

  it('says why an EDTF asOf is not a TimePoint', () => {
    const error = refusal(() => resolveCut('2026-05-14/2026-05-12', undefined, now));
    expect(error.errors).toEqual([{ path: 'asOf', message: 'must not start after it ends: 2026-05-14 is after 2026-05-12' }]);
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
      ['2026-05-12/2026-05-14', '2026-05-13', false], // possibly, not definitely, happened by then
      ['2026-05-12/2026-05-14', '2026-05-14', true],
      ['../2026-05-15', '2026-05-15', true],
      ['2026-04/..', '2030', false], // no earlier than April: never definitely over
      ['2026-05~', '2026-05', true], // the qualifier does not widen May
    ])('occurredAt %s at asOf %s: %s', (occurredAt, asOf, expected) => {
      expect(counts(occurredAt, asOf)).toBe(expected);
    });
  });
});
