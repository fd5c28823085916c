import { describe, expect, it } from 'vitest';
import { PagedItems, type PageReader } from '../../web/src/pagedItems.js';
import type { PageOf } from '../../web/src/types.js';

const cut = { asOf: '2026-06-01T00:00:00.000Z', knownAt: '2026-06-01T00:00:00.000Z' };

/** A reader over `items`, `size` a page, whose cursor is the index of the next page's first item. */
function readerOver(items: readonly string[], size: number): { read: PageReader<string>; cursors: (string | undefined)[] } {
  const cursors: (string | undefined)[] = [];
  const read = async (cursor?: string): Promise<PageOf<string>> => {
    cursors.push(cursor);
    const from = cursor === undefined ? 0 : Number(cursor);
    const to = from + size;
    return { ...cut, items: items.slice(from, to), next: to < items.length ? String(to) : null };
  };
  return { read, cursors };
}

describe('a list read a page at a time', () => {
  it('adds each next page after the last, reading on from the cursor the last page gave, until there is none', async () => {
    // Given a list of 7 items in pages of 3
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const { read, cursors } = readerOver(items, 3);
    const paged = new PagedItems<string>();
    paged.start(read, await read());
    // When more is read until the end
    expect(await paged.more()).toBe(true);
    expect(await paged.more()).toBe(true);
    // Then every item is listed once, in order, and there is no more to read
    expect(paged.items).toEqual(items);
    expect(paged.hasMore).toBe(false);
    expect(await paged.more()).toBe(false);
    expect(cursors).toEqual([undefined, '3', '6']);
  });

  it('drops a page that comes back after a new query started: the new query\'s items stand', async () => {
    // Given a first query whose second page is slow
    const slow = readerOver(['a', 'b', 'c', 'd'], 2);
    let release: () => void = () => undefined;
    const held = async (cursor?: string) => {
      const page = await slow.read(cursor);
      if (cursor !== undefined) await new Promise<void>((resolve) => (release = resolve));
      return page;
    };
    const paged = new PagedItems<string>();
    paged.start(held, await held());
    const more = paged.more();
    // When a new query starts before the page arrives
    const other = readerOver(['x', 'y', 'z'], 2);
    paged.start(other.read, await other.read());
    release();
    // Then the late page is not added
    expect(await more).toBe(false);
    expect(paged.items).toEqual(['x', 'y']);
    expect(paged.hasMore).toBe(true);
  });
});
