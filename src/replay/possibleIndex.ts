import { leadingCount, possiblyAt, startingBy } from '../../projections/countsAt.js';
import { byValidTime, type EffectiveEvent } from '../../projections/effectiveEvent.js';

/** Events whose widths (end − start) lie within a factor of two, in valid-time order, and the widest of them. */
interface WidthClass {
  readonly events: EffectiveEvent[];
  widest: number;
}

/**
 * The events of one stream's reading (in valid-time order) that possibly happened by an asOf,
 * start ≤ asOf < end (CONTRACT §2.2), found without walking every event that started by then:
 * a query costs about the events it finds, not the length of the stream.
 *
 * An instant is never possible, so it is not indexed. An event of finite width w is possible
 * only if it started within w before asOf: events are kept in classes of widths within a factor
 * of two, and each class is searched (by binary search, as `startingBy`) only from asOf minus
 * its widest width, where nearly every event found is possible. An event with no end (+∞) is
 * possible at every asOf from its start on; one with no start (−∞) at every asOf before its end.
 */
export class PossibleIndex {
  /** end = +∞, by start (−∞ first). */
  private readonly endless: EffectiveEvent[] = [];
  /** start = −∞ and a finite end, by end. */
  private readonly startless: EffectiveEvent[] = [];
  /** By ⌊log₂ width⌋. */
  private readonly classes = new Map<number, WidthClass>();
  private indexed = 0;

  /** `events` may grow at the end, in valid-time order (a cached reading that an append extends). */
  constructor(private readonly events: readonly EffectiveEvent[]) {}

  /** The events possibly happened by asOf, in valid-time order; retracted ones included. */
  possibleAt(asOf: number): EffectiveEvent[] {
    this.catchUp();
    const found: EffectiveEvent[] = [];
    for (let i = 0, end = startingBy(this.endless, asOf); i < end; i++) keepIfPossible(found, this.endless[i]!, asOf);
    for (let i = firstEndingAfter(this.startless, asOf); i < this.startless.length; i++) keepIfPossible(found, this.startless[i]!, asOf);
    for (const { events, widest } of this.classes.values()) {
      // An event that started at or before asOf − widest has ended by asOf.
      for (let i = startingBy(events, asOf - widest), end = startingBy(events, asOf); i < end; i++) keepIfPossible(found, events[i]!, asOf);
    }
    return found.sort(byValidTime);
  }

  /** Indexes the events added since the last query. */
  private catchUp(): void {
    for (; this.indexed < this.events.length; this.indexed++) {
      const effective = this.events[this.indexed]!;
      const { start, end } = effective.occurred;
      if (end === Number.POSITIVE_INFINITY) this.endless.push(effective);
      else if (start === Number.NEGATIVE_INFINITY) this.startless.splice(firstEndingAfter(this.startless, end), 0, effective);
      else if (end > start) this.widthClassOf(end - start).push(effective);
    }
  }

  private widthClassOf(width: number): EffectiveEvent[] {
    const key = Math.floor(Math.log2(width));
    let widthClass = this.classes.get(key);
    if (!widthClass) this.classes.set(key, (widthClass = { events: [], widest: width }));
    widthClass.widest = Math.max(widthClass.widest, width);
    return widthClass.events;
  }
}

function keepIfPossible(found: EffectiveEvent[], effective: EffectiveEvent, asOf: number): void {
  if (possiblyAt(effective, asOf)) found.push(effective);
}

/** How many of `events` (by end) end at or before `at`: the index of the first that ends after it. */
function firstEndingAfter(events: readonly EffectiveEvent[], at: number): number {
  return leadingCount(events, (e) => e.occurred.end <= at);
}
