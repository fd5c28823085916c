import type { KnownEvent } from '../domain/decisionState.js';
import { IdTable } from './importIdTable.js';
import type { LineAt } from './jsonLines.js';

const STORED = 1;
const RETRACTED = 2;

/**
 * Every event an import has met, by id: in which stream, and where to read it again (its
 * line in the file, or the store). The events themselves are not kept: a correction or a
 * retraction reads its target again when it needs it, with the corrections of it before,
 * to apply them again. What is kept per event is its id and 25 bytes, all in typed arrays
 * (IdTable), so a million-line import stays small; only the corrected events of the store
 * keep their corrected form.
 */
export class EventIndex {
  private readonly entries = new IdTable();
  /** Fixed-size pages, so growing never copies (a copy would need the old and the new arrays at once). */
  private readonly pages: Page[] = [];
  /** Events of the store as corrected: the file's own events are corrected again from their lines instead. */
  private readonly corrected = new Map<number, KnownEvent>();
  /** Per event of the file that was corrected or retracted, the last such change; per change, the one before it (few events have any). */
  private readonly lastChanges = new Map<number, number>();
  private readonly previousChanges = new Map<number, number>();
  private count = 0;

  /**
   * Records an event of the stream numbered `stream`, found at `line` of the file or
   * (without one) in the store; an event without id (an input line) only as a change.
   */
  add(id: string | undefined, stream: number, line?: LineAt): number {
    const entry = this.count++;
    if ((entry & PAGE_MASK) === 0) this.pages.push(newPage());
    const [page, at] = this.slot(entry);
    page.streams[at] = stream;
    page.flags[at] = line ? 0 : STORED;
    if (line) {
      page.lines[at] = line.number;
      page.starts[at] = line.start;
      page.lengths[at] = line.end - line.start;
    }
    if (id !== undefined) this.entries.set(id, entry);
    return entry;
  }

  find(id: string): number | undefined {
    return this.entries.get(id);
  }

  streamOf(entry: number): number {
    const [page, at] = this.slot(entry);
    return page.streams[at]!;
  }

  /** The event's line in the file; undefined for an event found in the store. */
  lineOf(entry: number): LineAt | undefined {
    const [page, at] = this.slot(entry);
    if (page.flags[at]! & STORED) return undefined;
    const start = page.starts[at]!;
    return { number: page.lines[at]!, start, end: start + page.lengths[at]! };
  }

  isRetracted(entry: number): boolean {
    const [page, at] = this.slot(entry);
    return (page.flags[at]! & RETRACTED) !== 0;
  }

  /** Notes that the event at `change` corrects or retracts the event of the file at `entry`. */
  addChange(entry: number, change: number): void {
    const previous = this.lastChanges.get(entry);
    if (previous !== undefined) this.previousChanges.set(change, previous);
    this.lastChanges.set(entry, change);
  }

  /** The corrections and retractions of an event of the file, oldest first. */
  changesOf(entry: number): number[] {
    const changes: number[] = [];
    for (let change = this.lastChanges.get(entry); change !== undefined; change = this.previousChanges.get(change)) changes.push(change);
    return changes.reverse();
  }

  /** An event of the store as corrected, when a correction changed it. */
  correctedForm(entry: number): KnownEvent | undefined {
    return this.corrected.get(entry);
  }

  /** Keeps an event of the store's new form after a correction (or a retraction of a corrected event). */
  setCorrected(entry: number, known: KnownEvent): void {
    this.corrected.set(entry, known);
    if (known.retracted) this.markRetracted(entry);
  }

  markRetracted(entry: number): void {
    const [page, at] = this.slot(entry);
    page.flags[at]! |= RETRACTED;
    const corrected = this.corrected.get(entry);
    if (corrected && !corrected.retracted) this.corrected.set(entry, { ...corrected, retracted: true });
  }

  private slot(entry: number): [Page, number] {
    return [this.pages[entry >>> PAGE_BITS]!, entry & PAGE_MASK];
  }
}

const PAGE_BITS = 16;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

/** The entries of one page, field by field. */
interface Page {
  readonly streams: Uint32Array;
  readonly flags: Uint8Array;
  readonly lines: Uint32Array;
  readonly starts: Float64Array;
  readonly lengths: Uint32Array;
}

function newPage(): Page {
  return {
    streams: new Uint32Array(PAGE_SIZE),
    flags: new Uint8Array(PAGE_SIZE),
    lines: new Uint32Array(PAGE_SIZE),
    starts: new Float64Array(PAGE_SIZE),
    lengths: new Uint32Array(PAGE_SIZE),
  };
}
