/**
 * Parley's errors, each with the HTTP status it answers with (src/http/errorHandler.ts turns
 * them into problem documents). The CLI prints their message on one line; its own failures,
 * which never reach HTTP, are src/cli/cliErrors.ts.
 */
export class ParleyError extends Error {
  readonly status: number = 500;
  readonly title: string = 'Internal error';
  readonly type: string = 'about:blank';
}

/** One field error of a 400 answer: where in the request (a JSON pointer or a dotted name) and what is wrong there. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export class ValidationError extends ParleyError {
  override readonly status = 400;
  override readonly title = 'Invalid request';
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

/** What a failed schema check (a ZodError) reports, as much as a field error needs. */
export interface SchemaFailure {
  readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
}

export interface FieldErrorOptions {
  /** Path segments above the checked value (`['negotiationId']`). */
  readonly prefix?: readonly PropertyKey[];
  /**
   * `pointer`: a JSON pointer into a request body (`/0/data/title`, the default);
   * `dotted`: a name as written in a query string or a JSON line (`data.title`).
   */
  readonly paths?: 'pointer' | 'dotted';
}

/** The one reading of a schema failure: a field error per issue, in the schema's order. */
export function fieldErrorsOf(failure: SchemaFailure, options: FieldErrorOptions = {}): FieldError[] {
  const prefix = options.prefix ?? [];
  const pathOf = options.paths === 'dotted' ? dotted : pointer;
  return failure.issues.map((issue) => ({ path: pathOf([...prefix, ...issue.path]), message: issue.message }));
}

function pointer(path: readonly PropertyKey[]): string {
  return path.map((key) => `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
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

/** An event id already stored: the caller decides whether it is a retry (same content) or a conflict. */
export class DuplicateEventIdError extends EventIdConflictError {
  constructor(readonly eventIds: readonly string[]) {
    super(`event id already recorded: ${eventIds.join(', ')}`);
  }
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

/**
 * A stored event whose schemaVersion this Parley does not know (CONTRACT §3.1): written by a
 * newer Parley. It is refused, never guessed at; 500, since only an upgrade mends it.
 */
export class UnknownSchemaVersionError extends ParleyError {
  override readonly status = 500;
  override readonly title = 'Unknown stored schema version';
  constructor(readonly event: { readonly negotiationId: string; readonly revision: number; readonly id: string; readonly schemaVersion?: unknown }, known: readonly number[]) {
    super(
      `the stored event of negotiation ${event.negotiationId}, revision ${event.revision} (event ${event.id}) has schemaVersion ${JSON.stringify(event.schemaVersion)}, which this Parley does not read (it reads ${known.join(', ')}): upgrade Parley to read this store`,
    );
  }
}

/** An import file with bad lines; nothing was written. `errors` names the first ones by line number. */
export class ImportRejectedError extends ValidationError {
  constructor(
    sourceName: string,
    problems: readonly { readonly number: number; readonly message: string }[],
    readonly problemCount: number,
  ) {
    super(
      `${sourceName}: ${problemCount} bad line${problemCount === 1 ? '' : 's'}, nothing was imported`,
      problems.map((p) => ({ path: `line ${p.number}`, message: p.message })),
    );
  }
}

/** The store changed under an import (another writer): part of the file may be written; importing again completes the rest. */
export class ImportInterruptedError extends ParleyError {
  override readonly status = 409;
  override readonly title = 'Import interrupted';
}

export class UnauthorizedError extends ParleyError {
  override readonly status = 401;
  override readonly title = 'Unauthorized';
}

export class ForbiddenError extends ParleyError {
  override readonly status = 403;
  override readonly title = 'Forbidden';
}

/** A request body that is not JSON. */
export class UnsupportedMediaTypeError extends ParleyError {
  override readonly status = 415;
  override readonly title = 'Unsupported media type';
}

/** A request body over the route's limit (1 MiB for appends, 16 MiB for an import). */
export class PayloadTooLargeError extends ParleyError {
  override readonly status = 413;
  override readonly title = 'Request body too large';
  constructor(limit: number) {
    super(`the request body is over ${byteSize(limit)}`);
  }
}

/** A byte count as a person reads a limit: `16 MiB`, `100 KiB`, `512 bytes`. */
function byteSize(bytes: number): string {
  const round = (value: number) => String(Math.round(value * 10) / 10);
  if (bytes >= 1024 * 1024) return `${round(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** A refusal that passes: the answer carries `Retry-After`. */
export class RetryLaterError extends ParleyError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Too many failed authentications from one client address. */
export class TooManyFailuresError extends RetryLaterError {
  override readonly status = 429;
  override readonly title = 'Too many requests';
}

/** The live feed has as many connections as it takes (for the server, or for this token). */
export class LiveFeedFullError extends RetryLaterError {
  override readonly status = 503;
  override readonly title = 'Live feed full';
}

/** A proof or root asked for sizes or leaves the Merkle log does not have (CONTRACT §8). */
export class ProofRangeError extends ParleyError {
  override readonly status = 400;
  override readonly title = 'Proof out of range';
}

/** A signed note (a checkpoint, CONTRACT §8) that is not written as the format says; `problem` says where. */
export class MalformedNoteError extends ParleyError {
  override readonly status = 400;
  override readonly title = 'Malformed signed note';
  constructor(readonly problem: string) {
    super(`malformed signed note: ${problem}`);
  }
}

/** A signing or verifier key that cannot be used: not Ed25519, or its text is malformed. */
export class InvalidNoteKeyError extends ParleyError {
  override readonly status = 400;
  override readonly title = 'Invalid key';
}

/** The Merkle log's stored leaves or nodes are not what the events say: the store was damaged or rolled back (CONTRACT §8). */
export class DamagedLogError extends ParleyError {
  override readonly status = 500;
  override readonly title = 'Merkle log damaged';
}

/** Checkpoints cannot be signed here: the server has no signing key, or its store keeps no Merkle log. */
export class SigningUnavailableError extends ParleyError {
  override readonly status = 501;
  override readonly title = 'Checkpoints unavailable';
}

/** The store is behind the newest checkpoint kept outside it: rolled back or rewritten (CONTRACT §8); `serve` refuses to start. */
export class StoreBehindError extends ParleyError {
  override readonly status = 500;
  override readonly title = 'Store behind its checkpoint';
}

/** A log's answers cannot be had, or are not what its API says they are: unreachable, an error status, not JSON, or not the expected shape (`parley witness`). */
export class LogUnreachableError extends ParleyError {
  override readonly status = 502;
  override readonly title = 'Log unreachable';
}

/** A witnessed log is not an extension of the one seen before (rolled back, forked), or is signed by another key (CONTRACT §8). */
export class LogNotExtendedError extends ParleyError {
  override readonly status = 409;
  override readonly title = 'Log not an extension';
}

/** A witness's state file that cannot be read as one. */
export class MalformedWitnessStateError extends ParleyError {
  override readonly status = 400;
  override readonly title = 'Malformed witness state';
}

/** A file given as an evidence pack (CONTRACT §8) that is not one: too large, not JSON, another format, a field missing. */
export class MalformedEvidenceError extends ParleyError {
  override readonly status = 400;
  override readonly title = 'Malformed evidence pack';
}
