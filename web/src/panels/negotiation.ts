/**
 * The selected negotiation at the cut: its state (parties, meetings, offers, requests,
 * grants), what possibly happened by then (CONTRACT §2.2: listed apart, not counted), its
 * activity per month and its timeline. A negotiation only possibly opened by then is
 * shown as such, with its pending events, never as missing. The timeline is read a page of
 * 1,000 entries at a time ("Show more" reads on); the chart counts the entries read.
 */
import { ApiError, type ApiClient } from '../api.js';
import { badge, button, el, replaceChildren, scroller, table, type Child } from '../dom.js';
import type { AuditLog, StreamLogs } from '../streamLogs.js';
import { formatTimePoint } from '../timeText.js';
import { moreControl } from '../moreControl.js';
import { PagedItems } from '../pagedItems.js';
import { candidatesLabel } from '../eventText.js';
import { meetingRange } from '../countText.js';
import type { NegotiationState, Offer, PageOf, TimelineEntry } from '../types.js';

/** Timeline entries read at a time: most negotiations in one page, and the chart whole. */
const TIMELINE_PAGE = 1_000;
import { cutParams, type ViewState, type ViewStore } from '../viewState.js';
import { ActivityChart } from './activityChart.js';
import { possiblyOpenBadge } from './board.js';
import { describeCut } from './timeControl.js';
import { renderTimeline } from './timeline.js';
import { EvidenceLine } from './evidenceLine.js';

export class NegotiationPanel {
  private readonly heading = el('h2', { id: 'negotiation-heading', tabindex: '-1' }, 'Negotiation');
  private readonly overview = el('div', { class: 'panel-body' });
  private readonly chartBox = el('div', { class: 'activity' });
  private readonly timelineBox = el('div', { class: 'panel-body' });
  private readonly details = el('div', {}, el('h3', {}, 'Activity'), this.chartBox, el('h3', {}, 'Timeline'), this.timelineBox);
  private readonly chart = new ActivityChart(this.chartBox);
  private readonly timeline = new PagedItems<TimelineEntry>();
  private readonly evidence: EvidenceLine;

  constructor(
    private readonly container: HTMLElement,
    private readonly api: ApiClient,
    private readonly view: ViewStore,
    private readonly logs: StreamLogs,
  ) {
    this.evidence = new EvidenceLine(api);
    replaceChildren(
      container,
      el(
        'div',
        { class: 'panel-head' },
        this.heading,
        button('Close', () => view.update({ negotiation: undefined }), { class: 'secondary', 'aria-label': 'Close the negotiation view' }),
      ),
      this.overview,
      this.evidence.element,
      this.details,
    );
    container.hidden = true;
  }

  async update(state: ViewState, stillWanted: () => boolean): Promise<void> {
    const id = state.negotiation;
    if (!id) {
      this.container.hidden = true;
      this.chart.clear();
      return;
    }
    const cut = cutParams(state);
    const readTimeline = (cursor?: string) => this.api.timeline(id, { ...cut, limit: TIMELINE_PAGE }, cursor);
    let negotiation: NegotiationState;
    let timeline: PageOf<TimelineEntry>;
    let auditLog: AuditLog;
    try {
      [negotiation, timeline] = await Promise.all([this.api.negotiation(id, cut), readTimeline()]);
      auditLog = await this.logs.covering(id, timeline.items);
    } catch (error) {
      if (!stillWanted()) return;
      if (error instanceof ApiError && error.status === 404) {
        // Expected when the cut lies before the negotiation (even possibly) opened: say so in the panel, in the server's words, not as an error.
        this.container.hidden = false;
        this.heading.textContent = id;
        this.chart.clear();
        const why = error.detail ? `${sentence(error.detail)} ` : `${id} does not exist at this cut. `;
        replaceChildren(this.overview, el('p', { class: 'empty', id: 'negotiation-missing' }, `${why}${describeCut(state)}`));
        this.evidence.element.hidden = true;
        this.timelineBox.replaceChildren();
        this.details.hidden = true;
        return;
      }
      throw error;
    }
    if (!stillWanted()) return;
    this.container.hidden = false;
    this.details.hidden = false;
    // Until its opening counts, the negotiation has no title at the cut: its id names it.
    const title = negotiation.title || negotiation.id;
    this.heading.textContent = title;
    this.renderOverview(negotiation, state);
    this.timeline.start(readTimeline, timeline);
    this.renderTimeline(id, title, auditLog, state);
    // The proof line is extra: a server that cannot answer it leaves the rest of the panel as it is.
    await this.evidence.update(id, state, stillWanted).catch(() => {
      this.evidence.element.hidden = true;
    });
  }

  private renderTimeline(id: string, title: string, auditLog: AuditLog, state: ViewState): void {
    const entries = this.timeline.items;
    this.chart.render(entries, title);
    const more = moreControl(this.timeline, 'timeline', () => {
      // The raw log must cover the corrections the new entries show before they are drawn.
      this.logs.covering(id, this.timeline.items).then(
        (log) => this.renderTimeline(id, title, log, state),
        () => this.renderTimeline(id, title, auditLog, state),
      );
    });
    replaceChildren(this.timelineBox, renderTimeline(entries, auditLog, state.knownAt), more);
  }

