import type pg from 'pg';
import { isRetryable } from './postgresErrors.js';
import {
  MAX_MS,
  MIN_MS,
  type DashboardTotals,
  type FoundRow,
  type FullTextQuery,
  type GrantLookup,
  type OrgLookup,
  type ReadChange,
  type ReadCut,
  type ReadFamily,
  type ReadModel,
  type ReadRow,
  type StatementLookup,
  type StreamSpan,
  type SummaryLookup,
  totalsColumns,
} from './readModel.js';

/** What the read model needs of its store: pooled reads, and a connection of its own for a transaction (errors already the store's). */
export interface PgAccess {
  query<R extends pg.QueryResultRow>(doing: string, sql: string, values?: unknown[]): Promise<R[]>;
  withClient<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
}

/** Every status a summary can have: the dashboard counts each, 0 when none. */
const STATUSES = ['open', 'progressing', 'stalled', 'agreed', 'failed', 'closed'] as const;

const MAX_ATTEMPTS = 3;

/** The columns a change writes besides the negotiation, stream and transaction interval (schema V2). */
const ROW_COLUMNS = [
  ['family', 'text'],
  ['item_key', 'text'],
  ['valid_from', 'bigint'],
  ['valid_to', 'bigint'],
  ['end_ms', 'bigint'],
  ['ord', 'double precision'],
  ['ord_text', 'text'],
  ['start_ms', 'bigint'],
  ['position', 'bigint'],
  ['status', 'text'],
  ['who', 'text'],
  ['what', 'text'],
  ['text', 'text'],
  ['orgs', 'text[]'],
  ['body', 'text'],
  ['exists_yes', 'smallint'],
  ['meetings_min', 'bigint'],
  ['meetings_max', 'bigint'],
  ['last_at', 'text'],
  ['last_at_start', 'bigint'],
  ['last_at_end', 'bigint'],
  ['open_offers', 'bigint'],
  ['active_grants', 'bigint'],
  ['statements', 'bigint'],
  ['activity_start', 'bigint'],
  ['activity_recorded_at', 'text'],
] as const;
type RowColumn = (typeof ROW_COLUMNS)[number][0];
const COLUMN_NAMES = ROW_COLUMNS.map(([name]) => name).join(', ');
/** What a kept part copies of the row it keeps: all but its end (`from`) and its transaction interval. */
const COPIED = ROW_COLUMNS.map(([name]) => name).filter((name) => name !== 'valid_to');

/** Lists each row written under its organisations; `written` is a CTE returning them. */
const ORGS_OF_WRITTEN = `INSERT INTO parley_read_orgs (org, start_ms, stream_no, position, family, row_id)
  SELECT DISTINCT o.org, w.start_ms, w.stream_no, w.position, w.family, w.id FROM written w, unnest(w.orgs) AS o(org)`;

/**
 * Inserts a change's rows: $1 negotiation, $2 stream, $3 transaction time, $4 the rows as a
 * JSON array. Their names are kept once each, in sorted order so that two writers never
 * wait on each other's names in opposite orders.
 */
const INSERT_ROWS_SQL = `
  WITH input AS (
    SELECT * FROM json_to_recordset($4::json) AS r(${ROW_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})
  ), written AS (
    INSERT INTO parley_read_rows (negotiation_id, stream_no, rec_from, rec_to, ${COLUMN_NAMES})
    SELECT $1, $2, $3, ${MAX_MS}, ${COLUMN_NAMES} FROM input
    RETURNING id, family, stream_no, start_ms, position, orgs
  ), orgs AS (${ORGS_OF_WRITTEN})
  INSERT INTO parley_read_names (family, side, name)
  SELECT family, side, name FROM (
    SELECT family, 'who' AS side, who AS name FROM input WHERE who <> ''
    UNION SELECT family, 'what', what FROM input WHERE what <> ''
  ) n ORDER BY family, side, name
  ON CONFLICT DO NOTHING`;

