import type { EventStore } from '../store/eventStore.js';

export type StoreHealth = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** How long the health check waits for the store before saying it does not answer. */
export const HEALTH_TIMEOUT_MS = 5_000;

const CANNOT_READ = 'the store cannot be read';
const TOO_SLOW = 'the store did not answer in time';
const UNREADABLE = 'stored events are unreadable';

/**
 * Whether the store answers reads: one real read that touches the events (a stream head),
 * and the rows earlier reads found unreadable, read again (a repaired one is forgotten).
 * Reasons are generic: a driver's message may name hosts, paths or users.
 */
export async function storeHealth(store: EventStore, timeoutMs = HEALTH_TIMEOUT_MS): Promise<StoreHealth> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<StoreHealth>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: TOO_SLOW }), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([check(store), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(store: EventStore): Promise<StoreHealth> {
  try {
    await store.head('health');
    for (const damage of store.unreadable.list()) {
      const { negotiationId, revision, position } = damage.row;
      const [row] = await store.readStreamRows(negotiationId, revision, 1);
      if (row?.position === position && row.unreadable) return { ok: false, reason: UNREADABLE };
      store.unreadable.forget(position);
    }
    return { ok: true };
  } catch {
    return { ok: false, reason: CANNOT_READ };
  }
}
