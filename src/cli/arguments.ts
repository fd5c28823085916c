import { InvalidArgumentError, type Command } from 'commander';
import { NegotiationId } from '../events/primitives.js';
import { DEFAULT_STORE_URL } from '../store/openStore.js';
import { cutNeedsAnEnd } from '../app/cut.js';
import { parseTimePoint, timePointProblem } from '../time/timePoint.js';

export const STORE_OPTION_HELP = `store URL: sqlite:PATH, postgres://… or esdb://… (PARLEY_STORE, default ${DEFAULT_STORE_URL})`;

/** A cut flag (--as-of, --known-at: a TimePoint that ends, CONTRACT §2), refused at parse time so a typo is a usage error. */
export function cutArgument(value: string): string {
  const interval = parseTimePoint(value);
  if (interval === undefined) throw new InvalidArgumentError(`${timePointProblem(value) ?? 'must be a TimePoint'}.`);
  if (!Number.isFinite(interval.end)) throw new InvalidArgumentError(`${cutNeedsAnEnd(value)}.`);
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

/** A negotiation command's `<id>` and its cut, `--as-of T` and `--known-at K` (CONTRACT §2). */
export function negotiationAtCut(command: Command): Command {
  return command
    .argument('<id>', 'negotiation id', negotiationIdArgument)
    .option('--as-of <T>', 'valid time: only what had happened by the end of T (default: now)', cutArgument)
    .option('--known-at <K>', 'transaction time: only what was recorded by the end of K (default: now)', cutArgument);
}
