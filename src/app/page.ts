/** A page to read: at most `limit` items, after the item whose order key is `after`. */
export interface PageQuery<K> {
  readonly limit: number;
  readonly after?: K;
}

/** A page read: its items, and the key of its last item when more follow (null at the end). */
export interface Page<T, K> {
  readonly items: T[];
  readonly last: K | null;
}

/** CONTRACT §4.1: pages hold 100 items unless asked, 1,000 at most. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1_000;

/**
 * A page out of items read one past the limit, each with its key: the extra one only says
 * that a page follows.
 */
export function pageOf<T, K>(read: readonly { readonly item: T; readonly key: K }[], limit: number): Page<T, K> {
  const items = read.slice(0, limit);
  return { items: items.map((r) => r.item), last: read.length > limit && items.length > 0 ? items[items.length - 1]!.key : null };
}

/** The page of a whole ordered list, for the readings that compute it whole: the items after `after` (by `compare`), then the limit. */
export function pageOfList<T, K>(
  list: readonly { readonly item: T; readonly key: K }[],
  query: PageQuery<K>,
  compare: (a: K, b: K) => number,
): Page<T, K> {
  const after = query.after;
  const from = after === undefined ? 0 : firstAfter(list, after, compare);
  return pageOf(list.slice(from, from + query.limit + 1), query.limit);
}

function firstAfter<K>(list: readonly { readonly key: K }[], after: K, compare: (a: K, b: K) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid]!.key, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Compares tuples of numbers and strings, element by element (strings by UTF-16 code units). */
export function compareTuples(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}
