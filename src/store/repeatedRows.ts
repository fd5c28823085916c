/**
 * The rows a read-model change writes, matched against the current rows it supersedes: a new
 * row that says exactly what a current row says, over the same valid time (or over the part of
 * it from the change's `from` on), is not written, and the current row stays as it is. So an
 * append rewrites only the pieces whose content it changes, not every piece from its valid time
 * on (every grant of a stream, at each new grant). Every cut reads the same either way.
 */
export class RepeatedRows<R> {
  /** Fresh rows by what they say (family, key, content, valid end), each with its valid start. */
  private readonly fresh = new Map<string, { row: R; validFrom: number; repeated: boolean }[]>();

  constructor(
    private readonly rows: readonly R[],
    private readonly sayingOf: (row: R) => string,
    validFromOf: (row: R) => number,
  ) {
    for (const row of rows) {
      const saying = sayingOf(row);
      const list = this.fresh.get(saying);
      const entry = { row, validFrom: validFromOf(row), repeated: false };
      if (list) list.push(entry);
      else this.fresh.set(saying, [entry]);
    }
  }

  /**
   * Whether a current row, valid from `validFrom`, is repeated by a fresh row of a change from
   * `from` on (that fresh row is then not written): the fresh row starts where the current one
   * does, or at `from` when the current row began before it.
   */
  repeats(current: R, validFrom: number, from: number): boolean {
    const list = this.fresh.get(this.sayingOf(current));
    const starts = Math.max(validFrom, from);
    const match = list?.find((entry) => !entry.repeated && entry.validFrom === starts);
    if (!match) return false;
    match.repeated = true;
    return true;
  }

  /** The fresh rows to write: those no current row repeats. */
  toWrite(): R[] {
    const written = new Set<R>();
    for (const list of this.fresh.values()) for (const entry of list) if (!entry.repeated) written.add(entry.row);
    return this.rows.filter((row) => written.has(row));
  }
}
