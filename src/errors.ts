/** Errors that carry the HTTP status they answer with; the CLI prints their message on one line. */
export class ParleyError extends Error {
  readonly status: number = 500;
  readonly title: string = 'Internal error';
  readonly type: string = 'about:blank';
}

export class ValidationError extends ParleyError {
  override readonly status = 400;
  override readonly title = 'Invalid request';
  constructor(
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends ParleyError {
  override readonly status = 404;
  override readonly title = 'Not found';
}

/** An event id reused with other content. */
export class EventIdConflictError extends ParleyError {
  override readonly status = 409;
  override readonly title = 'Event id already used';
}

/** The stream moved on since the revision the caller expected. */
export class WrongExpectedRevisionError extends ParleyError {
  override readonly status = 412;
  override readonly title = 'Stream has changed';
  constructor(
    readonly negotiationId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`negotiation ${negotiationId} is at revision ${actual}, not ${expected}`);
  }
}

/** A domain rule of CONTRACT §3 was broken. */
export class DomainRuleError extends ParleyError {
  override readonly status = 422;
  override readonly title = 'Domain rule violated';
}

/** The store cannot be reached. */
export class StoreUnavailableError extends ParleyError {
  override readonly status = 503;
  override readonly title = 'Store unavailable';
}

/**
 * A stored event that cannot be read back (its stored form is cut short or not an event):
 * damage in the store, which waiting will not mend, so 500 rather than 503. Its stream,
 * revision, position and id come from the row's own columns.
 */
export class UnreadableEventError extends ParleyError {
  override readonly status = 500;
  override readonly title = 'Stored event unreadable';
  constructor(readonly row: { readonly negotiationId: string; readonly revision: number; readonly position: number; readonly id: string }) {
    super(
      `the stored event of negotiation ${row.negotiationId}, revision ${row.revision} (position ${row.position}, event ${row.id}) cannot be read: the store is damaged and needs repair`,
    );
  }
}

export class UnauthorizedError extends ParleyError {
  override readonly status = 401;
  override readonly title = 'Unauthorized';
}

export class ForbiddenError extends ParleyError {
  override readonly status = 403;
  override readonly title = 'Forbidden';
}

/** An event id already stored: the caller decides whether it is a retry (same content) or a conflict. */
export class DuplicateEventIdError extends EventIdConflictError {
  constructor(readonly eventIds: readonly string[]) {
    super(`event id already recorded: ${eventIds.join(', ')}`);
  }
}
