import { ValidationError } from '../errors.js';
import type { Cut } from '../../projections/effectiveEvent.js';
import { parseTimePoint } from '../time/timePoint.js';

/** A cut and the asOf/knownAt it answers for, as every query response reports them. */
export interface ResolvedCut {
  readonly cut: Cut;
  readonly asOf: string;
  readonly knownAt: string;
}

/** asOf and knownAt as TimePoints (CONTRACT §2); either defaults to now. */
export function resolveCut(asOf: string | undefined, knownAt: string | undefined, now: number): ResolvedCut {
  const nowText = new Date(now).toISOString();
  return {
    cut: { asOf: cutOf('asOf', asOf, now), knownAt: cutOf('knownAt', knownAt, now) },
    asOf: asOf ?? nowText,
    knownAt: knownAt ?? nowText,
  };
}

function cutOf(name: string, value: string | undefined, now: number): number {
  if (value === undefined) return now;
  const interval = parseTimePoint(value);
  if (!interval) {
    throw new ValidationError(`${name} is not a TimePoint`, [{ path: name, message: 'expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 instant with offset' }]);
  }
  return interval.end;
}
