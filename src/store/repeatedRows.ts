/**
 * The rows a read-model change writes, matched against the current rows it supersedes: a new
 * row that says exactly what a current row says, over the same valid time (or over the part of
 * it from the change's `from` on), is not written, and the current row stays as it is. So an
 * append rewrites only the pieces whose content it changes, not every piece from its valid time
 * on (every grant of a stream, at each new grant). Every cut reads the same either way.
 */
export interface RowShape<R> {
  /** Family, key and valid end: where a row sits, apart from its valid start. */
  readonly placeOf: (row: R) => string;
  readonly validFromOf: (row: R) => number;
  /** Everything the row says: compared only between rows at the same place. */
  readonly sayingOf: (row: R) => string;
}

interface Fresh<R> {
  readonly row: R;
  saying?: string;
  repeated: boolean;
}

export class RepeatedRows<R> {
  /** Fresh rows by place and valid start. */
  private readonly fresh = new Map<string, Fresh<R>[]>();

  constructor(
    private readonly rows: readonly R[],
    private readonly shape: RowShape<R>,
  ) {
    for (const row of rows) {
      const at = `${shape.placeOf(row)}\u0000${shape.validFromOf(row)}`;
      const list = this.fresh.get(at);
      const entry: Fresh<R> = { row, repeated: false };
      if (list) list.push(entry);
      else this.fresh.set(at, [entry]);
    }
  }

  /**
   * Whether a current row, valid from `validFrom`, is repeated by a fresh row of a change from
   * `from` on (that fresh row is then not written): the fresh row starts where the current one
   * does, or at `from` when the current row began before it.
   */
  repeats(current: R, validFrom: number, from: number): boolean {
    const list = this.fresh.get(`${this.shape.placeOf(current)}\u0000${Math.max(validFrom, from)}`);
    if (!list) return false;
    const saying = this.shape.sayingOf(current);
    const match = list.find((entry) => !entry.repeated && (entry.saying ??= this.shape.sayingOf(entry.row)) === saying);
    if (!match) return false;
    match.repeated = true;
    return true;
  }

  /** The fresh rows to write: those no current row repeats, in the order the change gave them. */
  toWrite(): readonly R[] {
    const repeated = new Set<R>();
    for (const list of this.fresh.values()) for (const entry of list) if (entry.repeated) repeated.add(entry.row);
    return repeated.size === 0 ? this.rows : this.rows.filter((row) => !repeated.has(row));
  }
}
