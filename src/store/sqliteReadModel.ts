import type Database from 'better-sqlite3';
import { RepeatedRows, type RowShape } from './repeatedRows.js';
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
  type ReadRow,
  type StatementLookup,
  type StreamSpan,
  type SummaryLookup,
  totalsColumns,
} from './readModel.js';

/**
 * The read model's tables in the SQLite store (schema version 3). `read_rows` holds the rows;
 * `read_cut`, an R*Tree over the summaries' two intervals (whole seconds, rounded outwards,
 * so it only narrows: every row it finds is checked exactly), finds the summaries at a cut
 * without scanning them; `read_orgs` lists rows by organisation in their answer's order;
 * `read_names` keeps each folded name once, so a "contains" filter scans names, not rows;
 * `read_text` is the FTS5 index of statement text; `read_streams` marks how far each stream
 * is covered.
 */
export const READ_MODEL_SCHEMA = `
  CREATE TABLE IF NOT EXISTS read_rows (
    id INTEGER PRIMARY KEY,
    family TEXT NOT NULL,
    negotiation_id TEXT NOT NULL,
    stream_no INTEGER NOT NULL,
    item_key TEXT NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_to INTEGER NOT NULL,
    rec_from INTEGER NOT NULL,
    rec_to INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    ord REAL NOT NULL,
    ord_text TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    position INTEGER NOT NULL,
    status TEXT NOT NULL,
    who TEXT NOT NULL,
    what TEXT NOT NULL,
    text TEXT NOT NULL,
    orgs TEXT NOT NULL,
    body TEXT NOT NULL,
    exists_yes INTEGER, meetings_min INTEGER, meetings_max INTEGER, last_at TEXT, last_at_start INTEGER, last_at_end INTEGER,
    open_offers INTEGER, active_grants INTEGER, statements INTEGER, activity_start INTEGER, activity_recorded_at TEXT
  );
  CREATE INDEX IF NOT EXISTS read_rows_current ON read_rows (negotiation_id, family, item_key) WHERE rec_to = ${MAX_MS};
  CREATE INDEX IF NOT EXISTS read_grants_by_stream ON read_rows (stream_no, ord, position) WHERE family = 'grant';
  CREATE INDEX IF NOT EXISTS read_grants_by_who ON read_rows (who) WHERE family = 'grant';
  CREATE INDEX IF NOT EXISTS read_grants_by_what ON read_rows (what) WHERE family = 'grant';
  CREATE INDEX IF NOT EXISTS read_statements_by_order ON read_rows (ord, ord_text, stream_no, position) WHERE family = 'statement';
  CREATE INDEX IF NOT EXISTS read_statements_by_who ON read_rows (who, ord, ord_text, stream_no, position) WHERE family = 'statement';
  CREATE INDEX IF NOT EXISTS read_statements_by_what ON read_rows (what, ord, ord_text, stream_no, position) WHERE family = 'statement';
  CREATE INDEX IF NOT EXISTS read_activity_latest ON read_rows (start_ms DESC, ord_text DESC, stream_no, ord, position) WHERE family = 'activity';
  CREATE INDEX IF NOT EXISTS read_summaries_by_negotiation ON read_rows (negotiation_id, valid_from) WHERE family = 'summary';
  CREATE INDEX IF NOT EXISTS read_offers_by_negotiation ON read_rows (negotiation_id, ord, position) WHERE family = 'offer';
  CREATE INDEX IF NOT EXISTS read_statements_by_negotiation ON read_rows (negotiation_id, ord, ord_text, stream_no, position) WHERE family = 'statement';
  CREATE VIRTUAL TABLE IF NOT EXISTS read_cut USING rtree_i32(id, valid_lo, valid_hi, rec_lo, rec_hi);
  CREATE TABLE IF NOT EXISTS read_orgs (
    org TEXT NOT NULL, start_ms INTEGER NOT NULL, stream_no INTEGER NOT NULL, position INTEGER NOT NULL, family TEXT NOT NULL, row_id INTEGER NOT NULL,
    PRIMARY KEY (org, start_ms, stream_no, position, family, row_id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS read_names (family TEXT NOT NULL, side TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (family, side, name)) WITHOUT ROWID;
  CREATE VIRTUAL TABLE IF NOT EXISTS read_text USING fts5(text, content='read_rows', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
  CREATE TABLE IF NOT EXISTS read_streams (
    negotiation_id TEXT PRIMARY KEY,
    stream_no INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    head INTEGER NOT NULL,
    occurred_from TEXT, occurred_from_ms INTEGER, occurred_to TEXT, occurred_to_ms INTEGER,
    recorded_from TEXT, recorded_from_ms INTEGER, recorded_to TEXT, recorded_to_ms INTEGER
  );
  CREATE INDEX IF NOT EXISTS read_streams_behind ON read_streams (stream_no) WHERE revision < head;
  INSERT OR IGNORE INTO read_streams (negotiation_id, stream_no, revision, head)
    SELECT negotiation_id, min(position), -1, max(revision) FROM events GROUP BY negotiation_id;
`;

