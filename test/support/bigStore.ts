import { randomUUID } from 'node:crypto';
import { sealEvents } from '../../src/audit/seal.js';
import { decide } from '../../src/domain/decide.js';
import { evolveDecisionState, initialDecisionState } from '../../src/domain/decisionState.js';
import type { EventInput } from '../../src/events/eventInput.js';
import type { EventStore } from '../../src/store/eventStore.js';
import * as input from './inputs.js';

export interface FillOptions {
  /** Events per append (one transaction each). */
  readonly batch?: number;
}

const MINUTE = 60_000;
const VALID_START = Date.parse('2020-01-01T00:00:00.000Z');
const RECORDED_AT = '2026-06-01T00:00:00.000Z';

/**
 * Appends a valid negotiation of `events` small events straight to the store (decided and
 * hash-chained as the append service does, in large batches): opened, then statements and
 * meetings a minute apart in valid time. Fast enough to build stores of 100,000 events in a test.
 * Ids are random UUIDs: the store indexes their first characters.
 */
export async function fillNegotiation(store: EventStore, negotiationId: string, events: number, options: FillOptions = {}): Promise<void> {
  const batch = options.batch ?? 2_000;
  const state = initialDecisionState(negotiationId);
  for (let from = 0; from < events; from += batch) {
    const inputs: EventInput[] = [];
    for (let i = from; i < Math.min(events, from + batch); i++) inputs.push(inputAt(i));
    const pending = sealEvents(state, decide({ negotiationId, inputs }, state), { recordedAt: RECORDED_AT, recordedBy: 'filler', newId: randomUUID });
    for (const event of await store.append(negotiationId, from - 1, pending)) evolveDecisionState(state, event);
  }
}

/** The valid time of a filled negotiation's event `index` (epoch ms): a cut with this asOf sees events 0 … index. */
export function filledEventAt(index: number): number {
  return VALID_START + index * MINUTE;
}

function inputAt(index: number): EventInput {
  const occurredAt = new Date(filledEventAt(index)).toISOString();
  if (index === 0) return input.opened({ occurredAt });
  return index % 2 === 0 ? input.statement(`statement number ${index}`, { occurredAt }) : input.meeting({ occurredAt });
}
