import type { RecordedEvent } from '../events/recordedEvent.js';
import type { EventStore } from '../store/eventStore.js';
import { StreamView } from '../replay/streamView.js';

/** A second reading the cache keeps of each stream beside its view, updated event by event (the write side's decision state). */
export interface StreamFold<D> {
  initial(negotiationId: string): D;
  /** May update `state` in place; returns the state to keep. */
  evolve(state: D, event: RecordedEvent): D;
}

interface Entry<D> {
  readonly view: StreamView;
  decision: D;
}

export interface StreamCacheOptions {
  /** Streams are evicted, least recently used first, once the cache holds more events than this. */
  readonly maxEvents?: number;
}

/**
 * The events a stream cache holds unless told otherwise (`serve` reads PARLEY_CACHE_EVENTS).
 * A stream that does not fit is read afresh on every use, so every append to it re-reads it
 * whole: the cache is sized for a server's working set, not for its memory. A cached event
 * costs about 2 KB of heap (the parsed event, its decision entry and its reading with
 * snapshots): 100,000 events are about 200 MB live.
 */
export const DEFAULT_CACHE_EVENTS = 100_000;

/**
 * Negotiation streams held in memory, brought up to date from the store on every use (one
 * read of the events after the cached revision), so other writers are seen; bounded by an
 * event count.
 */
export class StreamCache<D> {
  private readonly entries = new Map<string, Entry<D>>();
  private cachedEvents = 0;
  private readonly maxEvents: number;

  constructor(
    private readonly store: EventStore,
    private readonly decisionFold: StreamFold<D>,
    options: StreamCacheOptions = {},
  ) {
    this.maxEvents = options.maxEvents ?? DEFAULT_CACHE_EVENTS;
  }

  /** The stream, up to date; undefined when it has no events. */
  async get(negotiationId: string): Promise<Entry<D> | undefined> {
    let entry = this.entries.get(negotiationId);
    const from = entry ? entry.view.size : 0;
    const newer = await this.store.readStream(negotiationId, from);
    if (!entry) {
      if (newer.length === 0) return undefined;
      entry = { view: new StreamView(negotiationId), decision: this.decisionFold.initial(negotiationId) };
    }
    this.entries.delete(negotiationId); // re-inserted last: Map order is the LRU order
    this.entries.set(negotiationId, entry);
    this.add(entry, newer);
    this.evict(negotiationId);
    return entry;
  }

  /**
   * The stream as cached, without asking the store for newer events (undefined when not
   * cached): for a writer whose append the store checks against the revision it decided on.
   */
  cached(negotiationId: string): Entry<D> | undefined {
    const entry = this.entries.get(negotiationId);
    if (!entry) return undefined;
    this.entries.delete(negotiationId); // re-inserted last: Map order is the LRU order
    this.entries.set(negotiationId, entry);
    this.evict(negotiationId);
    return entry;
  }

  /** Takes events this process has just appended, so the next read need not fetch them. */
  absorb(negotiationId: string, events: readonly RecordedEvent[]): void {
    const entry = this.entries.get(negotiationId);
    if (entry) this.add(entry, events);
  }

  /** The stream as cached, leaving the cache as it is (no reordering, no eviction): for a reading inside a store's transaction. */
  peek(negotiationId: string): Entry<D> | undefined {
    return this.entries.get(negotiationId);
  }

  /** Like absorb; a stream not cached whose events start at revision 0 (an append that opened it) is cached from them. */
  absorbOpening(negotiationId: string, events: readonly RecordedEvent[]): void {
    if (!this.entries.has(negotiationId) && events[0]?.revision === 0) {
      this.entries.set(negotiationId, { view: new StreamView(negotiationId), decision: this.decisionFold.initial(negotiationId) });
    }
    this.absorb(negotiationId, events);
  }

  /** Drops a stream, e.g. after a failed append left its cached state unsure. */
  forget(negotiationId: string): void {
    const entry = this.entries.get(negotiationId);
    if (!entry) return;
    this.cachedEvents -= entry.view.size;
    this.entries.delete(negotiationId);
  }

  private add(entry: Entry<D>, events: readonly RecordedEvent[]): void {
    const fresh = events.filter((e) => e.revision > entry.view.lastRevision);
    if (fresh.length === 0) return;
    if (!entry.view.append(fresh)) {
      this.forget(entry.view.negotiationId);
      return;
    }
    for (const event of fresh) entry.decision = this.decisionFold.evolve(entry.decision, event);
    this.cachedEvents += fresh.length;
  }

  private evict(keep: string): void {
    for (const [id, entry] of this.entries) {
      if (this.cachedEvents <= this.maxEvents) return;
      if (id === keep) continue;
      this.cachedEvents -= entry.view.size;
      this.entries.delete(id);
    }
  }
}
