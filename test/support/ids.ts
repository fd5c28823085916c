/** Deterministic, valid (version 4, RFC 9562 variant) UUIDs, so tests read and fail the same way every run. */
export function eventId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A source of fresh deterministic ids, as `newId` for decide and createParley. */
export function idSequence(start = 1): () => string {
  let next = start;
  return () => eventId(next++);
}
