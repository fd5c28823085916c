import { countsAt } from './countsAt.js';
import type { EffectiveEvent } from './effectiveEvent.js';

/**
 * Whether a negotiation exists at a cut (CONTRACT §2.2), read from its NegotiationOpened as
 * known at knownAt: `yes` once the opening counts, `possibly` while its interval has started but
 * not ended; otherwise the reason it does not, which names the cut that excluded it.
 */
export type Existence = 'yes' | 'possibly' | 'not-yet-happened' | 'not-yet-recorded' | 'retracted';

/** The two answers of a negotiation that exists at the cut (every other one is a 404). */
export type Exists = Extract<Existence, 'yes' | 'possibly'>;

/** `opening`: the stream's NegotiationOpened as known at knownAt, corrected; undefined when not yet recorded by then. */
export function existenceAt(opening: EffectiveEvent | undefined, asOf: number): Existence {
  if (opening === undefined) return 'not-yet-recorded';
  if (opening.retracted) return 'retracted';
  if (countsAt(opening, asOf)) return 'yes';
  return opening.occurred.start <= asOf ? 'possibly' : 'not-yet-happened';
}

export function exists(existence: Existence): existence is Exists {
  return existence === 'yes' || existence === 'possibly';
}

/** The stream's NegotiationOpened among its effective events: its first event (CONTRACT §1), wherever it stands in valid time. */
export function openingIn(events: readonly EffectiveEvent[]): EffectiveEvent | undefined {
  return events.find((e) => e.original.revision === 0 && e.event.type === 'NegotiationOpened');
}
