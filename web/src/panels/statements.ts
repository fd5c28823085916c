/**
 * Who said what: statements searched by speaker, organisation and text, bounded by date,
 * at the cut, each with the recorder's confidence and note and every source with its
 * excerpt. Retracted statements and those possibly made by then (CONTRACT §2.2) are listed
 * too, marked, so nothing disappears silently.
 */
import type { ApiClient } from '../api.js';
import { moreControl } from '../moreControl.js';
import { PagedItems } from '../pagedItems.js';
import { exportButton } from '../csvExport.js';
import { badge, el, replaceChildren, scroller, table, type Child } from '../dom.js';
import { speakerLabel } from '../eventText.js';
import { confidenceBadge, noteOf, sourceList, sourcesOf } from '../provenance.js';
import { formatTimePoint, machineDate } from '../timeText.js';
import type { Statement } from '../types.js';
import { cutParams, type ViewState, type ViewStore } from '../viewState.js';
import { POSSIBLE_LEGEND } from './timeline.js';

const FIELDS = [
  { key: 'speaker', label: 'Speaker', type: 'search' },
  { key: 'org', label: 'Organisation', type: 'search' },
  { key: 'q', label: 'Text contains', type: 'search' },
  { key: 'from', label: 'From date', type: 'date' },
  { key: 'to', label: 'To date', type: 'date' },
] as const;

type FieldKey = (typeof FIELDS)[number]['key'];

/** A statement possibly made by then (CONTRACT §2.2): listed, marked in words, not counted in any state. */
function possiblyMark(): HTMLElement {
  const mark = badge('possibly by then', 'possible');
  mark.title = POSSIBLE_LEGEND;
  return mark;
}

/** Every source of a statement for the CSV: "publisher — title — url", one after another. */
function sourceText(s: Statement): string {
  return sourcesOf(s)
    .map((source) => [source.publisher, source.title, source.url].filter(Boolean).join(' — '))
    .join('; ');
}

const CSV_HEADERS = ['occurredAt', 'speaker', 'org', 'role', 'kind', 'text', 'source', 'negotiation', 'status', 'confidence', 'note', 'certainty'];

/** A statement as a CSV row; an unnamed speaker (CONTRACT §3) leaves the speaker cell empty, the org says whose. */
function csvRow(s: Statement): unknown[] {
  return [s.occurredAt, s.speaker.name ?? '', s.speaker.org ?? '', s.speaker.role ?? '', s.kind, s.text, sourceText(s), s.negotiationId, s.status, s.confidence, s.note ?? '', s.certainty];
}

const HEADERS = ['Date', 'Speaker', 'Kind', 'Said', 'Source', 'Negotiation', 'Status'];

export class StatementsPanel {
  private readonly items = new PagedItems<Statement>();
  private state: ViewState | undefined;
  private readonly inputs = new Map<FieldKey, HTMLInputElement>();
  private readonly body = el('div', { class: 'panel-body' });

  constructor(
    container: HTMLElement,
    private readonly api: ApiClient,
    private readonly view: ViewStore,
  ) {
    const form = el('form', { class: 'search-form', id: 'statement-search', role: 'search', 'aria-label': 'Search statements' });
    for (const field of FIELDS) {
      const input = el('input', { id: `st-${field.key}`, name: field.key, type: field.type, autocomplete: 'off' });
      this.inputs.set(field.key, input);
      form.append(el('div', { class: 'field' }, el('label', { for: input.id }, field.label), input));
    }
    const clear = el('button', { type: 'button', class: 'secondary' }, 'Clear');
    clear.addEventListener('click', () => view.update({ speaker: undefined, org: undefined, q: undefined, from: undefined, to: undefined }));
    form.append(el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Search'), clear));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const change: Partial<ViewState> = {};
      for (const [key, input] of this.inputs) change[key] = input.value;
      view.update(change);
    });
    replaceChildren(
      container,
      el(
        'div',
        { class: 'panel-head' },
        el('h2', { id: 'statements-heading' }, 'Who said what'),
        exportButton('statements', () => 'parley-statements.csv', CSV_HEADERS, () => this.items.items.map(csvRow)),
      ),
      form,
      this.body,
    );
  }

  async update(state: ViewState, stillWanted: () => boolean): Promise<void> {
    for (const [key, input] of this.inputs) {
      if (document.activeElement !== input) input.value = state[key] ?? '';
    }
    const query = {
      ...cutParams(state),
      speaker: state.speaker,
      org: state.org,
      q: state.q,
      from: state.from,
      to: state.to,
      includeRetracted: 'true',
      includePossible: 'true',
    };
    if (!(await this.items.load((cursor) => this.api.statements(query, cursor), stillWanted))) return;
    this.state = state;
    this.render();
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    const items = this.items.items;
    const filters = FIELDS.filter((f) => state[f.key]).map((f) => `${f.label.toLowerCase()} “${state[f.key]}”`);
    const count = `${items.length}${this.items.hasMore ? '+' : ''}`;
    const caption = `${count} statement${items.length === 1 && !this.items.hasMore ? '' : 's'}${filters.length ? ` matching ${filters.join(', ')}` : ''}`;
    if (items.length === 0) {
      replaceChildren(this.body, el('p', { class: 'empty', role: 'status' }, `No statements${filters.length ? ` matching ${filters.join(', ')}` : ''} at this cut.`));
      return;
    }
    const t = table(caption, HEADERS, items.map((s) => this.cells(s)));
    t.id = 'statements-table';
    t.querySelectorAll('tbody tr').forEach((tr, i) => {
      const item = items[i];
      tr.setAttribute('data-certainty', item?.certainty ?? '');
      if (item?.certainty === 'possible') tr.classList.add('possible');
    });
    replaceChildren(this.body, scroller(t, 'Statements table'), moreControl(this.items, 'statements', () => this.render()));
  }

  private cells(s: Statement): Child[] {
    const said = el('blockquote', { class: s.kind === 'quote' ? 'quote' : 'paraphrase' }, s.kind === 'quote' ? `“${s.text}”` : s.text);
    const open = el('button', { type: 'button', class: 'link-button' }, s.negotiationId);
    open.addEventListener('click', () => this.view.update({ negotiation: s.negotiationId }));
    const confidence = confidenceBadge(s.confidence);
    return [
      el('time', { datetime: machineDate(s.occurredAt), 'data-occurred-at': s.occurredAt }, formatTimePoint(s.occurredAt)),
      speakerLabel(s.speaker),
      s.kind,
      el('div', { class: 'said' }, s.status === 'retracted' ? el('del', {}, said) : said, confidence && el('p', { class: 'provenance' }, confidence), noteOf(s.note)),
      sourceList(sourcesOf(s)) ?? '—',
      open,
      el('span', { class: 'stack' }, badge(s.status, s.status), s.certainty === 'possible' ? possiblyMark() : null),
    ];
  }
}
