import { ParleyError, StoreUnavailableError } from '../errors.js';

/** What better-sqlite3 throws when the database fails (busy, I/O, damage, a missing table), or is used once closed. */
function isDriverError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error.name === 'SqliteError') return true;
  return error instanceof TypeError && /database connection is not open/.test(error.message);
}

/**
 * A driver failure becomes a StoreUnavailableError (503): the store, not the request, is at
 * fault. ParleyErrors (conflicts, duplicates, unreadable rows) and anything else pass through
 * unchanged. The message keeps the driver's words for the operator; an HTTP client is told
 * only that the store cannot answer.
 */
export function toSqliteStoreError(error: unknown, doing: string): unknown {
  if (error instanceof ParleyError || !isDriverError(error)) return error;
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? `${error.message} (${code})` : error.message;
  return new StoreUnavailableError(`SQLite store unavailable while ${doing}: ${reason}`, { cause: error });
}
