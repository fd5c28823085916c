import { hash } from 'node:crypto';
import type { PendingEvent } from '../events/recordedEvent.js';
import { canonicalJson } from './canonicalJson.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields that the hash covers (CONTRACT §6); position and added fields are left out. */
export function hashedContent(event: Omit<PendingEvent, 'hash'>): Record<string, unknown> {
  const content: Record<string, unknown> = {
    id: event.id,
    type: event.type,
    negotiationId: event.negotiationId,
    revision: event.revision,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
    data: event.data,
  };
  if (event.source !== undefined) content.source = event.source;
  return content;
}

/** hex SHA-256 of (previous hash ‖ RFC 8785 canonical JSON of the hashed fields). */
export function chainHash(previousHash: string, event: Omit<PendingEvent, 'hash'>): string {
  return hash('sha256', previousHash + canonicalJson(hashedContent(event)), 'hex');
}

export interface ChainBreak {
  negotiationId: string;
  revision: number;
  eventId: string;
  problem: 'hash-mismatch' | 'revision-gap';
}

/**
 * Checks one stream's events in revision order; reports every break. After a break the
 * stored hash is trusted again, so one altered event is reported once, not for the rest of the stream.
 */
export class StreamVerifier {
  private previousHash = GENESIS_HASH;
  private expectedRevision = 0;
  readonly breaks: ChainBreak[] = [];
  checked = 0;

  constructor(readonly negotiationId: string) {}

  check(event: PendingEvent): void {
    this.checked++;
    if (event.revision !== this.expectedRevision) {
      this.breaks.push({ negotiationId: this.negotiationId, revision: event.revision, eventId: event.id, problem: 'revision-gap' });
    }
    if (chainHash(this.previousHash, event) !== event.hash) {
      this.breaks.push({ negotiationId: this.negotiationId, revision: event.revision, eventId: event.id, problem: 'hash-mismatch' });
    }
    this.previousHash = event.hash;
    this.expectedRevision = event.revision + 1;
  }
}
