/**
 * The access register: who holds access to which model at the cut, across all
 * negotiations, with the validity period and whether the grant is active, expired or revoked.
 */
import type { ApiClient } from '../api.js';
import { exportButton } from '../csvExport.js';
import { badge, el, replaceChildren, scroller, table } from '../dom.js';
import { formatTimePoint } from '../timeText.js';
import type { Grant } from '../types.js';
import { cutParams, type ViewState, type ViewStore } from '../viewState.js';
import { describeCut } from './timeControl.js';

const HEADERS = ['Grantee', 'Model', 'Grantor', 'Scope', 'Valid from', 'Valid until', 'Status', 'Negotiation'];

export class AccessPanel {
  private items: Grant[] = [];
  private readonly body = el('div', { class: 'panel-body' });

  constructor(
    container: HTMLElement,
    private readonly api: ApiClient,
    private readonly view: ViewStore,
  ) {
    replaceChildren(
      container,
      el(
        'div',
        { class: 'panel-head' },
        el('h2', { id: 'access-heading' }, 'Access register'),
        exportButton('access register', () => 'parley-access.csv', ['negotiation', 'grantId', 'grantee', 'model', 'grantor', 'scope', 'validFrom', 'validUntil', 'status'], () =>
          this.items.map((g) => [g.negotiationId ?? '', g.grantId, g.grantee, g.model, g.grantor, g.scope ?? '', g.validFrom ?? '', g.validUntil ?? '', g.status]),
        ),
      ),
      this.body,
    );
  }

  async update(state: ViewState, stillWanted: () => boolean): Promise<void> {
    const result = await this.api.access(cutParams(state));
    if (!stillWanted()) return;
    this.items = result.items;
    if (this.items.length === 0) {
      replaceChildren(this.body, el('p', { class: 'empty' }, `No access grants. ${describeCut(state)}`));
      return;
    }
    const rows = this.items.map((g) => {
      const negotiation = g.negotiationId;
      const open = negotiation ? el('button', { type: 'button', class: 'link-button' }, negotiation) : '—';
      if (negotiation && typeof open !== 'string') open.addEventListener('click', () => this.view.update({ negotiation }));
      return [g.grantee, g.model, g.grantor, g.scope ? el('span', { class: 'long' }, g.scope) : '—', formatTimePoint(g.validFrom), formatTimePoint(g.validUntil), badge(g.status, g.status), open];
    });
    const t = table(`Access grants — ${describeCut(state)}`, HEADERS, rows);
    t.id = 'access-table';
    replaceChildren(this.body, scroller(t, 'Access register table'));
  }
}