  private renderOverview(n: NegotiationState, state: ViewState): void {
    const possibly = n.exists === 'possibly';
    const facts = el(
      'dl',
      { class: 'facts' },
      ...fact('Status', possibly ? possiblyOpenBadge() : badge(n.status, n.status)),
      ...fact('Parties', n.parties.map((p) => `${p.org} (${p.role})`).join(', ') || '—'),
      ...fact('Meetings', `${meetingRange(n.meetings)}${n.meetings.lastAt ? `, last ${formatTimePoint(n.meetings.lastAt)}` : ''}`),
      ...fact('Statements', String(n.statements)),
      ...fact('Opened', formatTimePoint(n.openedAt)),
      ...fact('Last activity', formatTimePoint(n.lastActivityAt)),
      ...fact('Cut', describeCut(state)),
    );
    const offers = n.offers.length
      ? scroller(
          table(
            `Offers — ${n.title}`,
            ['Offer', 'From', 'To', 'Model', 'Access', 'Beneficiaries', 'Status', 'Made', 'Answered'],
            n.offers.map((o) => [
              o.offerId,
              o.from,
              o.to,
              o.terms.model ?? '—',
              o.terms.access ? el('span', { class: 'long' }, o.terms.access) : '—',
              beneficiariesCell(o),
              badge(o.status, o.status),
              formatTimePoint(o.madeAt),
              formatTimePoint(o.respondedAt),
            ]),
          ),
          'Offers table',
        )
      : el('p', { class: 'empty' }, 'No offers at this cut.');
    const requests = n.requests.length
      ? scroller(
          table(`Access requests — ${n.title}`, ['Request', 'Requester', 'Model', 'Status'], n.requests.map((r) => [r.requestId, r.requester, r.model, badge(r.status, r.status)])),
          'Access requests table',
        )
      : null;
    const grants = n.grants.length
      ? scroller(
          table(
            `Access grants — ${n.title}`,
            ['Grant', 'Grantee', 'Grantor', 'Model', 'Valid from', 'Valid until', 'Status'],
            n.grants.map((g) => [g.grantId, g.grantee, g.grantor, g.model, formatTimePoint(g.validFrom), formatTimePoint(g.validUntil), badge(g.status, g.status)]),
          ),
          'Access grants table',
        )
      : null;
    replaceChildren(
      this.overview,
      possibly ? possiblyOpenNote(n, state) : null,
      n.subject ? el('p', { class: 'subject' }, n.subject) : null,
      facts,
      pendingSection(n),
      offers,
      requests,
      grants,
    );
  }
}

/** Why a negotiation is shown though its opening does not count yet, in a sentence. */
function possiblyOpenNote(n: NegotiationState, state: ViewState): HTMLElement {
  const opening = n.pending.find((p) => p.type === 'NegotiationOpened');
  const when = opening ? `Its opening is dated ${formatTimePoint(opening.occurredAt)}` : 'Its opening had not definitely happened';
  const by = state.asOf ? formatTimePoint(state.asOf) : 'now';
  return el(
    'p',
    { class: 'possibly-note', id: 'negotiation-possibly' },
    possiblyOpenBadge(),
    ` ${when}: it may have opened by ${by}, or not yet. Only what definitely happened counts below; the rest is under “Possibly by then”.`,
  );
}

/** The events that possibly happened by the cut (their interval has started, not ended), apart from the state. */
function pendingSection(n: NegotiationState): Child {
  if (n.pending.length === 0) return null;
  return el(
    'section',
    { class: 'pending', 'aria-labelledby': 'pending-heading' },
    el('h3', { id: 'pending-heading' }, `Possibly by then (${n.pending.length})`),
    el('p', { class: 'legend' }, 'Started but not ended by this date: each may have happened by then, or not yet. None of them counts in the state above.'),
    el(
      'ul',
      { class: 'pending-list', id: 'pending-list' },
      ...n.pending.map((p) =>
        el(
          'li',
          { 'data-event-id': p.eventId, 'data-type': p.type },
          el('span', { class: 'event-when' }, formatTimePoint(p.occurredAt)),
          ' — ',
          p.summary,
        ),
      ),
    ),
  );
}

/** Who benefits, with those only named as candidates (CONTRACT §3) apart: "ENISA" / "candidates: ENISA, AI Office". */
function beneficiariesCell(offer: Offer): Node | string {
  const decided = offer.terms.beneficiaries ?? [];
  const candidates = offer.terms.candidateBeneficiaries ?? [];
  if (decided.length === 0 && candidates.length === 0) return '—';
  return el(
    'span',
    { class: 'stack' },
    decided.length ? el('span', { class: 'beneficiaries' }, decided.join(', ')) : null,
    candidates.length ? el('span', { class: 'candidates' }, candidatesLabel(candidates)) : null,
  );
}

/** The server's detail as a sentence of the panel: capitalised, with a full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}

function fact(term: string, value: Node | string): HTMLElement[] {
  return [el('dt', {}, term), el('dd', {}, value)];
}