/**
 * Supersedes: $1 negotiation, $2 family, $3 from, $4 transaction time (and $5 the key). The
 * current rows reaching past `from` are closed at $4, or dropped if they only begin then
 * (they never were visible); the part of each before `from` is kept, current from $4.
 */
function supersedeSql(withKey: boolean): string {
  const which = `negotiation_id = $1 AND family = $2${withKey ? ' AND item_key = $5' : ''} AND rec_to = ${MAX_MS} AND valid_to > $3`;
  return `
    WITH dropped AS (
      DELETE FROM parley_read_rows WHERE ${which} AND rec_from >= $4 RETURNING *
    ), closed AS (
      UPDATE parley_read_rows SET rec_to = $4 WHERE ${which} AND rec_from < $4 RETURNING *
    ), written AS (
      INSERT INTO parley_read_rows (negotiation_id, stream_no, rec_from, rec_to, valid_to, ${COPIED.join(', ')})
      SELECT negotiation_id, stream_no, $4, ${MAX_MS}, $3, ${COPIED.join(', ')}
      FROM (SELECT * FROM dropped UNION ALL SELECT * FROM closed) r WHERE valid_from < $3
      RETURNING id, family, stream_no, start_ms, position, orgs
    )
    ${ORGS_OF_WRITTEN}`;
}

/** A stream's mark after a change: $1 negotiation, $2 stream, $3 revision covered, $4–$11 the span. */
const MARK_STREAM_SQL = `
  INSERT INTO parley_read_streams (negotiation_id, stream_no, covered, head,
    occurred_from, occurred_from_ms, occurred_to, occurred_to_ms, recorded_from, recorded_from_ms, recorded_to, recorded_to_ms)
  VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (negotiation_id) DO UPDATE SET stream_no = EXCLUDED.stream_no, covered = EXCLUDED.covered,
    head = greatest(parley_read_streams.head, EXCLUDED.covered),
    occurred_from = EXCLUDED.occurred_from, occurred_from_ms = EXCLUDED.occurred_from_ms,
    occurred_to = EXCLUDED.occurred_to, occurred_to_ms = EXCLUDED.occurred_to_ms,
    recorded_from = EXCLUDED.recorded_from, recorded_from_ms = EXCLUDED.recorded_from_ms,
    recorded_to = EXCLUDED.recorded_to, recorded_to_ms = EXCLUDED.recorded_to_ms`;

/**
 * An append's new head: $1 negotiation, $2 its last revision. The stream's order is its first
 * event's position, read once (the append's own events are visible to its transaction).
 */
const MARK_HEAD_SQL = `
  INSERT INTO parley_read_streams (negotiation_id, stream_no, covered, head)
  SELECT $1, position, -1, $2 FROM parley_events WHERE negotiation_id = $1 ORDER BY revision LIMIT 1
  ON CONFLICT (negotiation_id) DO UPDATE SET head = greatest(parley_read_streams.head, EXCLUDED.head)
  RETURNING covered`;

/**
 * Within an append's transaction: marks the stream's last revision, whether or not a change
 * covers it, and answers the revision the read model covers (the mark stays locked till commit).
 */
export async function noteHead(client: pg.ClientBase, negotiationId: string, head: number): Promise<number> {
  const marked = await client.query<{ covered: number }>(MARK_HEAD_SQL, [negotiationId, head]);
  return marked.rows[0]?.covered ?? -1;
}

