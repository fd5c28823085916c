/**
 * The negotiations board: every negotiation at the cut, with status, parties, meetings
 * (a range when the count is uncertain), open offers, active grants and last activity,
 * all from one list of summaries, and the totals of the dashboard answer. A negotiation
 * whose opening only possibly happened by then (CONTRACT §2.2) is listed, marked
 * "possibly open by then", with how many of its events possibly happened. The list is read
 * a page at a time: "Show more" reads the next page.
 */
import type { ApiClient } from '../api.js';
import { exportButton } from '../csvExport.js';
import { badge, el, replaceChildren, scroller, table, type Child } from '../dom.js';
import { moreControl } from '../moreControl.js';
import { PagedItems } from '../pagedItems.js';
import { formatTimePoint } from '../timeText.js';
import { describeTotals, meetingRange } from '../countText.js';
import type { DashboardTotals, NegotiationSummary, Offer, Party } from '../types.js';
import { cutParams, type ViewState, type ViewStore } from '../viewState.js';
import { describeCut } from './timeControl.js';

const HEADERS = ['Negotiation', 'Status', 'Parties', 'Meetings', 'Open offers', 'Active grants', 'Last activity'];

export class BoardPanel {
  private readonly rows = new PagedItems<NegotiationSummary>();
  private state: ViewState | undefined;
  private readonly totals = el('p', { class: 'totals', id: 'board-totals' });
  private readonly body = el('div', { class: 'panel-body' });

  constructor(
    container: HTMLElement,
    private readonly api: ApiClient,
    private readonly view: ViewStore,
    /** Receives every dashboard answer read, whatever became of its render: it also describes the whole log. */
    private readonly onDashboard: (totals: DashboardTotals) => void = () => undefined,
  ) {
    replaceChildren(
      container,
      el(
        'div',
        { class: 'panel-head' },
        el('h2', { id: 'board-heading' }, 'Negotiations'),
        exportButton('board', () => 'parley-negotiations.csv', ['id', ...HEADERS, 'Exists', 'Possibly by then'], () => this.rows.items.map(csvRow)),
      ),
      this.totals,
      this.body,
    );
  }

  async update(state: ViewState, stillWanted: () => boolean): Promise<void> {
    const cut = cutParams(state);
    const read = (cursor?: string) => this.api.listNegotiations(cut, cursor);
    const [list, totals] = await Promise.all([read(), this.api.dashboard(cut)]);
    this.onDashboard(totals);
    if (!stillWanted()) return;
    this.rows.start(read, list);
    this.state = state;
    this.totals.textContent = describeTotals(totals);
    this.render();
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    const caption = `Negotiations — ${describeCut(state)}`;
    const items = this.rows.items;
    if (items.length === 0) {
      replaceChildren(this.body, el('p', { class: 'empty' }, `No negotiations. ${describeCut(state)}`));
      return;
    }
    const rows = items.map((row) => this.cells(row, state));
    const t = table(caption, HEADERS, rows);
    t.id = 'board-table';
    t.querySelectorAll('tbody tr').forEach((tr, i) => {
      const row = items[i];
      tr.setAttribute('data-negotiation', row?.id ?? '');
      tr.setAttribute('data-exists', row?.exists ?? '');
      if (row?.exists === 'possibly') tr.classList.add('possible');
      if (row?.id === state.negotiation) tr.setAttribute('aria-current', 'true');
    });
    replaceChildren(this.body, scroller(t, 'Negotiations table'), moreControl(this.rows, 'negotiations', () => this.render()));
  }

  private cells(summary: NegotiationSummary, state: ViewState): Child[] {
    const possibly = summary.exists === 'possibly';
    // Until its opening counts, the negotiation has no title at the cut: its id names it.
    const select = el('button', { type: 'button', class: 'link-button', 'aria-pressed': String(summary.id === state.negotiation) }, summary.title || summary.id);
    select.addEventListener('click', () => this.view.update({ negotiation: summary.id }));
    return [
      el(
        'span',
        { class: 'stack' },
        select,
        summary.title ? el('small', { class: 'muted' }, summary.id) : null,
        summary.pending > 0 ? el('small', { class: 'pending-count' }, pendingCount(summary.pending)) : null,
      ),
      possibly ? possiblyOpenBadge() : badge(summary.status, summary.status),
      summary.parties.length ? partyList(summary.parties) : '—',
      meetingRange(summary.meetings),
      offerList(summary.openOfferList),
      countOf(summary.activeGrants),
      formatTimePoint(summary.lastActivityAt),
    ];
  }
}

/** The mark of a negotiation whose opening only possibly happened by the cut: in words, not colour alone. */
export function possiblyOpenBadge(): HTMLElement {
  const mark = badge('possibly open by then', 'possible');
  mark.title = 'Its opening is dated by an interval that had started but not ended by this date: it may have opened, or not yet. Nothing counts in its state until it definitely has.';
  return mark;
}

function pendingCount(n: number): string {
  return `${n} event${n === 1 ? '' : 's'} possibly by then`;
}

function countOf(value: number | unknown[] | undefined): string {
  if (Array.isArray(value)) return String(value.length);
  return value === undefined ? '—' : String(value);
}

function partyList(parties: Party[]): HTMLElement {
  return el('ul', { class: 'plain' }, ...parties.map((p) => el('li', {}, p.org, ' ', el('small', { class: 'muted' }, `(${p.role})`))));
}

export function offerLabel(offer: Offer): string {
  const model = offer.terms.model ? `: ${offer.terms.model}` : '';
  return `${offer.from} → ${offer.to}${model}`;
}

function offerList(offers: Offer[]): Child {
  if (offers.length === 0) return '0';
  return el('ul', { class: 'plain offers' }, ...offers.map((o) => el('li', { 'data-offer': o.offerId }, offerLabel(o))));
}

function csvRow(s: NegotiationSummary): unknown[] {
  return [
    s.id,
    s.title,
    s.status,
    s.parties?.map((p) => `${p.org} (${p.role})`).join('; ') ?? '',
    meetingRange(s.meetings),
    s.openOfferList.map(offerLabel).join('; ') || '0',
    countOf(s.activeGrants),
    s.lastActivityAt ?? '',
    s.exists,
    s.pending,
  ];
}
