import { contentKey, storedForm } from '../events/storedForm.js';
import { upcast } from '../events/upcast.js';
import { EventIdConflictError } from '../errors.js';
import type { EventInput } from '../events/eventInput.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import type { EventStore } from '../store/eventStore.js';

/**
 * The events of an earlier append of this same batch (an idempotent retry), or undefined
 * when none of its ids is stored; an id stored with other content is a conflict (409).
 */
export async function earlierAppend(store: EventStore, request: { readonly negotiationId: string; readonly inputs: readonly EventInput[] }): Promise<RecordedEvent[] | undefined> {
  const ids = request.inputs.flatMap((input) => (input.id ? [input.id] : []));
  if (ids.length === 0) return undefined;
  const found = await store.findEvents(ids);
  if (found.length === 0) return undefined;
  const byId = new Map(found.map((event) => [event.id, event]));
  const differing = request.inputs.filter((input) => {
    const stored = input.id ? byId.get(input.id) : undefined;
    return stored !== undefined && !sameContent(stored, request.negotiationId, input);
  });
  if (differing.length > 0) {
    throw new EventIdConflictError(`event id already recorded with other content: ${differing.map((input) => input.id).join(', ')}`);
  }
  if (found.length !== request.inputs.length) {
    throw new EventIdConflictError(
      `part of this batch is already recorded (${found.map((e) => e.id).join(', ')}): resend exactly the original batch, or only new events`,
    );
  }
  return found.sort((a, b) => a.revision - b.revision);
}

/** Whether a stored event is what this input would record (an idempotent retry). */
export function sameContent(stored: RecordedEvent, negotiationId: string, input: EventInput): boolean {
  // Both in the newest stored shape: a v1 event and its v1 input both read with `sources`.
  return stored.negotiationId === negotiationId && contentKey(upcast(stored) as EventInput) === contentKey(storedForm(input));
}
