import type { RecordedEvent } from '../events/recordedEvent.js';
import type { StoredRow } from './storedRow.js';

type Listener = (events: readonly RecordedEvent[]) => void;

export interface CatchUpFeedSource {
  /** One page of the global log after a position (the store's `readAllRows`): an unreadable row is passed over, not a wall. */
  readAllRows(after: number, limit: number): Promise<StoredRow[]>;
  /** The position up to which everything is already settled: the feed starts after it. */
  settledPosition(): Promise<number>;
}

const PAGE = 500;

/**
 * Tells listeners of new events by reading the global log on from the last position it
 * delivered, whenever it is nudged (a notification, a local append, a reconnection). Nudges
 * that arrive during a read are folded into one more read, so nothing is missed and nothing
 * is delivered twice, whatever the order of notifications.
 */
export class CatchUpFeed {
  private readonly listeners = new Set<Listener>();
  private cursor: number | undefined;
  private started: Promise<void> | undefined;
  private running = false;
  private again = false;

  constructor(private readonly source: CatchUpFeedSource) {}

  get active(): boolean {
    return this.started !== undefined;
  }

  add(listener: Listener): () => void {
    this.listeners.add(listener);
    this.started ??= this.initCursor();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Settles once the feed knows where it starts (successfully or not). */
  ready(): Promise<void> {
    return this.started ?? Promise.resolve();
  }

  nudge(): void {
    if (!this.started) return;
    void this.started.then(() => this.catchUp());
  }

  private async initCursor(): Promise<void> {
    try {
      this.cursor = await this.source.settledPosition();
    } catch {
      // The store is unreachable: the cursor is taken on the next nudge instead.
    }
  }

  private async catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        this.cursor ??= await this.source.settledPosition();
        for (;;) {
          const page = await this.source.readAllRows(this.cursor, PAGE);
          if (page.length > 0) {
            this.cursor = page[page.length - 1]!.position;
            const events = page.flatMap((row) => (row.event ? [row.event] : []));
            if (events.length > 0) this.deliver(events);
          }
          if (page.length < PAGE) break;
        }
      } while (this.again);
    } catch {
      // The store is unreachable: the next nudge (a reconnection, a notification) reads on from the cursor.
    } finally {
      this.running = false;
    }
  }

  private deliver(events: readonly RecordedEvent[]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(events);
      } catch {
        // A failing listener must not stop the others or the feed.
      }
    }
  }
}
