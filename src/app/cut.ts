import { ValidationError } from '../errors.js';
import type { Cut } from '../../projections/effectiveEvent.js';
import { parseTimePoint, timePointProblem } from '../time/timePoint.js';

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
    cut: { asOf: asOf === undefined ? now : cutPoint('asOf', asOf), knownAt: knownAt === undefined ? now : cutPoint('knownAt', knownAt) },
    asOf: asOf ?? nowText,
    knownAt: knownAt ?? nowText,
  };
}

/** Where a TimePoint cuts: its last millisecond. An open end (2026-04/..) has none, so it is refused, naming the parameter. */
export function cutPoint(name: string, value: string): number {
  const interval = parseTimePoint(value);
  if (!interval) {
    throw new ValidationError(`${name} is not a TimePoint`, [{ path: name, message: timePointProblem(value) ?? 'must be a TimePoint' }]);
  }
  if (!Number.isFinite(interval.end)) throw new ValidationError(`${name} has no end`, [{ path: name, message: cutNeedsAnEnd(value) }]);
  return interval.end;
}

/** Why an open-ended TimePoint cannot be a cut, in plain words. */
export function cutNeedsAnEnd(value: string): string {
  return `a cut needs an end: ${value} has none; give a date or an interval that ends, such as ../2026-05-15`;
}
