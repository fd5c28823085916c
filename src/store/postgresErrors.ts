import { ParleyError, StoreUnavailableError } from '../errors.js';

/** A PostgreSQL error as `pg` reports it: SQLSTATE `code`, and the violated `constraint`. */
export interface PgError {
  code?: string;
  constraint?: string;
  message?: string;
}

export function pgErrorOf(error: unknown): PgError {
  return typeof error === 'object' && error !== null ? (error as PgError) : {};
}

/** Deadlocks and serialization failures: nothing was written, the same append may simply be tried again. */
export function isRetryable(error: unknown): boolean {
  const code = pgErrorOf(error).code;
  return code === '40P01' || code === '40001';
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Whether a connection that threw this can no longer be trusted: a network failure or a
 * client-side timeout (no SQLSTATE), or a connection-class SQLSTATE (08…, 57P…).
 */
export function isConnectionBroken(error: unknown): boolean {
  if (error instanceof ParleyError) return false;
  const code = pgErrorOf(error).code;
  return !code || !SQLSTATE.test(code) || code.startsWith('08') || code.startsWith('57P');
}

/**
 * Anything the server or the network throws becomes a StoreUnavailableError (503): a caller
 * never sees a raw driver error. ParleyErrors (conflicts, duplicates) pass through unchanged.
 * The message keeps the driver's words for the operator (the CLI prints it, the server logs
 * it); an HTTP client is told only that the store cannot answer.
 */
export function toStoreError(error: unknown, doing: string): Error {
  if (error instanceof ParleyError) return error;
  const { code, message } = pgErrorOf(error);
  // Connecting to a name with several addresses fails with an AggregateError whose own message is empty.
  const first = error instanceof AggregateError ? pgErrorOf(error.errors[0]) : undefined;
  const text = message || first?.message || String(error);
  const reason = code && SQLSTATE.test(code) ? `${text} (SQLSTATE ${code})` : text;
  return new StoreUnavailableError(`PostgreSQL store unavailable while ${doing}: ${reason}`, { cause: error });
}
