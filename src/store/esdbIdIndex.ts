import type { RecordedEvent } from '../events/recordedEvent.js';

export interface EventLocation {
  negotiationId: string;
  revision: number;
}

const PAGE = 1_000;

/**
 * Where each event id is stored, and the streams in the order they were opened, read from
 * the global log. EventStoreDB cannot look an event up by id across streams; this index,
 * brought up to date from `$all` before each use, can. It holds every id in memory
 * (about 100 bytes an event).
 */
export class EsdbIdIndex {
  private readonly locations = new Map<string, EventLocation>();
  private readonly openings: string[] = [];
  private after = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly readAll: (after: number, limit: number) => Promise<RecordedEvent[]>) {}

  /** Reads the log on from where the index stands; concurrent calls queue, each seeing everything before it. */
  catchUp(): Promise<void> {
    const run = this.tail.then(
      () => this.readOn(),
      () => this.readOn(),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async readOn(): Promise<void> {
    for (;;) {
      const page = await this.readAll(this.after, PAGE);
      for (const event of page) {
        this.locations.set(event.id, { negotiationId: event.negotiationId, revision: event.revision });
        if (event.revision === 0) this.openings.push(event.negotiationId);
        this.after = event.position;
      }
      if (page.length < PAGE) return;
    }
  }

  locate(id: string): EventLocation | undefined {
    return this.locations.get(id);
  }

  openedStreams(): string[] {
    return [...this.openings];
  }
}
