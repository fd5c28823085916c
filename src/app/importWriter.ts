import type { PendingEvent } from '../events/recordedEvent.js';
import { DomainRuleError, EventIdConflictError, ImportInterruptedError, WrongExpectedRevisionError } from '../errors.js';
import type { EventStore } from '../store/eventStore.js';

/** A run of consecutive lines of one stream, decided, written with one append. */
export interface ImportBatch {
  readonly negotiationId: string;
  readonly events: PendingEvent[];
}

/** At most this many events are handed to the store before the writer waits for them: enough for few commits, few enough to keep memory small. */
const MAX_IN_FLIGHT_EVENTS = 4_000;

/**
 * Writes import batches in file order, each appended at the revision its events carry, so
 * a stream that another writer moved on makes the store refuse the batch. A store that
 * applies appends in call order (`pipelinedAppends`: SQLite commits those made in one turn
 * of the event loop together) is handed batches without waiting for each, so one commit
 * carries many of them, of one stream or several (a commit costs far more than an insert).
 * Other stores get one batch at a time.
 */
export class ImportWriter {
  private inFlight: Promise<void>[] = [];
  private inFlightEvents = 0;
  written = 0;

  constructor(private readonly store: EventStore) {}

  /** Hands the batch over; true when the writer waited for the store first (a window of writes ended). */
  async write(batch: ImportBatch): Promise<boolean> {
    const count = batch.events.length;
    const appended = (): Promise<void> =>
      this.guard(batch.negotiationId, async () => {
        await this.store.append(batch.negotiationId, batch.events[0]!.revision - 1, batch.events);
        this.written += count;
      });
    if (!this.store.pipelinedAppends) {
      await appended();
      return true;
    }
    const waited = this.inFlightEvents + count > MAX_IN_FLIGHT_EVENTS;
    if (waited) await this.settle();
    const handed = appended();
    handed.catch(() => {}); // reported by settle(); without a handler now, a failure would be an unhandled rejection
    this.inFlight.push(handed);
    this.inFlightEvents += count;
    return waited;
  }

  /** Waits for every batch handed over; throws the first failure. */
  async settle(): Promise<void> {
    const waiting = this.inFlight;
    this.inFlight = [];
    this.inFlightEvents = 0;
    const failed = (await Promise.allSettled(waiting)).find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** A lost race with another writer becomes one clear error; anything else passes through. */
  private async guard(negotiationId: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const raced = error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError || error instanceof DomainRuleError;
      if (!raced) throw error;
      throw new ImportInterruptedError(
        `negotiation ${negotiationId} changed while importing (${error.message}); importing the file again completes the rest`,
      );
    }
  }
}