/** The R*Tree's whole seconds, around 2020 so that 32 bits reach 1952–2088; beyond, it clamps (it only narrows). */
const EPOCH_S = 1_600_000_000;
const lo = (ms: number) => Math.max(-2_147_483_648, Math.min(2_147_483_647, Math.floor(ms / 1000) - EPOCH_S));
const hi = (ms: number) => Math.max(-2_147_483_648, Math.min(2_147_483_647, Math.ceil(ms / 1000) - EPOCH_S));

/** Marks the full-text matches in highlight(): two control characters no statement text has. */
const MARK_OPEN = '\u0001';
const MARK_CLOSE = '\u0002';

interface RowColumns {
  id: number;
  family: string;
  negotiation_id: string;
  stream_no: number;
  item_key: string;
  valid_from: number;
  valid_to: number;
  rec_from: number;
  end_ms: number;
  ord: number;
  ord_text: string;
  start_ms: number;
  position: number;
  status: string;
  who: string;
  what: string;
  text: string;
  orgs: string;
  body: string;
  exists_yes: number | null;
  meetings_min: number | null;
  meetings_max: number | null;
  last_at: string | null;
  last_at_start: number | null;
  last_at_end: number | null;
  open_offers: number | null;
  active_grants: number | null;
  statements: number | null;
  activity_start: number | null;
  activity_recorded_at: string | null;
  rank?: number;
  snippet?: string;
}

const FOUND = 'r.negotiation_id, r.stream_no, r.item_key, r.end_ms, r.ord, r.ord_text, r.start_ms, r.position, r.body, r.family';
const AT_CUT = 'r.valid_from <= @asOf AND r.valid_to > @asOf AND r.rec_from <= @knownAt AND r.rec_to > @knownAt';

/**
 * The SQLite read model: written inside the store's own transactions (`applyChange` is
 * synchronous), read with prepared statements. Lookups bind the cut as @asOf and @knownAt.
 */
