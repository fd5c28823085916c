import { sealEvents } from '../../src/audit/seal.js';
import { decide } from '../../src/domain/decide.js';
import { evolveDecisionState, initialDecisionState, type DecisionState } from '../../src/domain/decisionState.js';
import type { EventInput } from '../../src/events/eventInput.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { idSequence } from './ids.js';

/**
 * Records EventInputs the way the append service does (decide: domain rules; sealEvents: ids,
 * revisions, hash chain), without a store: positions come from a counter that several streams may share.
 */
export class Recorder {
  private readonly states = new Map<string, DecisionState>();
  private position = 0;
  readonly log: RecordedEvent[] = [];

  constructor(
    // Generated ids start high, clear of the small ids tests pick by hand.
    private readonly newId: () => string = idSequence(1_000_000),
    private readonly recordedBy = 'recorder',
  ) {}

  /** Records a batch in one stream at `recordedAt` (an ISO instant) and returns the recorded events. */
  record(negotiationId: string, inputs: readonly EventInput[], recordedAt: string): RecordedEvent[] {
    const state = this.states.get(negotiationId) ?? initialDecisionState(negotiationId);
    const sealing = { recordedAt: new Date(recordedAt).toISOString(), recordedBy: this.recordedBy, newId: this.newId };
    const pending = sealEvents(state, decide({ negotiationId, inputs }, state), sealing);
    const recorded = pending.map((event) => ({ ...event, position: ++this.position }));
    for (const event of recorded) evolveDecisionState(state, event);
    this.states.set(negotiationId, state);
    this.log.push(...recorded);
    return recorded;
  }

  /** Records one event and returns it. */
  one(negotiationId: string, input: EventInput, recordedAt: string): RecordedEvent {
    return this.record(negotiationId, [input], recordedAt)[0]!;
  }

  /** The stream's events in revision order. */
  stream(negotiationId: string): RecordedEvent[] {
    return this.log.filter((event) => event.negotiationId === negotiationId);
  }
}
