import { describe, expect, it } from 'vitest';
import { describeInstant, describeTimePoint } from '../../src/time/timeWords.js';

describe('a TimePoint of CONTRACT §2, in words', () => {
  it.each([
    ['2026', '2026'],
    ['2026-05', 'May 2026'],
    ['2026-05-12', '12 May 2026'],
    ['2026-09-03', '3 September 2026'],
    ['2026-05-12T09:30:00+02:00', '12 May 2026, 07:30 UTC'],
    ['2026-05-12T23:30:00-01:00', '13 May 2026, 00:30 UTC'],
    ['2026-05-12T09:30:15.250Z', '12 May 2026, 09:30 UTC'],
  ])('says %s at the precision it was written in, in UTC: %s', (text, words) => {
    expect(describeTimePoint(text)).toBe(words);
  });
});

describe('a qualified date of CONTRACT §2.1, in words', () => {
  it.each([
    ['2026-05~', '≈ May 2026'],
    ['2026-05?', 'May 2026?'],
    ['2026-05%', '≈ May 2026?'],
    ['2026~', '≈ 2026'],
    ['2026?', '2026?'],
    ['2026-05-12~', '≈ 12 May 2026'],
    ['2026-05-12?', '12 May 2026?'],
    ['2026-05-12%', '≈ 12 May 2026?'],
  ])('marks %s as written: %s', (text, words) => {
    expect(describeTimePoint(text)).toBe(words);
  });
});

describe('an interval of CONTRACT §2.1, in words', () => {
  it.each([
    ['2026-05-12/2026-05-14', 'between 12 and 14 May 2026'],
    ['2026-04-07/2026-05-11', 'between 7 April and 11 May 2026'],
    ['2025-12-30/2026-01-02', 'between 30 December 2025 and 2 January 2026'],
    ['2026-04/2026-05', 'between April and May 2026'],
    ['2025-12/2026-01', 'between December 2025 and January 2026'],
    ['2025/2026', 'between 2025 and 2026'],
    ['2026-04/2026-05-11', 'between April and 11 May 2026'],
    ['2026-04-07/2026-05', 'between 7 April and May 2026'],
    ['2025-11/2026-05-11', 'between November 2025 and 11 May 2026'],
    ['2026/2026-05-11', 'between 2026 and 11 May 2026'],
    ['2026-04/2026', 'between April 2026 and 2026'],
    ['2026-05-12T09:30:00Z/2026-05-12T11:00:00Z', 'between 12 May 2026, 09:30 UTC and 12 May 2026, 11:00 UTC'],
    ['2026-05-12/2026-05-12T11:00:00Z', 'between 12 May 2026 and 12 May 2026, 11:00 UTC'],
    ['2026-05-12/2026-05-12', '12 May 2026'],
  ])('says %s as a range: %s', (text, words) => {
    expect(describeTimePoint(text)).toBe(words);
  });

  it.each([
    ['2026-04~/2026-05', 'between ≈ April 2026 and May 2026'],
    ['2026-04/2026-05?', 'between April 2026 and May 2026?'],
    ['2026-05-12%/2026-05-14', 'between ≈ 12 May 2026? and 14 May 2026'],
  ])('writes each end in full when one is qualified: %s is %s', (text, words) => {
    expect(describeTimePoint(text)).toBe(words);
  });

  it.each([
    ['../2026-05-15', 'no later than 15 May 2026'],
    ['../2026-05', 'no later than May 2026'],
    ['../2026', 'no later than 2026'],
    ['../2026-05-15T10:00:00Z', 'no later than 15 May 2026, 10:00 UTC'],
    ['../2026-05~', 'no later than ≈ May 2026'],
    ['2026-04/..', 'no earlier than April 2026'],
    ['2026-05-11/..', 'no earlier than 11 May 2026'],
    ['2026/..', 'no earlier than 2026'],
    ['2026-04?/..', 'no earlier than April 2026?'],
  ])('says an open end %s in words: %s', (text, words) => {
    expect(describeTimePoint(text)).toBe(words);
  });
});

describe('a text that is not a TimePoint', () => {
  it.each(['', 'last tuesday', '2026-13', '2026-02-30', '2026-05-14/2026-05-12', '../..', '2026-21', '2026-05-12T09:30:00', '2026-05-12T09:30:00Z~'])(
    'is shown as written: %j',
    (text) => {
      expect(describeTimePoint(text)).toBe(text);
    },
  );
});

describe('a recording instant, in words', () => {
  it('is always said with its time, in UTC', () => {
    expect(describeInstant(Date.UTC(2026, 4, 12, 7, 30, 59))).toBe('12 May 2026, 07:30 UTC');
    expect(describeInstant(Date.UTC(2026, 0, 1))).toBe('1 January 2026, 00:00 UTC');
  });
});