/** Applies one change inside a transaction the caller holds (an append's, or applyChanges'). */
export async function applyChange(client: pg.ClientBase, change: ReadChange): Promise<void> {
  const { negotiationId, recordedAt } = change;
  if (change.reset) await client.query('DELETE FROM parley_read_rows WHERE negotiation_id = $1', [negotiationId]);
  for (const { family, key, from } of change.supersede) {
    const values: unknown[] = [negotiationId, family, from, recordedAt];
    await client.query(supersedeSql(key !== undefined), key !== undefined ? [...values, key] : values);
  }
  if (change.rows.length > 0) {
    await client.query(INSERT_ROWS_SQL, [negotiationId, change.streamNo, recordedAt, JSON.stringify(change.rows.map(columnsOf))]);
  }
  const { occurredFrom, occurredTo, recordedFrom, recordedTo } = change.span;
  await client.query(MARK_STREAM_SQL, [
    negotiationId,
    change.streamNo,
    change.revision,
    ...[occurredFrom, occurredTo, recordedFrom, recordedTo].flatMap((end) => [end?.text ?? null, end?.ms ?? null]),
  ]);
}

function columnsOf(row: ReadRow): Record<RowColumn, unknown> {
  return {
    family: row.family,
    item_key: row.key,
    valid_from: row.validFrom,
    valid_to: row.validTo,
    end_ms: row.end,
    ord: row.order,
    ord_text: row.orderText,
    start_ms: row.start,
    position: row.position,
    status: row.status,
    who: row.who,
    what: row.what,
    text: row.text,
    orgs: row.orgs,
    body: row.body,
    ...totalsColumns(row.totals),
  };
}

/** A row as lookups select it (bigint columns come as text). */
interface FoundColumns {
  negotiation_id: string;
  stream_no: string | number;
  item_key: string;
  end_ms: string | number;
  ord: number;
  ord_text: string;
  start_ms: string | number;
  position: string | number;
  body: string;
  family: string;
  rank?: number;
  snippet?: string;
}

const FOUND = 'r.negotiation_id, r.stream_no, r.item_key, r.end_ms, r.ord, r.ord_text, r.start_ms, r.position, r.body, r.family';

function found(row: FoundColumns): FoundRow {
  return {
    negotiationId: row.negotiation_id,
    streamNo: Number(row.stream_no),
    key: row.item_key,
    end: Number(row.end_ms),
    order: row.ord,
    orderText: row.ord_text,
    start: Number(row.start_ms),
    position: Number(row.position),
    body: row.body,
    ...(row.rank !== undefined && { rank: row.rank }),
    ...(row.snippet !== undefined && { snippet: row.snippet }),
  };
}

/** The numbered parameters of one statement: `add` binds a value and answers its placeholder. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, type?: string): string {
    this.values.push(value);
    return type ? `$${this.values.length}::${type}` : `$${this.values.length}`;
  }
}

/** The cut on a row `r`, exactly. */
function atCut(p: Params, cut: ReadCut): string {
  const asOf = p.add(cut.asOf, 'bigint');
  const knownAt = p.add(cut.knownAt, 'bigint');
  return `r.valid_from <= ${asOf} AND r.valid_to > ${asOf} AND r.rec_from <= ${knownAt} AND r.rec_to > ${knownAt}`;
}

/** The summaries at a cut through their box index, then exactly. */
function summariesAt(p: Params, cut: ReadCut): string {
  const point = `point(${p.add(cut.asOf, 'float8')}, ${p.add(cut.knownAt, 'float8')})`;
  return `r.family = 'summary' AND box(point(r.valid_from, r.rec_from), point(r.valid_to - 1, r.rec_to - 1)) @> box(${point}, ${point}) AND ${atCut(p, cut)}`;
}

/** The rows of these names (a "contains" filter's, found first): the planner sees how many there are and picks its index. */
function ofNames(p: Params, side: 'who' | 'what', names: readonly string[]): string {
  // One name as an equality, which its index answers in order.
  return names.length === 1 ? `r.${side} = ${p.add(names[0], 'text')}` : `r.${side} = ANY (${p.add(names, 'text[]')})`;
}

/** The tsquery of a parsed search: every term required. */
function tsQuery(p: Params, query: FullTextQuery): string {
  return query.terms
    .map((term) => {
      if ('phrase' in term) return `phraseto_tsquery('english', ${p.add(term.phrase.join(' '), 'text')})`;
      return term.prefix
        ? `to_tsquery('english', ${p.add(`${term.word}:*`, 'text')})`
        : `plainto_tsquery('english', ${p.add(term.word, 'text')})`;
    })
    .join(' && ');
}

