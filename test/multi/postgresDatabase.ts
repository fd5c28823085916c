import { freshDatabase, postgresTarget, type PostgresTarget } from '../store/postgresTarget.js';

let target: Promise<PostgresTarget> | undefined;

/** The PostgreSQL server of these tests (PARLEY_TEST_POSTGRES_URL, else a container), found once per file. */
export function sharedPostgresTarget(): Promise<PostgresTarget> {
  return (target ??= postgresTarget());
}

/** Stops a container the file started (nothing when the server came from PARLEY_TEST_POSTGRES_URL). */
export async function releasePostgresTarget(): Promise<void> {
  const resolved = await target;
  if (resolved && 'stop' in resolved) await resolved.stop();
}

/**
 * A fresh, empty database for one test, and its drop; skips the test (saying why on stderr)
 * when there is no PostgreSQL server to use.
 */
export async function freshPostgresOrSkip(context: { skip(note?: string): never }): Promise<{ url: string; drop: () => Promise<void> }> {
  const resolved = await sharedPostgresTarget();
  if ('skip' in resolved) {
    console.warn(`skipped: ${resolved.skip}`);
    context.skip(resolved.skip);
  }
  return freshDatabase(resolved.adminUrl);
}