export class SqliteReadModel {
  private readonly insertRow;
  private readonly closeRows;
  private readonly currentRows;
  private readonly currentKey;
  private readonly deleteRow;
  private readonly insertCut;
  private readonly closeCut;
  private readonly deleteCut;
  private readonly insertOrg;
  private readonly deleteOrgs;
  private readonly insertName;
  private readonly insertText;
  private readonly deleteText;
  private readonly streamRows;
  private readonly markStream;
  private readonly markHead;
  private readonly mark;
  private readonly behindStreams;
  private readonly spanRow;
  private readonly totals;
  private readonly latest;
  private readonly lastAt;
  private readonly applyTransaction;
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    db.function('parley_rank', { deterministic: true }, (marked: unknown) => rankOf(String(marked)));
    this.insertRow = db.prepare<unknown[]>(`INSERT INTO read_rows (${INSERTED.join(', ')}, rec_to) VALUES (${INSERTED.map(() => '?').join(', ')}, ${MAX_MS})`);
    // valid_to is compared here, not in SQL: as a condition it made SQLite's probe of the index several times slower.
    // Only the rows a change reaches (valid past its `from`) are read back into JavaScript: a late event's change reads its stream's later pieces, not all of them.
    this.currentRows = db.prepare<[string, string, number]>(`SELECT * FROM read_rows WHERE negotiation_id = ? AND family = ? AND rec_to = ${MAX_MS} AND valid_to > ?`);
    this.currentKey = db.prepare<[string, string, string, number]>(`SELECT * FROM read_rows WHERE negotiation_id = ? AND family = ? AND item_key = ? AND rec_to = ${MAX_MS} AND valid_to > ?`);
    this.closeRows = db.prepare<[number, number]>('UPDATE read_rows SET rec_to = ? WHERE id = ?');
    this.deleteRow = db.prepare<[number]>('DELETE FROM read_rows WHERE id = ?');
    this.insertCut = db.prepare<[number, number, number, number, number]>('INSERT INTO read_cut (id, valid_lo, valid_hi, rec_lo, rec_hi) VALUES (?, ?, ?, ?, ?)');
    this.closeCut = db.prepare<[number, number]>('UPDATE read_cut SET rec_hi = ? WHERE id = ?');
    this.deleteCut = db.prepare<[number]>('DELETE FROM read_cut WHERE id = ?');
    this.insertOrg = db.prepare<[string, number, number, number, string, number]>(
      'INSERT OR IGNORE INTO read_orgs (org, start_ms, stream_no, position, family, row_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.deleteOrgs = db.prepare<[string, number, number, number, string, number]>(
      'DELETE FROM read_orgs WHERE org = ? AND start_ms = ? AND stream_no = ? AND position = ? AND family = ? AND row_id = ?',
    );
    this.insertName = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO read_names (family, side, name) VALUES (?, ?, ?)');
    this.insertText = db.prepare<[number, string]>('INSERT INTO read_text (rowid, text) VALUES (?, ?)');
    this.deleteText = db.prepare<[number, string]>("INSERT INTO read_text (read_text, rowid, text) VALUES ('delete', ?, ?)");
    this.streamRows = db.prepare<[string]>('SELECT * FROM read_rows WHERE negotiation_id = ?');
    this.markStream = db.prepare(`INSERT INTO read_streams (negotiation_id, stream_no, revision, head,
        occurred_from, occurred_from_ms, occurred_to, occurred_to_ms, recorded_from, recorded_from_ms, recorded_to, recorded_to_ms)
      VALUES (@negotiation_id, @stream_no, @revision, @revision, @of, @of_ms, @ot, @ot_ms, @rf, @rf_ms, @rt, @rt_ms)
      ON CONFLICT (negotiation_id) DO UPDATE SET stream_no = excluded.stream_no, revision = excluded.revision, head = max(head, excluded.revision),
        occurred_from = excluded.occurred_from, occurred_from_ms = excluded.occurred_from_ms, occurred_to = excluded.occurred_to, occurred_to_ms = excluded.occurred_to_ms,
        recorded_from = excluded.recorded_from, recorded_from_ms = excluded.recorded_from_ms, recorded_to = excluded.recorded_to, recorded_to_ms = excluded.recorded_to_ms`);
    this.markHead = db.prepare<[{ id: string; streamNo: number; head: number }]>(
      `INSERT INTO read_streams (negotiation_id, stream_no, revision, head) VALUES (@id, @streamNo, -1, @head)
       ON CONFLICT (negotiation_id) DO UPDATE SET head = max(head, excluded.head)`,
    );
    this.mark = db.prepare<[string], { revision: number }>('SELECT revision FROM read_streams WHERE negotiation_id = ?');
    this.behindStreams = db.prepare<[], { negotiation_id: string; revision: number }>(
      'SELECT negotiation_id, revision FROM read_streams WHERE revision < head ORDER BY stream_no',
    );
    this.spanRow = db.prepare<[], Record<string, string | number | null>>(`SELECT
      (SELECT json_array(occurred_from, occurred_from_ms) FROM read_streams WHERE occurred_from IS NOT NULL ORDER BY occurred_from_ms, stream_no LIMIT 1) AS of,
      (SELECT json_array(occurred_to, occurred_to_ms) FROM read_streams WHERE occurred_to IS NOT NULL ORDER BY occurred_to_ms DESC, stream_no LIMIT 1) AS ot,
      (SELECT json_array(recorded_from, recorded_from_ms) FROM read_streams WHERE recorded_from IS NOT NULL ORDER BY recorded_from_ms, stream_no LIMIT 1) AS rf,
      (SELECT json_array(recorded_to, recorded_to_ms) FROM read_streams WHERE recorded_to IS NOT NULL ORDER BY recorded_to_ms DESC, stream_no LIMIT 1) AS rt`);
    const summariesAtCut = `FROM read_cut c JOIN read_rows r ON r.id = c.id
      WHERE c.valid_lo <= @a AND c.valid_hi >= @a AND c.rec_lo <= @k AND c.rec_hi >= @k AND ${AT_CUT}`;
    this.totals = db.prepare(`SELECT
        coalesce(sum(r.exists_yes), 0) AS negotiations,
        count(*) - coalesce(sum(r.exists_yes), 0) AS possibly_open,
        coalesce(sum(r.meetings_min), 0) AS meetings_min,
        CASE WHEN count(r.meetings_max) = count(*) THEN coalesce(sum(r.meetings_max), 0) END AS meetings_max,
        coalesce(sum(r.open_offers), 0) AS open_offers,
        coalesce(sum(r.active_grants), 0) AS active_grants,
        coalesce(sum(r.statements), 0) AS statements,
        (SELECT json_group_object(status, n) FROM (SELECT r.status, count(*) AS n ${summariesAtCut} AND r.exists_yes = 1 GROUP BY r.status)) AS by_status
      ${summariesAtCut}`);
    this.lastAt = db.prepare(`SELECT r.last_at ${summariesAtCut} AND r.last_at IS NOT NULL ORDER BY r.last_at_start DESC, r.last_at_end DESC, r.stream_no DESC LIMIT 1`);
    this.latest = db.prepare(
      `SELECT ${FOUND} ${summariesAtCut} AND r.activity_start > ${MIN_MS} ORDER BY r.activity_start DESC, r.activity_recorded_at DESC, r.stream_no LIMIT @limit`,
    );
    this.applyTransaction = db.transaction((changes: readonly ReadChange[]) => {
      for (const change of changes) {
        if ((this.mark.get(change.negotiationId)?.revision ?? -1) !== change.after) continue; // another writer got there first
        this.applyChange(change);
      }
    });
  }

  /** Within the store's append transaction: the stream's last revision, whether or not a change covers it. */
  noteHead(negotiationId: string, streamNo: number, head: number): void {
    this.markHead.run({ id: negotiationId, streamNo, head });
  }

  /** Synchronous, inside a transaction the caller holds. */
  applyChange(change: ReadChange): void {
    const { negotiationId, recordedAt } = change;
    if (change.reset) for (const row of this.streamRows.all(negotiationId) as RowColumns[]) this.remove(row);
    // A change that follows no covered revision finds no rows of its stream to supersede (a new stream, a rebuild).
    const supersede = change.after === -1 ? [] : change.supersede;
    const columns = change.rows.map((row) => columnsOf(change, row));
    // Nothing to supersede (a new stream, a rebuild): no current row can repeat a fresh one.
    if (supersede.length === 0) {
      const names = new Set<string>();
      for (const row of columns) this.insert(row, names);
      this.markCovered(change);
      return;
    }
    const fresh = new RepeatedRows(columns, ROW_SHAPE);
    const names = new Set<string>();
    for (const { family, key, from } of supersede) {
      const after = Math.max(from, MIN_MS - 1);
      for (const row of (key === undefined ? this.currentRows.all(negotiationId, family, after) : this.currentKey.all(negotiationId, family, key, after)) as RowColumns[]) {
        if (fresh.repeats(row, row.valid_from, from)) continue;
        if (row.rec_from >= recordedAt) this.remove(row);
        else {
          this.closeRows.run(recordedAt, row.id);
          if (row.family === 'summary') this.closeCut.run(hi(recordedAt), row.id);
        }
        if (row.valid_from < from) this.insert({ ...row, valid_to: from, rec_from: recordedAt }, names);
      }
    }
    for (const row of fresh.toWrite()) this.insert(row, names);
    this.markCovered(change);
  }

  /** The revision and span the stream's rows now cover. */
  private markCovered(change: ReadChange): void {
    this.markStream.run({
      negotiation_id: change.negotiationId,
      stream_no: change.streamNo,
      revision: change.revision,
      of: change.span.occurredFrom?.text ?? null,
      of_ms: change.span.occurredFrom?.ms ?? null,
      ot: change.span.occurredTo?.text ?? null,
      ot_ms: change.span.occurredTo?.ms ?? null,
      rf: change.span.recordedFrom?.text ?? null,
      rf_ms: change.span.recordedFrom?.ms ?? null,
      rt: change.span.recordedTo?.text ?? null,
      rt_ms: change.span.recordedTo?.ms ?? null,
    });
  }

  /** Applies the change if it follows the revision the read model covers; else the stream stays behind, for a catch-up. */
  applyFollowing(change: ReadChange): void {
    if ((this.mark.get(change.negotiationId)?.revision ?? -1) === change.after) this.applyChange(change);
  }

  applyChanges(changes: readonly ReadChange[]): void {
    this.applyTransaction.immediate(changes);
  }

  behind(): { negotiationId: string; revision: number }[] {
    return this.behindStreams.all().map((row) => ({ negotiationId: row.negotiation_id, revision: row.revision }));
  }

  clear(): void {
    this.db.exec(`
      DELETE FROM read_rows; DELETE FROM read_cut; DELETE FROM read_orgs; DELETE FROM read_names;
      INSERT INTO read_text (read_text) VALUES ('delete-all');
      UPDATE read_streams SET revision = -1;
      INSERT OR IGNORE INTO read_streams (negotiation_id, stream_no, revision, head)
        SELECT negotiation_id, min(position), -1, max(revision) FROM events GROUP BY negotiation_id;`);
  }

  summaries(cut: ReadCut, lookup: SummaryLookup): FoundRow[] {
    const where = [lookup.status !== undefined ? 'r.status = @status AND r.exists_yes = 1' : '', lookup.after ? 'r.stream_no > @afterStream' : ''].filter(Boolean);
    const sql = `SELECT ${FOUND} FROM read_cut c JOIN read_rows r ON r.id = c.id
      WHERE c.valid_lo <= @a AND c.valid_hi >= @a AND c.rec_lo <= @k AND c.rec_hi >= @k AND ${AT_CUT}${where.map((w) => ` AND ${w}`).join('')}
      ORDER BY r.stream_no LIMIT @limit`;
    return this.all(sql, { ...this.cutParams(cut), status: lookup.status ?? null, afterStream: lookup.after?.streamNo ?? null, limit: lookup.limit });
  }

  dashboardTotals(cut: ReadCut, latest: number): DashboardTotals {
    const params = this.cutParams(cut);
    const row = this.totals.get(params) as Record<string, number | string | null>;
    const byStatus = JSON.parse(String(row.by_status ?? '{}')) as Record<string, number>;
    const last = this.lastAt.get(params) as { last_at: string } | undefined;
    return {
      negotiations: Number(row.negotiations),
      byStatus,
      possiblyOpen: Number(row.possibly_open),
      meetingsMin: Number(row.meetings_min),
      meetingsMax: row.meetings_max === null ? null : Number(row.meetings_max),
      lastAt: last?.last_at ?? null,
      openOffers: Number(row.open_offers),
      activeGrants: Number(row.active_grants),
      statements: Number(row.statements),
      latest: (this.latest.all({ ...params, limit: latest }) as RowColumns[]).map(found),
    };
  }

  statements(cut: ReadCut, lookup: StatementLookup): FoundRow[] {
    const where: string[] = ["r.family = 'statement'", 'r.ord <= @asOf', AT_CUT];
    const params: Record<string, unknown> = { ...this.cutParams(cut), limit: lookup.limit };
    if (!lookup.includePossible) where.push('r.end_ms <= @asOf');
    if (!lookup.includeRetracted) where.push("r.status <> 'retracted'");
    if (lookup.speaker) {
      where.push("r.who IN (SELECT name FROM read_names WHERE family = 'statement' AND side = 'who' AND instr(name, @speaker) > 0)");
      params.speaker = lookup.speaker;
    }
    if (lookup.org) {
      where.push("r.what IN (SELECT name FROM read_names WHERE family = 'statement' AND side = 'what' AND instr(name, @org) > 0)");
      params.org = lookup.org;
    }
    if (lookup.negotiation !== undefined) {
      where.push('r.negotiation_id = @negotiation');
      params.negotiation = lookup.negotiation;
    }
    if (lookup.from !== undefined) {
      where.push('r.start_ms >= @from');
      params.from = lookup.from;
    }
    if (lookup.to !== undefined) {
      where.push('r.end_ms <= @to');
      params.to = lookup.to;
    }
    const after = lookup.after;
    if (lookup.q) {
      params.match = ftsMatch(lookup.q);
      if (after) {
        where.push('(-rank, r.ord, r.ord_text, r.stream_no, r.position) > (@afterRank, @afterOrd, @afterText, @afterStream, @afterPosition)');
        Object.assign(params, { afterRank: -(after.rank ?? 0), afterOrd: after.order, afterText: after.orderText, afterStream: after.streamNo, afterPosition: after.position });
      }
      // The rank counts the marked matches: it depends on the row alone, so pages stay in one order while the log grows.
      const sql = `SELECT * FROM (SELECT ${FOUND}, parley_rank(highlight(read_text, 0, '${MARK_OPEN}', '${MARK_CLOSE}')) AS rank,
          snippet(read_text, 0, '«', '»', '…', 24) AS snippet
        FROM read_text JOIN read_rows r ON r.id = read_text.rowid
        WHERE read_text MATCH @match AND ${where.filter((w) => !w.startsWith('(-rank')).join(' AND ')}) r
        ${after ? `WHERE ${where.at(-1)!}` : ''}
        ORDER BY rank DESC, r.ord, r.ord_text, r.stream_no, r.position LIMIT @limit`;
      return this.all(sql, params);
    }
    if (after) {
      where.push('(r.ord, r.ord_text, r.stream_no, r.position) > (@afterOrd, @afterText, @afterStream, @afterPosition)');
      Object.assign(params, { afterOrd: after.order, afterText: after.orderText, afterStream: after.streamNo, afterPosition: after.position });
    }
    const sql = `SELECT ${FOUND} FROM read_rows r WHERE ${where.join(' AND ')} ORDER BY r.ord, r.ord_text, r.stream_no, r.position LIMIT @limit`;
    return this.all(sql, params);
  }

  grants(cut: ReadCut, lookup: GrantLookup): FoundRow[] {
    const where: string[] = ["r.family = 'grant'", AT_CUT];
    const params: Record<string, unknown> = { ...this.cutParams(cut), limit: lookup.limit };
    if (lookup.grantee) {
      where.push("r.who IN (SELECT name FROM read_names WHERE family = 'grant' AND side = 'who' AND instr(name, @grantee) > 0)");
      params.grantee = lookup.grantee;
    }
    if (lookup.model) {
      where.push("r.what IN (SELECT name FROM read_names WHERE family = 'grant' AND side = 'what' AND instr(name, @model) > 0)");
      params.model = lookup.model;
    }
    if (lookup.after) {
      where.push('(r.stream_no, r.ord, r.position) > (@afterStream, @afterOrd, @afterPosition)');
      Object.assign(params, { afterStream: lookup.after.streamNo, afterOrd: lookup.after.order, afterPosition: lookup.after.position });
    }
    return this.all(`SELECT ${FOUND} FROM read_rows r WHERE ${where.join(' AND ')} ORDER BY r.stream_no, r.ord, r.position LIMIT @limit`, params);
  }

  orgItems(cut: ReadCut, lookup: OrgLookup): (FoundRow & { family: ReadFamily })[] {
    const params: Record<string, unknown> = { ...this.cutParams(cut), org: lookup.org, limit: lookup.limit };
    let after = '';
    if (lookup.after) {
      after = 'AND (o.start_ms, o.stream_no, o.position, o.family) > (@afterStart, @afterStream, @afterPosition, @afterFamily)';
      Object.assign(params, { afterStart: lookup.after.start, afterStream: lookup.after.streamNo, afterPosition: lookup.after.position, afterFamily: lookup.after.family });
    }
    const sql = `SELECT ${FOUND} FROM read_orgs o JOIN read_rows r ON r.id = o.row_id
      WHERE o.org = @org ${after} AND ${AT_CUT}
        AND (r.family NOT IN ('statement', 'meeting') OR (r.end_ms <= @asOf AND r.status <> 'retracted'))
      ORDER BY o.start_ms, o.stream_no, o.position, o.family LIMIT @limit`;
    return this.all(sql, params) as (FoundRow & { family: ReadFamily })[];
  }

  latestActivity(cut: ReadCut, limit: number): FoundRow[] {
    return this.all(
      `SELECT ${FOUND} FROM read_rows r
       WHERE r.family = 'activity' AND r.start_ms <= @asOf AND r.valid_from <= @asOf AND r.rec_from <= @knownAt AND r.rec_to > @knownAt AND r.status <> 'retracted'
         AND EXISTS (SELECT 1 FROM read_rows s WHERE s.family = 'summary' AND s.negotiation_id = r.negotiation_id AND s.valid_from <= @asOf AND s.valid_to > @asOf AND s.rec_from <= @knownAt AND s.rec_to > @knownAt)
       ORDER BY r.start_ms DESC, r.ord_text DESC, r.stream_no, r.ord, r.position LIMIT @limit`,
      { ...this.cutParams(cut), limit },
    );
  }

  openOffers(cut: ReadCut, negotiationIds: readonly string[]): FoundRow[] {
    if (negotiationIds.length === 0) return [];
    return this.all(
      `SELECT ${FOUND} FROM read_rows r WHERE r.family = 'offer' AND r.negotiation_id IN (SELECT value FROM json_each(@ids)) AND r.status = 'open' AND ${AT_CUT}
       ORDER BY r.stream_no, r.ord, r.position`,
      { ...this.cutParams(cut), ids: JSON.stringify(negotiationIds) },
    );
  }

  span(): StreamSpan {
    const row = this.spanRow.get()!;
    const end = (value: string | number | null) => {
      if (value === null) return null;
      const [text, ms] = JSON.parse(String(value)) as [string, number];
      return { text, ms };
    };
    return { occurredFrom: end(row.of!), occurredTo: end(row.ot!), recordedFrom: end(row.rf!), recordedTo: end(row.rt!) };
  }

  private cutParams(cut: ReadCut) {
    return { asOf: cut.asOf, knownAt: cut.knownAt, a: lo(cut.asOf), k: lo(cut.knownAt) };
  }

  /** Lookups are built from their filters: each form is prepared once, not on every query. */
  private all(sql: string, params: Record<string, unknown>): FoundRow[] {
    let statement = this.prepared.get(sql);
    if (!statement) this.prepared.set(sql, (statement = this.db.prepare(sql)));
    return (statement.all(params) as RowColumns[]).map(found);
  }

  /** `names`: the names this change has already listed (within its transaction), each written once. */
  private insert(row: Omit<RowColumns, 'id'>, names: Set<string>): void {
    const { lastInsertRowid } = this.insertRow.run(INSERTED.map((name) => row[name]));
    const id = Number(lastInsertRowid);
    if (row.family === 'summary') this.insertCut.run(id, lo(row.valid_from), hi(row.valid_to), lo(row.rec_from), hi(MAX_MS));
    for (const org of orgsOf(row)) this.insertOrg.run(org, row.start_ms, row.stream_no, row.position, row.family, id);
    // Names repeat across rows: the table keeps each once.
    if (row.who) this.listName(row.family, 'who', row.who, names);
    if (row.what) this.listName(row.family, 'what', row.what, names);
    if (row.text) this.insertText.run(id, row.text);
  }

  private listName(family: string, side: 'who' | 'what', name: string, names: Set<string>): void {
    const key = `${family}\u0000${side}\u0000${name}`;
    if (names.has(key)) return;
    names.add(key);
    this.insertName.run(family, side, name);
  }

  private remove(row: RowColumns): void {
    if (row.text) this.deleteText.run(row.id, row.text);
    for (const org of orgsOf(row)) this.deleteOrgs.run(org, row.start_ms, row.stream_no, row.position, row.family, row.id);
    if (row.family === 'summary') this.deleteCut.run(row.id);
    this.deleteRow.run(row.id);
  }
}

