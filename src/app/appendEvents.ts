import { ValidationError } from '../errors.js';
import type { EventInput } from '../events/eventInput.js';
import { appendOnce, type AppendDependencies, type AppendOutcome, type AppendRequest } from './appendOnce.js';
import { retryWhenRaced } from './retryWhenRaced.js';

/** The append use case: one writer per stream in this process, one attempt after another until none loses a race. */
export async function appendEvents(deps: AppendDependencies, request: AppendRequest): Promise<AppendOutcome> {
  rejectRepeatedIds(request.inputs);
  return deps.lock.run(request.negotiationId, () =>
    retryWhenRaced((from) => appendOnce(deps, request, from), {
      cached: deps.cache.cached(request.negotiationId) !== undefined,
      revisionPinned: request.expectedRevision !== undefined,
      now: deps.now,
    }),
  );
}

function rejectRepeatedIds(inputs: readonly EventInput[]): void {
  const seen = new Set<string>();
  inputs.forEach((input, index) => {
    if (!input.id) return;
    if (seen.has(input.id)) {
      throw new ValidationError('an event id appears twice in the batch', [{ path: `/${index}/id`, message: `repeats ${input.id}` }]);
    }
    seen.add(input.id);
  });
}
