/**
 * A list the server answers a page at a time (CONTRACT §4.1): the items read so far and the
 * cursor of the next page. A panel shows the first page and, while there is more, a
 * "Show more" button (moreControl.ts) that reads the next one, so a panel costs a page
 * whatever the store holds. No DOM here: the logic is tested on its own.
 */
import type { PageOf } from './types.js';

export type PageReader<T> = (cursor?: string) => Promise<PageOf<T>>;

export class PagedItems<T> {
  private list: T[] = [];
  private next: string | null = null;
  private reader: PageReader<T> | undefined;

  get items(): readonly T[] {
    return this.list;
  }

  get hasMore(): boolean {
    return this.next !== null;
  }

  /** The first page of a query, read by the panel (which checks it is still wanted) and kept here. */
  start(reader: PageReader<T>, first: PageOf<T>): void {
    this.reader = reader;
    this.list = [...first.items];
    this.next = first.next;
  }

  /** Reads the first page and keeps it, unless the query is no longer wanted by then; says whether it was kept. */
  async load(reader: PageReader<T>, stillWanted: () => boolean): Promise<boolean> {
    const first = await reader();
    if (!stillWanted()) return false;
    this.start(reader, first);
    return true;
  }

  /** Reads the next page onto the list; false when the query was replaced meanwhile (its answer is dropped). */
  async more(): Promise<boolean> {
    const reader = this.reader;
    const cursor = this.next;
    if (!reader || cursor === null) return false;
    const page = await reader(cursor);
    if (reader !== this.reader || cursor !== this.next) return false;
    this.list.push(...page.items);
    this.next = page.next;
    return true;
  }
}