const STATEMENT_ORDER = 'r.ord, r.ord_text, r.stream_no, r.position';
const HEADLINE_OPTIONS = 'StartSel=«,StopSel=»,MaxFragments=2,MaxWords=30,MinWords=12';

interface TotalsColumns {
  negotiations: string;
  possibly_open: string;
  meetings_min: string;
  meetings_max: string | null;
  open_offers: string;
  active_grants: string;
  statements: string;
  by_status: Record<string, number> | null;
  last_at: string | null;
  latest: FoundColumns[] | null;
}

type SpanEnd = [string, number] | null;

/**
 * The PostgreSQL read model. Lookups are single statements on the pool; a change is applied
 * in the append's transaction (applyChange) or, outside appends, in one of its own.
 */
export class PostgresReadModel implements ReadModel {
  constructor(private readonly db: PgAccess) {}

  /** One transaction for the batch (the caller sizes it); a change another writer applied first is skipped, so a retry is safe. */
  async applyChanges(changes: readonly ReadChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.db.withClient('writing the read model', (client) =>
      this.transaction(client, async () => {
        for (const change of changes) await this.applyIfNext(client, change);
      }),
    );
  }

  /** Applies the change only if its stream is still covered up to the revision it follows: else another writer was first. */
  private async applyIfNext(client: pg.ClientBase, change: ReadChange): Promise<void> {
    await client.query(
      `INSERT INTO parley_read_streams (negotiation_id, stream_no, covered, head)
       SELECT $1, $2, -1, coalesce(max(revision), -1) FROM parley_events WHERE negotiation_id = $1
       ON CONFLICT (negotiation_id) DO NOTHING`,
      [change.negotiationId, change.streamNo],
    );
    const mark = await client.query<{ covered: number }>('SELECT covered FROM parley_read_streams WHERE negotiation_id = $1 FOR UPDATE', [
      change.negotiationId,
    ]);
    if ((mark.rows[0]?.covered ?? -1) !== change.after) return;
    await applyChange(client, change);
  }

  /**
   * Read before every indexed query, so it reads only the marks behind. Every stream has a
   * mark: the migration to version 2 made one for each stream stored, and every append (and
   * clearReadModel) writes its stream's in the same transaction as its events.
   */
  async behind(): Promise<{ negotiationId: string; revision: number }[]> {
    const rows = await this.db.query<{ negotiation_id: string; revision: number }>(
      'reading the read model',
      'SELECT negotiation_id, covered AS revision FROM parley_read_streams WHERE covered < head ORDER BY stream_no',
    );
    return rows.map((row) => ({ negotiationId: row.negotiation_id, revision: row.revision }));
  }

  async clearReadModel(): Promise<void> {
    await this.db.withClient('clearing the read model', (client) =>
      this.transaction(client, async () => {
        await client.query('DELETE FROM parley_read_orgs');
        await client.query('DELETE FROM parley_read_rows');
        await client.query('DELETE FROM parley_read_names');
        await client.query('UPDATE parley_read_streams SET covered = -1 WHERE covered <> -1');
        await client.query(
          `INSERT INTO parley_read_streams (negotiation_id, stream_no, covered, head)
           SELECT negotiation_id, min(position), -1, max(revision) FROM parley_events GROUP BY negotiation_id
           ON CONFLICT (negotiation_id) DO NOTHING`,
        );
      }),
    );
  }

  async summaries(cut: ReadCut, lookup: SummaryLookup): Promise<FoundRow[]> {
    const p = new Params();
    // The summaries at the cut come from their box index; walking the stream order instead reads
    // every superseded piece of each stream on the page.
    const where = [summariesAt(p, cut)];
    if (lookup.status !== undefined) where.push(`r.status = ${p.add(lookup.status, 'text')} AND r.exists_yes = 1`);
    if (lookup.after) where.push(`r.stream_no > ${p.add(lookup.after.streamNo, 'bigint')}`);
    return this.found(p, `SELECT ${FOUND} FROM parley_read_rows r WHERE ${where.join(' AND ')} ORDER BY r.stream_no LIMIT ${p.add(lookup.limit, 'int')}`);
  }

