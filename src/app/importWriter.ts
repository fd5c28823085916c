import type { EventInput } from '../events/eventInput.js';
import type { PendingEvent } from '../events/recordedEvent.js';
import { DomainRuleError, EventIdConflictError, ParleyError, WrongExpectedRevisionError } from '../errors.js';
import type { Parley } from './parley.js';

/** A run of consecutive lines of one stream, written with one append. */
export type ImportBatch =
  | { readonly kind: 'recorded'; readonly negotiationId: string; readonly events: PendingEvent[] }
  | { readonly kind: 'input'; readonly negotiationId: string; readonly inputs: EventInput[] };

/** The store changed under the import (another writer): part of the file may be written; importing again completes the rest. */
export class ImportInterruptedError extends ParleyError {
  override readonly status = 409;
  override readonly title = 'Import interrupted';
}

/** At most this many recorded events are handed to the store before the writer waits for them. */
const MAX_IN_FLIGHT_EVENTS = 10_000;

/**
 * Writes import batches in file order. Recorded batches go straight to the store; on the
 * SQLite store, whose appends made in one turn of the event loop are committed together in
 * call order, batches of different streams are handed over without waiting for each, so
 * one commit carries many of them (a commit costs far more than an insert). Never two
 * batches of one stream at once, and an input batch (which goes through the append
 * service and its reads) waits for everything before it, so the global order stays the
 * file's order. Other stores get one batch at a time.
 */
export class ImportWriter {
  private inFlight: Promise<void>[] = [];
  private inFlightEvents = 0;
  private readonly inFlightStreams = new Set<string>();
  private readonly pipelined: boolean;
  written = 0;

  constructor(
    private readonly parley: Parley,
    private readonly recordedBy: string,
  ) {
    this.pipelined = parley.store.kind === 'sqlite';
  }

  async write(batch: ImportBatch): Promise<void> {
    if (batch.kind === 'input') {
      await this.settle();
      await this.guard(batch.negotiationId, async () => {
        await this.parley.append({ negotiationId: batch.negotiationId, inputs: batch.inputs, recordedBy: this.recordedBy });
        this.written += batch.inputs.length;
      });
      return;
    }
    const count = batch.events.length;
    if (this.inFlightStreams.has(batch.negotiationId) || this.inFlightEvents + count > MAX_IN_FLIGHT_EVENTS) await this.settle();
    const appended = this.guard(batch.negotiationId, async () => {
      await this.parley.store.append(batch.negotiationId, batch.events[0]!.revision - 1, batch.events);
      this.written += count;
    });
    if (!this.pipelined) return appended;
    appended.catch(() => {}); // reported by settle(); without a handler now, a failure would be an unhandled rejection
    this.inFlight.push(appended);
    this.inFlightEvents += count;
    this.inFlightStreams.add(batch.negotiationId);
  }

  /** Waits for every batch handed over; throws the first failure. */
  async settle(): Promise<void> {
    const waiting = this.inFlight;
    this.inFlight = [];
    this.inFlightEvents = 0;
    this.inFlightStreams.clear();
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
