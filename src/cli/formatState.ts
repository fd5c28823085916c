import type { NegotiationState } from '../answers/negotiationState.js';

/** What `parley replay` shows: the NegotiationState the HTTP API answers with. */
export type ReplayAnswer = NegotiationState;

/** The negotiation's state as readable sections for a terminal (`parley replay` without --json). */
export function formatState(state: ReplayAnswer): string {
  const lines: string[] = [];
  lines.push(`${state.exists === 'yes' ? state.title : 'Possibly opened by then'}  (${state.id})`);
  if (state.subject) lines.push(`  ${state.subject}`);
  lines.push('');
  lines.push(...table([
    ['exists', state.exists],
    ['status', state.status],
    ['opened', state.openedAt ?? '—'],
    ['last activity', state.lastActivityAt ?? '—'],
    ['meetings', `${range(state.meetings.min, state.meetings.max)}${state.meetings.lastAt ? `, last ${state.meetings.lastAt}` : ''}`],
    ['statements', String(state.statements)],
    ['revision', String(state.revision)],
    ['as of', state.asOf],
    ['known at', state.knownAt],
  ]));

  section(lines, 'Parties', state.parties, (p) => [p.org, p.role]);
  section(lines, 'Offers', state.offers, (o) => [
    o.offerId,
    o.status,
    `${o.from} → ${o.to}`,
    o.terms.model ?? '',
    `made ${o.madeAt}${o.respondedAt ? `, answered ${o.respondedAt}` : ''}`,
  ]);
  section(lines, 'Access requests', state.requests, (r) => [r.requestId, r.status, r.requester, r.model, r.scope ?? '']);
  section(lines, 'Access grants', state.grants, (g) => [
    g.grantId,
    g.status,
    `${g.grantor} → ${g.grantee}`,
    g.model,
    `from ${g.validFrom}${g.validUntil ? ` until ${g.validUntil}` : ''}`,
  ]);
  section(lines, 'Possibly happened by then (not counted)', state.pending, (p) => [p.occurredAt, p.summary]);
  return `${lines.join('\n')}\n`;
}

/** "4–5" for a range, "3" when both ends agree. */
/** A meeting count as people read it: "none recorded" rather than 0, "at least 4" when the upper bound is unknown. */
export function range(min: number, max: number | null): string {
  if (min === 0 && max === 0) return 'none recorded';
  if (max === null) return `at least ${min}`;
  return min === max ? String(min) : `${min}–${max}`;
}

function section<T>(lines: string[], title: string, items: readonly T[], row: (item: T) => string[]): void {
  lines.push('', `${title} (${items.length})`);
  if (items.length === 0) lines.push('  none');
  else lines.push(...table(items.map(row)));
}

/** Left-aligned columns, two spaces apart, indented by two. */
function table(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + cell.length - [...cell].length))).join('  ')}`.trimEnd());
}
