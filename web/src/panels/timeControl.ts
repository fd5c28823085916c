/**
 * The time cut: a slider over the days spanned by all events plus a date field set `asOf`
 * (the world as it stood then); a switch makes `knownAt` follow it (as Parley knew it
 * then), and a second date field sets `knownAt` on its own. The rightmost slider position
 * and the "Now" button mean no cut at all.
 */
import { button, el, replaceChildren } from '../dom.js';
import { firstFinite, lastFinite } from '../../../src/time/finiteBounds.js';
import { DAY_MS, parseTimePoint } from '../../../src/time/timePoint.js';
import { spanOf, type Span } from '../eventSpan.js';
import { floorDay, formatTimePoint, isoDay } from '../timeText.js';
import type { ViewState, ViewStore } from '../viewState.js';

const SLIDE_SETTLE_MS = 250;
/** Slider moves closer together than this replace each other in the history, so Back skips the steps of one drag. */
const ONE_GESTURE_MS = 1_500;

export class TimeControl {
  private span: Span | undefined;
  private linked: boolean;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSlide = -Infinity;
  private readonly slider = el('input', { id: 'asof-slider', type: 'range', min: '0', max: '0', step: '1', 'aria-describedby': 'asof-output' });
  private readonly output = el('output', { id: 'asof-output', for: 'asof-slider' });
  private readonly asOfDate = el('input', { id: 'asof-date', type: 'date' });
  private readonly knownThen = el('input', { id: 'known-then', type: 'checkbox' });
  private readonly knownAtDate = el('input', { id: 'knownat-date', type: 'date' });
  private readonly summary = el('p', { id: 'cut-summary', class: 'cut-summary', role: 'status' });

  constructor(
    container: HTMLElement,
    private readonly view: ViewStore,
  ) {
    const state = view.current;
    this.linked = Boolean(state.asOf && state.asOf === state.knownAt);
    replaceChildren(
      container,
      el('h2', { class: 'visually-hidden' }, 'Time cut'),
      el(
        'div',
        { class: 'field slider-field' },
        el('label', { for: 'asof-slider' }, 'World as of'),
        this.slider,
        this.output,
      ),
      el('div', { class: 'field' }, el('label', { for: 'asof-date' }, 'Date'), this.asOfDate),
      button('Now', () => view.update({ asOf: undefined, knownAt: undefined }), { id: 'cut-now', title: 'Show the present state with everything recorded' }),
      el('div', { class: 'field checkbox-field' }, this.knownThen, el('label', { for: 'known-then' }, 'As Parley knew it then')),
      el('div', { class: 'field' }, el('label', { for: 'knownat-date' }, 'As recorded on'), this.knownAtDate),
      this.summary,
    );
    this.slider.disabled = true;
    this.slider.addEventListener('input', () => {
      this.output.textContent = this.labelAt(Number(this.slider.value));
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => this.commitSlider(), SLIDE_SETTLE_MS);
    });
    this.slider.addEventListener('change', () => this.commitSlider());
    this.asOfDate.addEventListener('change', () => this.setAsOf(this.asOfDate.value || undefined));
    this.knownThen.addEventListener('change', () => {
      this.linked = this.knownThen.checked;
      const current = view.current;
      view.update({ knownAt: this.linked ? current.asOf : undefined });
      this.show(view.current);
    });
    this.knownAtDate.addEventListener('change', () => {
      const knownAt = this.knownAtDate.value || undefined;
      this.linked = Boolean(knownAt && knownAt === view.current.asOf);
      view.update({ knownAt });
    });
  }

  /** Sets the slider's range. */
  setSpan(span: Span | undefined): void {
    this.span = span;
    this.slider.disabled = span === undefined;
    this.slider.max = String(span ? this.days(span) : 0);
    this.show(this.view.current);
  }

  /** Widens the span to take in an event that arrived live. */
  include(occurredAt: string): void {
    const interval = parseTimePoint(occurredAt);
    if (interval) this.widen(spanOf(firstFinite(interval), lastFinite(interval)));
  }

  /** Widens the span to take in another (the log only grows, so a span read earlier never narrows it). */
  widen(other: Span | undefined): void {
    if (!other) return;
    const span = this.span ? { first: Math.min(this.span.first, other.first), last: Math.max(this.span.last, other.last) } : other;
    if (!this.span || span.first !== this.span.first || span.last !== this.span.last) this.setSpan(span);
  }

  /** Shows the cut the page is at. */
  show(state: ViewState): void {
    if (state.asOf && state.knownAt && state.asOf === state.knownAt) this.linked = true;
    else if (state.knownAt !== state.asOf) this.linked = false;
    const position = this.positionOf(state.asOf);
    this.slider.value = String(position);
    const label = state.asOf ? formatTimePoint(state.asOf) : 'now';
    this.output.textContent = label;
    this.slider.setAttribute('aria-valuetext', label);
    this.asOfDate.value = state.asOf && /^\d{4}-\d{2}-\d{2}$/.test(state.asOf) ? state.asOf : '';
    this.knownThen.checked = this.linked;
    this.knownAtDate.value = state.knownAt && /^\d{4}-\d{2}-\d{2}$/.test(state.knownAt) ? state.knownAt : '';
    this.knownAtDate.disabled = this.linked;
    this.summary.textContent = describeCut(state);
  }

  private commitSlider(): void {
    clearTimeout(this.settleTimer);
    const span = this.span;
    if (!span) return;
    const position = Number(this.slider.value);
    const now = Date.now();
    const sameGesture = now - this.lastSlide < ONE_GESTURE_MS;
    this.lastSlide = now;
    this.setAsOf(position >= this.days(span) ? undefined : isoDay(span.first + position * DAY_MS), sameGesture);
  }

  private setAsOf(asOf: string | undefined, replace = false): void {
    const change: Partial<ViewState> = { asOf };
    if (this.linked) change.knownAt = asOf;
    this.view.update(change, { replace });
  }

  /** Number of days in the span; also the slider position that means "now". */
  private days(span: Span): number {
    return Math.round((span.last - span.first) / DAY_MS) + 1;
  }

  private positionOf(asOf: string | undefined): number {
    const span = this.span;
    if (!span) return 0;
    const now = this.days(span);
    const interval = asOf ? parseTimePoint(asOf) : undefined;
    if (!interval) return now;
    const position = Math.floor((floorDay(lastFinite(interval)) - span.first) / DAY_MS);
    return Math.max(0, Math.min(now - 1, position));
  }

  private labelAt(position: number): string {
    const span = this.span;
    if (!span || position >= this.days(span)) return 'now';
    return formatTimePoint(isoDay(span.first + position * DAY_MS));
  }
}

/** The cut in a sentence, e.g. "The world as of 12 May 2026, as Parley knew it then." */
export function describeCut(state: ViewState): string {
  const world = state.asOf ? `The world as of ${formatTimePoint(state.asOf)}` : 'The world now';
  if (!state.knownAt) return `${world}, with everything recorded since.`;
  if (state.knownAt === state.asOf) return `${world}, as Parley knew it then.`;
  return `${world}, as recorded by ${formatTimePoint(state.knownAt)}.`;
}
