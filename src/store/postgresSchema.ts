import type pg from 'pg';
import { StoreUnavailableError } from '../errors.js';
import { V3 } from './postgresProofStore.js';
import { MAX_MS } from './readModel.js';

export const SCHEMA_VERSION = 3;

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

/**
 * Version 2: the read model (readModel.ts, postgresReadModel.ts). `parley_read_rows` holds
 * the bitemporal rows; closed rows stay (a cut in the past reads them), so every lookup's
 * index narrows by its own filter and order and checks the cut on what it finds:
 * - `_cut`: the summaries' two intervals as a box (valid × transaction time, closed ends, so
 *   the open ends are taken one ms in), for the dashboard, which reads every summary at a cut;
 * - `_by_stream` (summaries, grants in stream order), `_statement_order` (statements in their
 *   order), `_by_negotiation` (one negotiation's statements; a reset drops a stream's rows),
 *   `_statement_who`/`_what`, `_grant_who`/`_what` (the rows of the names that a "contains"
 *   filter found in `parley_read_names`, which keeps each folded name once: one name's rows
 *   come in their answer's order), `_summary_status`, `_text` (full-text search),
 *   `_current` (the rows a change supersedes).
 * `parley_read_orgs` lists each row under each organisation it concerns, in the order org
 * items are answered in. `parley_read_streams` marks how far each stream is covered, and keeps
 * its span. Text compared as bytes (the statement order's recordedAt) is in the C collation.
 */
const V2 = `
  CREATE TABLE parley_read_rows (
    id bigserial PRIMARY KEY,
    family text COLLATE "C" NOT NULL,
    negotiation_id text NOT NULL,
    stream_no bigint NOT NULL,
    item_key text NOT NULL,
    valid_from bigint NOT NULL,
    valid_to bigint NOT NULL,
    rec_from bigint NOT NULL,
    rec_to bigint NOT NULL,
    end_ms bigint NOT NULL,
    ord double precision NOT NULL,
    ord_text text COLLATE "C" NOT NULL,
    start_ms bigint NOT NULL,
    position bigint NOT NULL,
    status text NOT NULL,
    who text NOT NULL,
    what text NOT NULL,
    text text NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
    orgs text[] NOT NULL,
    body text NOT NULL,
    exists_yes smallint,
    meetings_min bigint,
    meetings_max bigint,
    last_at text,
    last_at_start bigint,
    last_at_end bigint,
    open_offers bigint,
    active_grants bigint,
    statements bigint,
    activity_start bigint,
    activity_recorded_at text COLLATE "C"
  );
  CREATE INDEX parley_read_rows_current ON parley_read_rows (negotiation_id, family, item_key) WHERE rec_to = ${MAX_MS};
  CREATE INDEX parley_read_rows_cut ON parley_read_rows
    USING gist (box(point(valid_from, rec_from), point(valid_to - 1, rec_to - 1))) WHERE family = 'summary';
  CREATE INDEX parley_read_rows_by_stream ON parley_read_rows (family, stream_no, ord, position);
  CREATE INDEX parley_read_rows_summary_status ON parley_read_rows (status, stream_no) WHERE family = 'summary';
  CREATE INDEX parley_read_rows_statement_order ON parley_read_rows (ord, ord_text, stream_no, position) WHERE family = 'statement';
  CREATE INDEX parley_read_rows_by_negotiation ON parley_read_rows (negotiation_id, family, ord, ord_text, stream_no, position);
  CREATE INDEX parley_read_rows_statement_who ON parley_read_rows (who, ord, ord_text, stream_no, position) WHERE family = 'statement';
  CREATE INDEX parley_read_rows_statement_what ON parley_read_rows (what, ord, ord_text, stream_no, position) WHERE family = 'statement';
  CREATE INDEX parley_read_rows_grant_who ON parley_read_rows (who, stream_no, ord) WHERE family = 'grant';
  CREATE INDEX parley_read_rows_grant_what ON parley_read_rows (what, stream_no, ord) WHERE family = 'grant';
  CREATE INDEX parley_read_rows_activity ON parley_read_rows (start_ms DESC, ord_text DESC, stream_no, ord, position) WHERE family = 'activity';
  CREATE INDEX parley_read_rows_text ON parley_read_rows USING gin (tsv) WHERE family = 'statement';
  CREATE TABLE parley_read_orgs (
    org text NOT NULL,
    start_ms bigint NOT NULL,
    stream_no bigint NOT NULL,
    position bigint NOT NULL,
    family text COLLATE "C" NOT NULL,
    row_id bigint NOT NULL REFERENCES parley_read_rows (id) ON DELETE CASCADE,
    PRIMARY KEY (org, start_ms, stream_no, position, family, row_id)
  );
  CREATE INDEX parley_read_orgs_row ON parley_read_orgs (row_id);
  CREATE TABLE parley_read_names (
    family text NOT NULL,
    side text NOT NULL,
    name text NOT NULL,
    PRIMARY KEY (family, side, name)
  );
  CREATE TABLE parley_read_streams (
    negotiation_id text PRIMARY KEY,
    stream_no bigint NOT NULL,
    covered integer NOT NULL,
    head integer NOT NULL,
    occurred_from text, occurred_from_ms bigint,
    occurred_to text, occurred_to_ms bigint,
    recorded_from text, recorded_from_ms bigint,
    recorded_to text, recorded_to_ms bigint
  );
  CREATE INDEX parley_read_streams_behind ON parley_read_streams (stream_no) WHERE covered < head;
  CREATE INDEX parley_read_streams_occurred_from ON parley_read_streams (occurred_from_ms, stream_no) WHERE occurred_from IS NOT NULL;
  CREATE INDEX parley_read_streams_occurred_to ON parley_read_streams (occurred_to_ms DESC, stream_no) WHERE occurred_to IS NOT NULL;
  CREATE INDEX parley_read_streams_recorded_from ON parley_read_streams (recorded_from_ms, stream_no) WHERE recorded_from IS NOT NULL;
  CREATE INDEX parley_read_streams_recorded_to ON parley_read_streams (recorded_to_ms DESC, stream_no) WHERE recorded_to IS NOT NULL;
  INSERT INTO parley_read_streams (negotiation_id, stream_no, covered, head)
    SELECT negotiation_id, min(position), -1, max(revision) FROM parley_events GROUP BY negotiation_id;
`;

export const UNIQUE_ID_CONSTRAINT = 'parley_events_id_key';
export const UNIQUE_REVISION_CONSTRAINT = 'parley_events_stream_revision_key';

/** Draws `$1` positions for the current transaction (see V1). */
export const ALLOCATE_POSITIONS_SQL = 'SELECT allocated AS position FROM parley_allocate_positions($1)';

/** Inserts a batch: $1 positions, $2 ids, $3 the negotiation, $4 revisions, $5 hashes, $6 bodies, $7 seqs. */
export const INSERT_EVENTS_SQL = `
  INSERT INTO parley_events (position, transaction_id, id, negotiation_id, revision, hash, body, seq)
  SELECT p, pg_current_xact_id(), i, $3, r, h, b::json, s
  FROM unnest($1::bigint[], $2::text[], $4::integer[], $5::text[], $6::text[], $7::bigint[]) AS e(p, i, r, h, b, s)`;

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
    if (version < 1) await client.query(V1);
    // Version 2: the read model (see V2); every stream already stored starts behind it, for a catch-up.
    if (version < 2) await client.query(V2);
    // Version 3: the Merkle log (see postgresProofStore.ts).
    if (version < 3) await client.query(V3);
    if (version < SCHEMA_VERSION) {
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
