import type { NegotiationStateView } from '../answers/negotiationState.js';
import type { StateChanges } from '../answers/stateDiff.js';

type ListDiff = StateChanges['offers'];

/** Pure: compares two presented states; `from` may be null when the negotiation did not exist yet. */
export function diffStates(from: NegotiationStateView | null, to: NegotiationStateView): StateChanges {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const change = <T>(a: T | undefined, b: T): { from: T | null; to: T } | undefined => (a !== undefined && same(a, b) ? undefined : { from: a ?? null, to: b });
  const partyKey = (p: { org: string; role: string }) => `${p.org}\u0000${p.role}`;
  const fromParties = new Set((from?.parties ?? []).map(partyKey));
  const toParties = new Set(to.parties.map(partyKey));
  return {
    ...optional('status', change(from?.status, to.status)),
    ...optional('title', change(from?.title, to.title)),
    parties: {
      added: to.parties.filter((p) => !fromParties.has(partyKey(p))),
      removed: (from?.parties ?? []).filter((p) => !toParties.has(partyKey(p))),
    },
    ...optional('meetings', change(from?.meetings, to.meetings)),
    ...optional('statements', change(from?.statements, to.statements)),
    offers: diffList(from?.offers ?? [], to.offers, (o) => o.offerId),
    requests: diffList(from?.requests ?? [], to.requests, (r) => r.requestId),
    grants: diffList(from?.grants ?? [], to.grants, (g) => g.grantId),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function diffList<T>(from: readonly T[], to: readonly T[], id: (item: T) => string): ListDiff {
  const before = new Map(from.map((item) => [id(item), item]));
  const after = new Map(to.map((item) => [id(item), item]));
  const changed: { id: string; from: unknown; to: unknown }[] = [];
  for (const [key, item] of after) {
    const old = before.get(key);
    if (old !== undefined && JSON.stringify(old) !== JSON.stringify(item)) changed.push({ id: key, from: old, to: item });
  }
  return {
    added: [...after].filter(([key]) => !before.has(key)).map(([, item]) => item),
    removed: [...before].filter(([key]) => !after.has(key)).map(([, item]) => item),
    changed,
  };
}
