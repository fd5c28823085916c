import type { KnownEvent } from '../domain/decisionState.js';
import type { LineAt } from './jsonLines.js';

const STORED = 1;
const RETRACTED = 2;

/**
 * Every event an import has met, by id: in which stream, and where to read it again (its
 * line in the file, or the store). The events themselves are not kept: a correction or a
 * retraction reads its target again when it needs it. What is kept per event is its id
 * and 25 bytes in typed arrays, so a million-line import stays small; only corrected
 * events keep their current, corrected form.
 */
export class EventIndex {
  private readonly entries = new Map<string, number>();
  private streams = new Uint32Array(1024);
  private flags = new Uint8Array(1024);
  private lines = new Uint32Array(1024);
  private starts = new Float64Array(1024);
  private ends = new Uint32Array(1024);
  /** Per event of the file, the last correction or retraction of it (entry + 1, 0: none); per such change, the one before it. */
  private lastChanges = new Int32Array(1024);
  private previousChanges = new Int32Array(1024);
  /** Events of the store as corrected: the file's own events are corrected again from their lines instead. */
  private readonly corrected = new Map<number, KnownEvent>();
  private count = 0;

  /**
   * Records an event of the stream numbered `stream`, found at `line` of the file or
   * (without one) in the store; an event without id (an input line) only as a change.
   */
  add(id: string | undefined, stream: number, line?: LineAt): number {
    if (this.count === this.streams.length) this.grow();
    const entry = this.count++;
    this.streams[entry] = stream;
    this.flags[entry] = line ? 0 : STORED;
    if (line) {
      this.lines[entry] = line.number;
      this.starts[entry] = line.start;
      this.ends[entry] = line.end - line.start;
    }
    this.lastChanges[entry] = 0;
    if (id !== undefined) this.entries.set(id, entry);
    return entry;
  }

  find(id: string): number | undefined {
    return this.entries.get(id);
  }

  streamOf(entry: number): number {
    return this.streams[entry]!;
  }

  /** The event's line in the file; undefined for an event found in the store. */
  lineOf(entry: number): LineAt | undefined {
    if (this.flags[entry]! & STORED) return undefined;
    const start = this.starts[entry]!;
    return { number: this.lines[entry]!, start, end: start + this.ends[entry]! };
  }

  isRetracted(entry: number): boolean {
    return (this.flags[entry]! & RETRACTED) !== 0;
  }

  /** Notes that the event at `change` corrects or retracts the event of the file at `entry`. */
  addChange(entry: number, change: number): void {
    this.previousChanges[change] = this.lastChanges[entry]!;
    this.lastChanges[entry] = change + 1;
  }

  /** The corrections and retractions of an event of the file, oldest first. */
  changesOf(entry: number): number[] {
    const changes: number[] = [];
    for (let change = this.lastChanges[entry]!; change !== 0; change = this.previousChanges[change - 1]!) changes.push(change - 1);
    return changes.reverse();
  }

  /** An event of the store as corrected, when a correction changed it. */
  correctedForm(entry: number): KnownEvent | undefined {
    return this.corrected.get(entry);
  }

  /** Keeps the event's new form after a correction (or a retraction of a corrected event). */
  setCorrected(entry: number, known: KnownEvent): void {
    this.corrected.set(entry, known);
    if (known.retracted) this.flags[entry]! |= RETRACTED;
  }

  markRetracted(entry: number): void {
    this.flags[entry]! |= RETRACTED;
    const corrected = this.corrected.get(entry);
    if (corrected) this.corrected.set(entry, { ...corrected, retracted: true });
  }

  private grow(): void {
    const size = this.streams.length * 2;
    const grown = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(array: T, make: new (n: number) => T): T => {
      const next = new make(size);
      next.set(array);
      return next;
    };
    this.streams = grown(this.streams, Uint32Array);
    this.flags = grown(this.flags, Uint8Array);
    this.lines = grown(this.lines, Uint32Array);
    this.starts = grown(this.starts, Float64Array);
    this.ends = grown(this.ends, Uint32Array);
    this.lastChanges = grown(this.lastChanges, Int32Array);
    this.previousChanges = grown(this.previousChanges, Int32Array);
  }
}