const INSERTED = [
  'family', 'negotiation_id', 'stream_no', 'item_key', 'valid_from', 'valid_to', 'rec_from', 'end_ms', 'ord', 'ord_text', 'start_ms', 'position', 'status', 'who', 'what', 'text', 'orgs', 'body',
  'exists_yes', 'meetings_min', 'meetings_max', 'last_at', 'last_at_start', 'last_at_end', 'open_offers', 'active_grants', 'statements', 'activity_start', 'activity_recorded_at',
] as const satisfies readonly (keyof RowColumns)[];

/** The columns that say what a row says, apart from when (valid from, recorded from). */
const SAID = INSERTED.filter((name) => name !== 'valid_from' && name !== 'rec_from');

/** Where a row sits and what it says, for a change to leave a current row that it repeats. */
const ROW_SHAPE: RowShape<Omit<RowColumns, 'id'>> = {
  placeOf: (row) => `${row.family}\u0000${row.item_key}\u0000${row.valid_to}`,
  validFromOf: (row) => row.valid_from,
  sayingOf: (row) => JSON.stringify(SAID.map((name) => row[name])),
};

function orgsOf(row: Pick<RowColumns, 'orgs'>): string[] {
  return row.orgs === '' ? [] : (JSON.parse(row.orgs) as string[]);
}

