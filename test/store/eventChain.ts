import { randomUUID } from 'node:crypto';
import { chainHash } from '../../src/audit/hashChain.js';
import { GENESIS_HASH, type PendingEvent } from '../../src/events/recordedEvent.js';
import type { StreamHead } from '../../src/store/eventStore.js';

/** The content of one event, before the chain gives it a revision, times and a hash. */
export type EventContent = Pick<PendingEvent, 'type' | 'occurredAt' | 'data'> & Partial<Pick<PendingEvent, 'id' | 'source'>>;

/** A unique, valid negotiation id, so tests can share one store without seeing each other's streams. */
export function negotiationId(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export function opening(title = 'Access to cyber-capable models'): EventContent {
  return {
    type: 'NegotiationOpened',
    occurredAt: '2026-05-04',
    data: { title, parties: [{ org: 'European Commission', role: 'regulator' }, { org: 'OpenAI', role: 'provider' }] },
  };
}

export function meeting(index: number): EventContent {
  return {
    type: 'MeetingHeld',
    occurredAt: `2026-05-${String((index % 28) + 1).padStart(2, '0')}`,
    data: { meetingId: `m-${index}`, format: 'virtual', count: { min: 1, max: 2 } },
  };
}

/**
 * Valid pending events that follow `head` (or open a new stream): revisions counted on from
 * it, each hash chained to the one before, as the append service would make them.
 */
export function chain(
  negotiation: string,
  contents: readonly EventContent[],
  head?: StreamHead,
  recordedAt = '2026-05-20T10:00:00.000Z',
): PendingEvent[] {
  let previousHash = head?.hash ?? GENESIS_HASH;
  let revision = head ? head.revision + 1 : 0;
  return contents.map((content) => {
    const unhashed: Omit<PendingEvent, 'hash'> = {
      id: content.id ?? randomUUID(),
      type: content.type,
      negotiationId: negotiation,
      revision: revision++,
      occurredAt: content.occurredAt,
      recordedAt,
      recordedBy: 'recorder',
      ...(content.source !== undefined ? { source: content.source } : {}),
      data: content.data,
    };
    const hash = chainHash(previousHash, unhashed);
    previousHash = hash;
    return { ...unhashed, hash };
  });
}

/** A new stream: the opening event followed by `meetings` meetings. */
export function newStream(negotiation: string, meetings = 0): PendingEvent[] {
  return chain(negotiation, [opening(), ...Array.from({ length: meetings }, (_, i) => meeting(i))]);
}

/** The pending events after `recorded` (whose last element is the head) with these contents. */
export function following(recorded: readonly PendingEvent[], contents: readonly EventContent[]): PendingEvent[] {
  const last = recorded[recorded.length - 1]!;
  return chain(last.negotiationId, contents, { revision: last.revision, hash: last.hash });
}
