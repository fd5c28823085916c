import { z } from 'zod';
import { isoInterval, type TimeInterval } from '../time/timePoint.js';
import type { Answer } from './answer.js';

const end = (description: string) => z.iso.datetime().nullable().meta({ description });

/** CONTRACT §2.1: the UTC interval an occurredAt covers, both ends included, as the server reads it. */
export const OccurredAtInterval = z
  .object({
    start: end('the first millisecond it covers (ISO instant, UTC); null for an open start ("../2026-05-15")'),
    end: end('the last millisecond it covers (ISO instant, UTC); null for an open end ("2026-04/..")'),
  })
  .meta({ id: 'OccurredAtInterval', description: 'The UTC interval occurredAt covers, both ends included.' });
export type OccurredAtInterval = Answer<typeof OccurredAtInterval>;

/** An interval in epoch ms as the API shows it: an infinite end (an open interval) is null, never a date. */
export function presentOccurredAtInterval(interval: Pick<TimeInterval, 'start' | 'end'>): OccurredAtInterval {
  return isoInterval(interval);
}
