import type pg from 'pg';
import { StoreUnavailableError } from '../errors.js';

export const SCHEMA_VERSION = 1;

/** Advisory lock keys (per database): schema migrations, and the short section that hands out positions. */
const MIGRATION_LOCK = 7_061_726_001;
const POSITION_LOCK = 7_061_726_002;

/** The channel appends notify on commit; the payload is the last position written. */
export const APPEND_CHANNEL = 'parley_events';

/**
 * Version 1. The body is `json`, not `jsonb`: json keeps the text exactly as written (key
 * order, number spelling), which hash verification needs; jsonb would normalise it.
 *
 * `transaction_id` is the writing transaction's id. `parley_allocate_positions` takes the
 * position lock, assigns the transaction its id and draws the positions, then lets go: so
 * a smaller position always belongs to a smaller transaction id. A reader that only returns
 * rows whose transaction id is below the oldest transaction still running
 * (`pg_snapshot_xmin`) therefore never sees a position while a smaller one may still commit.
 * The sequence has no cache, so positions come out in the order they are drawn.
 */
const V1 = `
  CREATE SEQUENCE IF NOT EXISTS parley_event_position AS bigint START 1 CACHE 1;
  CREATE TABLE IF NOT EXISTS parley_events (
    position bigint PRIMARY KEY,
    transaction_id xid8 NOT NULL,
    id text NOT NULL,
    negotiation_id text NOT NULL,
    revision integer NOT NULL CHECK (revision >= 0),
    hash text NOT NULL,
    body json NOT NULL,
    CONSTRAINT parley_events_id_key UNIQUE (id),
    CONSTRAINT parley_events_stream_revision_key UNIQUE (negotiation_id, revision)
  );
  CREATE INDEX IF NOT EXISTS parley_events_openings ON parley_events (position) WHERE revision = 0;
  CREATE OR REPLACE FUNCTION parley_allocate_positions(how_many integer)
    RETURNS TABLE (allocated bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
      tx xid8;
    BEGIN
      PERFORM pg_advisory_lock(${POSITION_LOCK});
      tx := pg_current_xact_id();
      RETURN QUERY SELECT nextval('parley_event_position') FROM generate_series(1, how_many);
      PERFORM pg_advisory_unlock(${POSITION_LOCK});
    END
    $$;
`;

export const UNIQUE_ID_CONSTRAINT = 'parley_events_id_key';
export const UNIQUE_REVISION_CONSTRAINT = 'parley_events_stream_revision_key';

/** Draws `$1` positions for the current transaction (see V1). */
export const ALLOCATE_POSITIONS_SQL = 'SELECT allocated AS position FROM parley_allocate_positions($1)';

/** Inserts a batch: $1 positions, $2 ids, $3 the negotiation, $4 revisions, $5 hashes, $6 bodies. */
export const INSERT_EVENTS_SQL = `
  INSERT INTO parley_events (position, transaction_id, id, negotiation_id, revision, hash, body)
  SELECT p, pg_current_xact_id(), i, $3, r, h, b::json
  FROM unnest($1::bigint[], $2::text[], $4::integer[], $5::text[], $6::text[]) AS e(p, i, r, h, b)`;

/** Only rows of transactions older than every transaction still running: see V1. */
export const SETTLED = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

/**
 * Creates or upgrades the schema. The migration lock makes this safe when several
 * Parley processes start at once; a schema newer than this code is refused.
 */
export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await client.query('CREATE TABLE IF NOT EXISTS parley_meta (key text PRIMARY KEY, value text NOT NULL)');
    const found = await client.query<{ value: string }>("SELECT value FROM parley_meta WHERE key = 'schema_version'");
    const version = Number(found.rows[0]?.value ?? 0);
    if (version > SCHEMA_VERSION) {
      throw new StoreUnavailableError(`the PostgreSQL store has schema version ${version}; this Parley knows up to ${SCHEMA_VERSION}`);
    }
    if (version < 1) {
      await client.query(V1);
      await client.query(
        `INSERT INTO parley_meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [String(SCHEMA_VERSION)],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
