/**
 * The access register: who holds access to which model at the cut, across all
 * negotiations, with the validity period and whether the grant is active, expired or revoked.
 */
import type { ApiClient } from '../api.js';
import { moreControl } from '../moreControl.js';
import { PagedItems } from '../pagedItems.js';
import { exportButton } from '../csvExport.js';
import { badge, el, replaceChildren, scroller, table } from '../dom.js';
import { formatTimePoint } from '../timeText.js';
import type { Grant } from '../types.js';
import { cutParams, type ViewState, type ViewStore } from '../viewState.js';
import { describeCut } from './timeControl.js';

const HEADERS = ['Grantee', 'Model', 'Grantor', 'Scope', 'Valid from', 'Valid until', 'Status', 'Negotiation'];

export class AccessPanel {
  private readonly items = new PagedItems<Grant>();
  private state: ViewState | undefined;
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
          this.items.items.map((g) => [g.negotiationId ?? '', g.grantId, g.grantee, g.model, g.grantor, g.scope ?? '', g.validFrom ?? '', g.validUntil ?? '', g.status]),
        ),
      ),
      this.body,
    );
  }

  async update(state: ViewState, stillWanted: () => boolean): Promise<void> {
    const cut = cutParams(state);
    if (!(await this.items.load((cursor) => this.api.access(cut, cursor), stillWanted))) return;
    this.state = state;
    this.render();
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    if (this.items.items.length === 0) {
      replaceChildren(this.body, el('p', { class: 'empty' }, `No access grants. ${describeCut(state)}`));
      return;
    }
    const rows = this.items.items.map((g) => {
      const negotiation = g.negotiationId;
      const open = negotiation ? el('button', { type: 'button', class: 'link-button' }, negotiation) : '—';
      if (negotiation && typeof open !== 'string') open.addEventListener('click', () => this.view.update({ negotiation }));
      return [g.grantee, g.model, g.grantor, g.scope ? el('span', { class: 'long' }, g.scope) : '—', formatTimePoint(g.validFrom), formatTimePoint(g.validUntil), badge(g.status, g.status), open];
    });
    const t = table(`Access grants — ${describeCut(state)}`, HEADERS, rows);
    t.id = 'access-table';
    replaceChildren(this.body, scroller(t, 'Access register table'), moreControl(this.items, 'access', () => this.render()));
  }
}
