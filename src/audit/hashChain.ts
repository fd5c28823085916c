import { hash } from 'node:crypto';
import { GENESIS_HASH, type PendingEvent } from '../events/recordedEvent.js';
import type { StoredRow } from '../store/storedRow.js';
import { canonicalJson } from '../events/canonicalJson.js';

/** The envelope fields the hash covers when present (CONTRACT §6): v1 events have none but source, so their hashes are as they were. */
const OPTIONAL_HASHED = ['source', 'sources', 'confidence', 'note', 'schemaVersion'] as const;

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
  for (const field of OPTIONAL_HASHED) if (event[field] !== undefined) content[field] = event[field];
  return content;
}

/** hex SHA-256 of (previous hash ‖ RFC 8785 canonical JSON of the hashed fields). */
export function chainHash(previousHash: string, event: Omit<PendingEvent, 'hash'>): string {
  return hash('sha256', previousHash + canonicalJson(hashedContent(event)), 'hex');
}

/**
 * `hash-mismatch`: the event is not the one its hash was made for. `revision-gap`: events
 * before it are missing. `missing-revision-0`: the stream does not start at revision 0.
 * `unreadable`: the stored row cannot be read back (its position is given too).
 */
export type ChainProblem = 'hash-mismatch' | 'revision-gap' | 'missing-revision-0' | 'unreadable';

export interface ChainBreak {
  negotiationId: string;
  revision: number;
  eventId: string;
  problem: ChainProblem;
  /** For an unreadable row: its global position. */
  position?: number;
}

/**
 * Checks one stream's events in revision order; reports every break. After a break the
 * stored hash is trusted again, so one altered event is reported once, not for the rest of
 * the stream. An event after missing ones cannot be checked (the hash it chains from is
 * missing with them): the gap is its break.
 */
export class StreamVerifier {
  private previousHash = GENESIS_HASH;
  private expectedRevision = 0;
  readonly breaks: ChainBreak[] = [];
  checked = 0;

  constructor(readonly negotiationId: string) {}

  /** A stored row: an unreadable one is a break, and the chain goes on from its stored hash. */
  checkRow(row: StoredRow): void {
    if (row.event) return this.check(row.event);
    this.checked++;
    this.follows(row.revision, row.id);
    this.breaks.push({ negotiationId: this.negotiationId, revision: row.revision, eventId: row.id, problem: 'unreadable', position: row.position });
    this.previousHash = row.hash;
    this.expectedRevision = row.revision + 1;
  }

  check(event: PendingEvent): void {
    this.checked++;
    if (this.follows(event.revision, event.id) && chainHash(this.previousHash, event) !== event.hash) {
      this.breaks.push({ negotiationId: this.negotiationId, revision: event.revision, eventId: event.id, problem: 'hash-mismatch' });
    }
    this.previousHash = event.hash;
    this.expectedRevision = event.revision + 1;
  }

  /** Whether `revision` is the next one; else a gap is reported. */
  private follows(revision: number, eventId: string): boolean {
    if (revision === this.expectedRevision) return true;
    const problem = this.expectedRevision === 0 ? 'missing-revision-0' : 'revision-gap';
    this.breaks.push({ negotiationId: this.negotiationId, revision, eventId, problem });
    return false;
  }
}
