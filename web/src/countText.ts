/** Counts as people read them, on the board and in a negotiation: meetings (CONTRACT §3 MeetingHeld, §4 meetings) and the dashboard's totals. */
import type { DashboardTotals, MeetingCount } from './types.js';

/**
 * "4–5" when uncertain, "3" when exact, "at least 4" when some count had no upper bound
 * (max null), and "none recorded" rather than 0: no meeting was recorded, which is not to
 * say none was held.
 */
export function meetingRange(meetings: MeetingCount | undefined): string {
  if (!meetings) return '—';
  if (meetings.max === null) return `at least ${meetings.min}`;
  if (meetings.max === 0) return 'none recorded';
  return meetings.min === meetings.max ? String(meetings.min) : `${meetings.min}–${meetings.max}`;
}

/** The meetings of the totals line: "no meetings recorded", "1 meeting", "4–5 meetings", "at least 4 meetings". */
export function meetingTotal(meetings: MeetingCount): string {
  if (meetings.max === 0) return 'no meetings recorded';
  const one = meetings.min === 1 && (meetings.max === 1 || meetings.max === null); // "1 meeting", "at least 1 meeting"
  return `${meetingRange(meetings)} meeting${one ? '' : 's'}`;
}

/**
 * "2 negotiations (2 progressing) · 1 possibly open by then · 4–5 meetings · 1 open offer ·
 * 2 active grants · 7 statements"; the possibly open ones count in no other total (CONTRACT §2.2).
 */
export function describeTotals(totals: DashboardTotals): string {
  const statuses = Object.entries(totals.byStatus ?? {})
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const parts = [`${plural(totals.negotiations, 'negotiation')}${statuses ? ` (${statuses})` : ''}`];
  if (totals.possiblyOpen > 0) parts.push(`${totals.possiblyOpen} possibly open by then`);
  if (totals.meetings) parts.push(meetingTotal(totals.meetings));
  if (totals.openOffers !== undefined) parts.push(plural(totals.openOffers, 'open offer'));
  if (totals.activeGrants !== undefined) parts.push(plural(totals.activeGrants, 'active grant'));
  if (totals.statements !== undefined) parts.push(plural(totals.statements, 'statement'));
  return parts.join(' · ');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