  async dashboardTotals(cut: ReadCut, latest: number): Promise<DashboardTotals> {
    const p = new Params();
    const sql = `
      WITH c AS MATERIALIZED (
        SELECT r.id, r.stream_no, r.status, r.exists_yes, r.meetings_min, r.meetings_max, r.last_at, r.last_at_start, r.last_at_end,
          r.open_offers, r.active_grants, r.statements, r.activity_start, r.activity_recorded_at
        FROM parley_read_rows r WHERE ${summariesAt(p, cut)}
      )
      SELECT
        count(*) FILTER (WHERE exists_yes = 1) AS negotiations,
        count(*) FILTER (WHERE exists_yes = 0) AS possibly_open,
        coalesce(sum(meetings_min), 0) AS meetings_min,
        CASE WHEN count(meetings_max) = count(*) THEN coalesce(sum(meetings_max), 0) END AS meetings_max,
        coalesce(sum(open_offers), 0) AS open_offers,
        coalesce(sum(active_grants), 0) AS active_grants,
        coalesce(sum(statements), 0) AS statements,
        (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM c WHERE exists_yes = 1 GROUP BY status) s) AS by_status,
        (SELECT last_at FROM c WHERE last_at IS NOT NULL ORDER BY last_at_start DESC, last_at_end DESC, stream_no DESC LIMIT 1) AS last_at,
        (SELECT json_agg(l ORDER BY l.activity_start DESC, l.activity_recorded_at DESC, l.stream_no) FROM (
          SELECT ${FOUND}, r.activity_start, r.activity_recorded_at FROM (
            SELECT id FROM c WHERE activity_start > ${MIN_MS}
            ORDER BY activity_start DESC, activity_recorded_at DESC, stream_no LIMIT ${p.add(latest, 'int')}
          ) best JOIN parley_read_rows r ON r.id = best.id
        ) l) AS latest
      FROM c`;
    const [row] = await this.db.query<TotalsColumns>('reading the read model', sql, p.values);
    const byStatus: Record<string, number> = Object.fromEntries(STATUSES.map((status) => [status, 0]));
    Object.assign(byStatus, row!.by_status ?? {});
    return {
      negotiations: Number(row!.negotiations),
      byStatus,
      possiblyOpen: Number(row!.possibly_open),
      meetingsMin: Number(row!.meetings_min),
      meetingsMax: row!.meetings_max === null ? null : Number(row!.meetings_max),
      lastAt: row!.last_at,
      openOffers: Number(row!.open_offers),
      activeGrants: Number(row!.active_grants),
      statements: Number(row!.statements),
      latest: (row!.latest ?? []).map(found),
    };
  }

