import type { NegotiationState } from '../answers/negotiationState.js';
import { describeTimePoint } from '../time/timeWords.js';

/** What `parley replay` shows: the NegotiationState the HTTP API answers with. */
export type ReplayAnswer = NegotiationState;

/**
 * The negotiation's state as readable sections for a terminal (`parley replay` without
 * --json): dates in words (src/time/timeWords.ts, as the dashboard says them), meeting
 * counts as people read them, and what possibly happened by then (CONTRACT §2.2) apart.
 */
export function formatState(state: ReplayAnswer): string {
  const lines: string[] = [];
  if (state.exists === 'yes') {
    lines.push(`${state.title}  (${state.id})`);
    if (state.subject) lines.push(`  ${state.subject}`);
  } else {
    // Its opening's interval has started, not ended: the state holds only what definitely happened, its title among what did not yet.
    const opening = state.pending.find((p) => p.type === 'NegotiationOpened');
    lines.push(`${state.id}: possibly opened by then`);
    lines.push(`  ${opening ? `Opened ${when(opening.occurredAt)}, so maybe not yet` : 'Its opening had not definitely happened'} by ${when(state.asOf)}: see "Possibly by then".`);
  }
  lines.push('');
  lines.push(...table([
    ['exists', state.exists === 'yes' ? 'yes' : 'possibly opened by then'],
    ['status', state.status],
    ['opened', when(state.openedAt)],
    ['last activity', when(state.lastActivityAt)],
    ['meetings', `${range(state.meetings.min, state.meetings.max)}${state.meetings.lastAt ? `, last ${when(state.meetings.lastAt)}` : ''}`],
    ['statements', String(state.statements)],
    ['revision', String(state.revision)],
    ['as of', when(state.asOf)],
    ['known at', when(state.knownAt)],
  ]));

  section(lines, 'Parties', state.parties, (p) => [p.org, p.role]);
  section(lines, 'Offers', state.offers, (o) => [
    o.offerId,
    o.status,
    `${o.from} → ${o.to}`,
    o.terms.model ?? '',
    [
      o.terms.beneficiaries?.length ? `for ${o.terms.beneficiaries.join(', ')}` : '',
      o.terms.candidateBeneficiaries?.length ? `candidates: ${o.terms.candidateBeneficiaries.join(', ')}` : '',
    ].filter(Boolean).join('; '),
    `made ${when(o.madeAt)}${o.respondedAt ? `, answered ${when(o.respondedAt)}` : ''}`,
  ]);
  section(lines, 'Access requests', state.requests, (r) => [r.requestId, r.status, r.requester, r.model, r.scope ?? '']);
  section(lines, 'Access grants', state.grants, (g) => [
    g.grantId,
    g.status,
    `${g.grantor} → ${g.grantee}`,
    g.model,
    `from ${when(g.validFrom)}${g.validUntil ? ` until ${when(g.validUntil)}` : ''}`,
  ]);
  section(lines, 'Possibly by then', state.pending, (p) => [when(p.occurredAt), p.summary], 'started, not ended by the cut: not counted above');
  return `${lines.join('\n')}\n`;
}

/** A meeting count as people read it: "none recorded" rather than 0, "at least 4" when the upper bound is unknown, "4–5" for a range. */
export function range(min: number, max: number | null): string {
  if (max === null) return `at least ${min}`;
  if (max === 0) return 'none recorded';
  return min === max ? String(min) : `${min}–${max}`;
}

function when(text: string | null | undefined): string {
  return text ? describeTimePoint(text) : '—';
}

function section<T>(lines: string[], title: string, items: readonly T[], row: (item: T) => string[], note?: string): void {
  lines.push('', `${title} (${items.length})${note && items.length > 0 ? ` — ${note}` : ''}`);
  if (items.length === 0) lines.push('  none');
  else lines.push(...table(items.map(row)));
}

/** Left-aligned columns, two spaces apart, indented by two; an empty cell takes no column. */
function table(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) =>
    `  ${row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + cell.length - [...cell].length)))
      .filter((cell, i) => widths[i]! > 0 || cell !== '')
      .join('  ')}`.trimEnd(),
  );
}