function columnsOf(change: ReadChange, row: ReadRow): Omit<RowColumns, 'id'> {
  return {
    family: row.family,
    negotiation_id: change.negotiationId,
    stream_no: change.streamNo,
    item_key: row.key,
    valid_from: row.validFrom,
    valid_to: row.validTo,
    rec_from: change.recordedAt,
    end_ms: row.end,
    ord: row.order,
    ord_text: row.orderText,
    start_ms: row.start,
    position: row.position,
    status: row.status,
    who: row.who,
    what: row.what,
    text: row.text,
    orgs: row.orgs.length === 0 ? '' : JSON.stringify(row.orgs),
    body: row.body,
    ...totalsColumns(row.totals),
  };
}

function found(row: RowColumns): FoundRow & { family: ReadFamily } {
  return {
    family: row.family as ReadFamily,
    negotiationId: row.negotiation_id,
    streamNo: row.stream_no,
    key: row.item_key,
    end: row.end_ms,
    order: row.ord,
    orderText: row.ord_text,
    start: row.start_ms,
    position: row.position,
    body: row.body,
    ...(row.rank !== undefined && { rank: row.rank }),
    ...(row.snippet !== undefined && { snippet: row.snippet }),
  };
}

/** FTS5 syntax for a parsed query: each word or phrase quoted (a word's characters are letters and digits only), all required. */
function ftsMatch(query: FullTextQuery): string {
  return query.terms.map((term) => ('phrase' in term ? `"${term.phrase.join(' ')}"` : `"${term.word}"${term.prefix ? '*' : ''}`)).join(' AND ');
}

/** Matches per length: the marked matches of highlight(), over the log of the text's length, so a short text full of them ranks first. */
function rankOf(marked: string): number {
  let matches = 0;
  for (let i = marked.indexOf(MARK_OPEN); i !== -1; i = marked.indexOf(MARK_OPEN, i + 1)) matches++;
  return Math.round((matches / Math.log2(2 + marked.length / 32)) * 1e6) / 1e6;
}