  async statements(cut: ReadCut, lookup: StatementLookup): Promise<FoundRow[]> {
    const p = new Params();
    // ord is the statement's start, its validFrom: a condition the order index can take.
    const where = ["r.family = 'statement'", `r.ord <= ${p.add(cut.asOf, 'float8')}`, atCut(p, cut)];
    if (!lookup.includePossible) where.push(`r.end_ms <= ${p.add(cut.asOf, 'bigint')}`);
    if (!lookup.includeRetracted) where.push("r.status <> 'retracted'");
    for (const [side, text] of [['who', lookup.speaker], ['what', lookup.org]] as const) {
      if (!text) continue;
      const names = await this.names('statement', side, text);
      if (names.length === 0) return [];
      where.push(ofNames(p, side, names));
    }
    if (lookup.negotiation !== undefined) where.push(`r.negotiation_id = ${p.add(lookup.negotiation, 'text')}`);
    if (lookup.from !== undefined) where.push(`r.start_ms >= ${p.add(lookup.from, 'bigint')} AND r.ord >= ${p.add(lookup.from, 'float8')}`);
    if (lookup.to !== undefined) where.push(`r.end_ms <= ${p.add(lookup.to, 'bigint')}`);
    const after = lookup.after;
    const afterOrder = after
      ? `(${STATEMENT_ORDER}) > (${p.add(after.order, 'float8')}, ${p.add(after.orderText, 'text')}, ${p.add(after.streamNo, 'bigint')}, ${p.add(after.position, 'bigint')})`
      : '';
    if (!lookup.q) {
      if (after) where.push(afterOrder);
      return this.found(p, `SELECT ${FOUND} FROM parley_read_rows r WHERE ${where.join(' AND ')} ORDER BY ${STATEMENT_ORDER} LIMIT ${p.add(lookup.limit, 'int')}`);
    }
    // ts_rank depends on the row and the query alone, so pages keep one order while rows are added.
    const matched = `SELECT ${FOUND}, r.text, q.query, ts_rank(r.tsv, q.query) AS rank
      FROM parley_read_rows r, (SELECT ${tsQuery(p, lookup.q)} AS query) q
      WHERE r.tsv @@ q.query AND ${where.join(' AND ')}`;
    let resume = '';
    if (after) {
      const rank = p.add(after.rank ?? 0, 'real');
      resume = `WHERE r.rank < ${rank} OR (r.rank = ${rank} AND ${afterOrder})`;
    }
    const order = `r.rank DESC, ${STATEMENT_ORDER}`;
    // The headline is the costly part: worked out for the page only.
    const sql = `SELECT ${FOUND}, r.rank, ts_headline('english', r.text, r.query, '${HEADLINE_OPTIONS}') AS snippet
      FROM (SELECT * FROM (${matched}) r ${resume} ORDER BY ${order} LIMIT ${p.add(lookup.limit, 'int')}) r
      ORDER BY ${order}`;
    return this.found(p, sql);
  }

  async grants(cut: ReadCut, lookup: GrantLookup): Promise<FoundRow[]> {
    const p = new Params();
    const where = ["r.family = 'grant'", atCut(p, cut)];
    for (const [side, text] of [['who', lookup.grantee], ['what', lookup.model]] as const) {
      if (!text) continue;
      const names = await this.names('grant', side, text);
      if (names.length === 0) return [];
      where.push(ofNames(p, side, names));
    }
    if (lookup.after) {
      where.push(`(r.stream_no, r.ord, r.position) > (${p.add(lookup.after.streamNo, 'bigint')}, ${p.add(lookup.after.order, 'float8')}, ${p.add(lookup.after.position, 'bigint')})`);
    }
    return this.found(p, `SELECT ${FOUND} FROM parley_read_rows r WHERE ${where.join(' AND ')} ORDER BY r.stream_no, r.ord, r.position LIMIT ${p.add(lookup.limit, 'int')}`);
  }

  async orgItems(cut: ReadCut, lookup: OrgLookup): Promise<(FoundRow & { family: ReadFamily })[]> {
    const p = new Params();
    const where = [`o.org = ${p.add(lookup.org, 'text')}`, atCut(p, cut)];
    where.push(`(r.family NOT IN ('statement', 'meeting') OR (r.end_ms <= ${p.add(cut.asOf, 'bigint')} AND r.status <> 'retracted'))`);
    const after = lookup.after;
    if (after) {
      where.push(
        `(o.start_ms, o.stream_no, o.position, o.family) > (${p.add(after.start, 'bigint')}, ${p.add(after.streamNo, 'bigint')}, ${p.add(after.position, 'bigint')}, ${p.add(after.family, 'text')})`,
      );
    }
    const sql = `SELECT ${FOUND} FROM parley_read_orgs o JOIN parley_read_rows r ON r.id = o.row_id
      WHERE ${where.join(' AND ')} ORDER BY o.start_ms, o.stream_no, o.position, o.family LIMIT ${p.add(lookup.limit, 'int')}`;
    const rows = await this.db.query<FoundColumns>('reading the read model', sql, p.values);
    return rows.map((row) => ({ ...found(row), family: row.family as ReadFamily }));
  }

