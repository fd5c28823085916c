import { UnreadableEventError } from '../errors.js';
import type { RecordedEvent } from '../events/recordedEvent.js';

/** A stored row's own columns: known even when the event it holds cannot be read back. */
export interface StoredRowColumns {
  readonly position: number;
  readonly negotiationId: string;
  readonly revision: number;
  readonly id: string;
  readonly hash: string;
}

/** One stored row, read for audit or export: its columns, and its event or why it cannot be read. */
export type StoredRow = StoredRowColumns &
  ({ readonly event: RecordedEvent; readonly unreadable?: undefined } | { readonly event?: undefined; readonly unreadable: UnreadableEventError });

/**
 * The event a stored body holds, or undefined when the body is not one: text cut short, or
 * JSON that is not an event. Only what a read would trip over is checked; the read path is hot.
 */
export function parseStoredEvent(body: string): RecordedEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  return isEventShaped(parsed) ? (parsed as RecordedEvent) : undefined;
}

/** For stores whose driver hands over parsed JSON. */
export function isEventShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Partial<Record<keyof RecordedEvent, unknown>>;
  return (
    typeof event.id === 'string' &&
    typeof event.type === 'string' &&
    typeof event.negotiationId === 'string' &&
    Number.isSafeInteger(event.revision) &&
    typeof event.occurredAt === 'string' &&
    typeof event.recordedAt === 'string' &&
    typeof event.hash === 'string' &&
    typeof event.data === 'object' &&
    event.data !== null
  );
}

/** A row from its columns and body: the event with its position, or the damage, noted in `seen`. */
export function decodeRow(columns: StoredRowColumns, body: string, seen: UnreadableRows, seq?: number): StoredRow {
  const event = parseStoredEvent(body);
  if (event) {
    event.position = columns.position;
    if (seq !== undefined) event.seq = seq;
    return { ...columns, event };
  }
  return { ...columns, unreadable: seen.note(columns) };
}

const REMEMBERED = 100;

/**
 * The unreadable rows this store's reads have met (at most 100, the latest kept), so that
 * /health can say the store is damaged after a query passed over one. Whoever watches is
 * told of each row once.
 */
export class UnreadableRows {
  private readonly rows = new Map<number, UnreadableEventError>();
  private readonly watchers = new Set<(error: UnreadableEventError) => void>();

  /** The error for an unreadable row, remembered. */
  note(columns: Omit<StoredRowColumns, 'hash'>): UnreadableEventError {
    const known = this.rows.get(columns.position);
    if (known) return known;
    const error = new UnreadableEventError({
      negotiationId: columns.negotiationId,
      revision: columns.revision,
      position: columns.position,
      id: columns.id,
    });
    this.rows.set(columns.position, error);
    if (this.rows.size > REMEMBERED) this.rows.delete(this.rows.keys().next().value!);
    for (const watcher of this.watchers) {
      try {
        watcher(error);
      } catch {
        // A failing watcher must not turn a read into a different error.
      }
    }
    return error;
  }

  list(): UnreadableEventError[] {
    return [...this.rows.values()];
  }

  /** A row found readable again (repaired), or gone. */
  forget(position: number): void {
    this.rows.delete(position);
  }

  watch(watcher: (error: UnreadableEventError) => void): () => void {
    this.watchers.add(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }
}
