import { InvalidArgumentError } from 'commander';
import { NegotiationId } from '../events/primitives.js';
import { DEFAULT_STORE_URL } from '../store/openStore.js';
import { parseTimePoint } from '../time/timePoint.js';

export const STORE_OPTION_HELP = `store URL: sqlite:PATH, postgres://… or esdb://… (PARLEY_STORE, default ${DEFAULT_STORE_URL})`;

/** A TimePoint flag (CONTRACT §2), refused at parse time so a typo is a usage error. */
export function timePointArgument(value: string): string {
  if (parseTimePoint(value) === undefined) {
    throw new InvalidArgumentError('expected a real date as YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 instant with offset (2026-05-12T09:30:00+02:00).');
  }
  return value;
}

export function negotiationIdArgument(value: string): string {
  if (!NegotiationId.safeParse(value).success) {
    throw new InvalidArgumentError('a negotiation id is 1–100 lowercase letters, digits and "-", starting with a letter or digit.');
  }
  return value;
}

export function recorderArgument(value: string): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 200) throw new InvalidArgumentError('expected a name of 1–200 characters.');
  return name;
}