  async latestActivity(cut: ReadCut, limit: number): Promise<FoundRow[]> {
    const p = new Params();
    // The negotiations that exist at the cut are found once, through the summaries' box index
    // (a correlated EXISTS read every summary piece of a negotiation for each activity row).
    const asOf = p.add(cut.asOf, 'bigint');
    const knownAt = p.add(cut.knownAt, 'bigint');
    const sql = `SELECT ${FOUND} FROM parley_read_rows r
      WHERE r.family = 'activity' AND r.start_ms <= ${asOf} AND r.valid_from <= ${asOf} AND r.rec_from <= ${knownAt} AND r.rec_to > ${knownAt} AND r.status <> 'retracted'
        AND r.negotiation_id IN (SELECT r.negotiation_id FROM parley_read_rows r WHERE ${summariesAt(p, cut)})
      ORDER BY r.start_ms DESC, r.ord_text DESC, r.stream_no, r.ord, r.position LIMIT ${p.add(limit, 'int')}`;
    return this.found(p, sql);
  }

  async openOffers(cut: ReadCut, negotiationIds: readonly string[]): Promise<FoundRow[]> {
    if (negotiationIds.length === 0) return [];
    const p = new Params();
    const sql = `SELECT ${FOUND} FROM parley_read_rows r
      WHERE r.family = 'offer' AND r.negotiation_id = ANY(${p.add(negotiationIds, 'text[]')}) AND r.status = 'open' AND ${atCut(p, cut)}
      ORDER BY r.stream_no, r.ord, r.position`;
    return this.found(p, sql);
  }

  async span(): Promise<StreamSpan> {
    const end = (column: string, direction: 'ASC' | 'DESC') =>
      `(SELECT json_build_array(${column}, ${column}_ms) FROM parley_read_streams WHERE ${column} IS NOT NULL ORDER BY ${column}_ms ${direction}, stream_no LIMIT 1)`;
    const [row] = await this.db.query<Record<'of' | 'ot' | 'rf' | 'rt', SpanEnd>>(
      'reading the read model',
      `SELECT ${end('occurred_from', 'ASC')} AS of, ${end('occurred_to', 'DESC')} AS ot,
        ${end('recorded_from', 'ASC')} AS rf, ${end('recorded_to', 'DESC')} AS rt`,
    );
    const endOf = (value: SpanEnd) => (value === null ? null : { text: value[0], ms: Number(value[1]) });
    return { occurredFrom: endOf(row!.of), occurredTo: endOf(row!.ot), recordedFrom: endOf(row!.rf), recordedTo: endOf(row!.rt) };
  }

  /**
   * The folded names of a family's `who` or `what` that contain `text`: each kept once, so this
   * reads names, not rows, and the lookup then reads only the rows of the names found.
   */
  private async names(family: ReadFamily, side: 'who' | 'what', text: string): Promise<string[]> {
    const rows = await this.db.query<{ name: string }>(
      'reading the read model',
      'SELECT name FROM parley_read_names WHERE family = $1 AND side = $2 AND strpos(name, $3) > 0',
      [family, side, text],
    );
    return rows.map((row) => row.name);
  }

  private async found(p: Params, sql: string): Promise<FoundRow[]> {
    return (await this.db.query<FoundColumns>('reading the read model', sql, p.values)).map(found);
  }

  /** Runs `work` in a transaction on `client`, again after a deadlock or serialization failure. */
  private async transaction(client: pg.ClientBase, work: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await client.query('BEGIN');
      try {
        await work();
        await client.query('COMMIT');
        return;
      } catch (error) {
        await client.query('ROLLBACK');
        if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
        throw error;
      }
    }
  }
}
