/**
 * Each negotiation's raw audit log (`GET /negotiations/{id}/events`), read only when a
 * timeline refers to events it does not show — the corrections and retractions of its
 * entries — and kept across renders: the log only grows, so a later need reads on from the
 * revision already held, whatever the cut.
 */
import type { ApiClient } from './api.js';
import type { RecordedEvent, TimelineEntry } from './types.js';

/** The raw log by event id, for finding originals, corrections and retractions. */
export type AuditLog = Map<string, RecordedEvent>;

export class StreamLogs {
  /** By negotiation; each holds revisions 0 … size − 1, in revision order. */
  private readonly logs = new Map<string, AuditLog>();

  constructor(private readonly api: ApiClient) {}

  /** The negotiation's log, holding every event the entries refer to as far as the server has them. */
  async covering(negotiationId: string, entries: readonly TimelineEntry[]): Promise<AuditLog> {
    const log: AuditLog = this.logs.get(negotiationId) ?? new Map();
    this.logs.set(negotiationId, log);
    const wanted = referencedIds(entries);
    if (wanted !== undefined && wanted.every((id) => log.has(id))) return log;
    for (const event of await this.api.streamEvents(negotiationId, log.size)) log.set(event.id, event);
    return log;
  }
}

/** Ids of the events the entries refer to (corrections, retractions, originals not sent); undefined when a retraction is marked but not named. */
function referencedIds(entries: readonly TimelineEntry[]): string[] | undefined {
  const ids: string[] = [];
  for (const entry of entries) {
    ids.push(...entry.corrections);
    if (entry.corrections.length > 0 && !entry.original) ids.push(entry.id);
    if (entry.retracted) {
      if (!entry.retraction) return undefined;
      ids.push(entry.retraction.eventId);
    }
  }
  return ids;
}
