import type { EventInput } from '../../src/events/eventInput.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { Recorder } from './recorder.js';
import { appliedAt, cutAt, knownReading, startedAt } from './replay.js';

/**
 * Given/when/then for projections: `given` records batches of one negotiation (each a minute
 * after the last, from 1 June 2026, unless told when); `at` gives the effective events a
 * projection folds at a cut.
 */
export class Story {
  private clock = Date.parse('2026-06-01T00:00:00.000Z');

  constructor(
    readonly negotiationId = 'n',
    readonly recorder = new Recorder(),
  ) {}

  given(inputs: readonly EventInput[], recordedAt?: string): RecordedEvent[] {
    this.clock += 60_000;
    return this.recorder.record(this.negotiationId, inputs, recordedAt ?? new Date(this.clock).toISOString());
  }

  get events(): RecordedEvent[] {
    return this.recorder.stream(this.negotiationId);
  }

  /** The effective events that count at asOf (default: the end of 2030) as known at knownAt (default: everything). */
  at(asOf = '2030', knownAt?: string): EffectiveEvent[] {
    return appliedAt(this.events, cutAt(asOf, knownAt));
  }

  /** Every effective event known at knownAt (default: everything), whatever its valid time, in valid-time order. */
  known(knownAt?: string): EffectiveEvent[] {
    return knownReading(this.events, cutAt('2030', knownAt).knownAt);
  }

  /** The effective events that started by asOf, counting or possible, in valid-time order: what the timeline and statements read. */
  startedAt(asOf = '2030', knownAt?: string): EffectiveEvent[] {
    return startedAt(this.events, cutAt(asOf, knownAt));
  }
}
