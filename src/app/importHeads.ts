import { sealEvents, type StreamHead } from '../audit/seal.js';
import type { EventInput } from '../events/eventInput.js';
import type { PendingEvent } from '../events/recordedEvent.js';
import { storedForm } from '../events/storedForm.js';

export interface ImportHeadsOptions {
  readonly recordedBy: string;
  readonly now: () => number;
  readonly newId: () => string;
}

/**
 * Where each stream stands as an import's writing pass goes through the file. A stream starts
 * at the head the checking pass found in the store (if another writer has moved it since,
 * the store refuses the first append at that revision) and moves on with each line: an input
 * is sealed onto the head as the append service seals a decided event, and a recorded event
 * is the new head as written. The rules were checked by the checking pass. Inputs are recorded
 * at the instant their window of writes began (`nextInstant`): the events the store commits
 * together were learnt together, so a stream imported in one window is one step of what
 * Parley knew, not one per millisecond the import took.
 */
export class ImportHeads {
  private readonly heads = new Map<string, { readonly negotiationId: string; revision: number; hash: string }>();
  private recordedAtMs = Number.NaN;
  private recordedAtText = '';

  constructor(
    private readonly storeHeads: ReadonlyMap<string, StreamHead>,
    private readonly options: ImportHeadsOptions,
  ) {}

  /** The input as its stream's next event; undefined for a stream the checking pass did not meet. */
  seal(negotiationId: string, input: EventInput): PendingEvent | undefined {
    const head = this.head(negotiationId);
    if (!head) return undefined;
    const [event] = sealEvents(head, [storedForm(input)], { recordedAt: this.recordedAt(), recordedBy: this.options.recordedBy, newId: this.options.newId });
    head.revision = event!.revision;
    head.hash = event!.hash;
    return event;
  }

  /** Takes a recorded event as its stream's head. */
  recorded(event: PendingEvent): void {
    const head = this.heads.get(event.negotiationId);
    if (head) {
      head.revision = event.revision;
      head.hash = event.hash;
    } else {
      this.heads.set(event.negotiationId, { negotiationId: event.negotiationId, revision: event.revision, hash: event.hash });
    }
  }

  private head(negotiationId: string): { readonly negotiationId: string; revision: number; hash: string } | undefined {
    const known = this.heads.get(negotiationId);
    if (known) return known;
    const stored = this.storeHeads.get(negotiationId);
    if (!stored) return undefined;
    const head = { negotiationId, revision: stored.revision, hash: stored.hash };
    this.heads.set(negotiationId, head);
    return head;
  }

  /**
   * Lines sealed from now on are recorded at the clock's present instant (never before the
   * last one: a clock set back does not make a stream's recordedAt go back).
   */
  nextInstant(): void {
    const ms = this.options.now();
    if (ms > this.recordedAtMs || Number.isNaN(this.recordedAtMs)) {
      this.recordedAtMs = ms;
      this.recordedAtText = new Date(ms).toISOString();
    }
  }

  /** The instant of the lines sealed now: one per window of writes, as one append's events share one. */
  private recordedAt(): string {
    if (Number.isNaN(this.recordedAtMs)) this.nextInstant();
    return this.recordedAtText;
  }
}
