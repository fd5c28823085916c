import type { StoredRow } from './storedRow.js';

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
  private readonly seenStreams = new Set<string>();
  private after = 0;
  private tail: Promise<void> = Promise.resolve();

  /** Rows, not events: an unreadable record still says where it is, and does not stop the index. */
  constructor(private readonly readAllRows: (after: number, limit: number) => Promise<StoredRow[]>) {}

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
      const page = await this.readAllRows(this.after, PAGE);
      for (const row of page) {
        this.locations.set(row.id, { negotiationId: row.negotiationId, revision: row.revision });
        if (row.revision === 0) this.openings.push(row.negotiationId);
        this.seenStreams.add(row.negotiationId);
        this.after = row.position;
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

  /** Every stream with a record, sorted. */
  streams(): string[] {
    return [...this.seenStreams].sort();
  }
}
