import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import type { Existence } from '../../projections/existence.js';
import { NotFoundError } from '../errors.js';

/**
 * The 404 of a negotiation whose stream exists but that was not even possibly opened at the cut
 * (CONTRACT §2.2): its detail names the cut that excluded it, in the same words for HTTP and CLI.
 */
export function absentAtCut(negotiationId: string, existence: Exclude<Existence, 'yes' | 'possibly'>, opening: EffectiveEvent | undefined, at = 'that cut'): NotFoundError {
  const why = {
    'not-yet-recorded': 'not yet recorded by knownAt',
    'not-yet-happened': `not yet happened by asOf (its opening is dated ${opening?.event.occurredAt})`,
    retracted: 'its opening was retracted, as known at knownAt',
  }[existence];
  return new NotFoundError(`negotiation ${negotiationId} did not exist at ${at}: ${why}`);
}
