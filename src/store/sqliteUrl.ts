/** The scheme of the embedded store's URL: `sqlite:PATH` (CONTRACT §7). */
const SQLITE = 'sqlite:';

/** The path of a `sqlite:PATH` store URL as written (`:memory:` for a store in memory); undefined for another kind of store. */
export function sqlitePathOf(url: string): string | undefined {
  return url.startsWith(SQLITE) ? url.slice(SQLITE.length) : undefined;
}

/** The file a SQLite store URL names; undefined for other stores, a store in memory and a URL without a path. */
export function sqliteFileOf(url: string): string | undefined {
  const path = sqlitePathOf(url);
  return path && path !== ':memory:' ? path : undefined;
}
