import type { EventStore } from '../../store/eventStore.js';

/**
 * The highest global position in the store (0 when empty), found with O(log n) one-event
 * reads: "some event lies after p" holds below the last position and not from it on, so a
 * galloping search finds it on any store, whatever gaps its positions have.
 */
export async function lastPosition(store: Pick<EventStore, 'readAllRows'>): Promise<number> {
  // Rows, not events: only positions are wanted, and an unreadable row has one too.
  const firstAfter = async (position: number) => (await store.readAllRows(position, 1))[0]?.position;
  // `below` is always a stored position; no event lies after `above`.
  let below = await firstAfter(0);
  if (below === undefined) return 0;
  let above = Number.NaN;
  for (let step = 1; Number.isNaN(above); step = Math.min(step * 2, 2 ** 52)) {
    const probe: number = below + step;
    const found = await firstAfter(probe);
    if (found === undefined) above = probe;
    else below = found;
  }
  while (below < above) {
    const middle: number = below + Math.floor((above - below) / 2);
    const found = await firstAfter(middle);
    if (found === undefined) above = middle;
    else below = found;
  }
  return below;
}
