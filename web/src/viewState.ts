/**
 * What the page shows — the time cut and the selection — lives in the query string, so a
 * link opens exactly the same view and the browser's back and forward buttons move
 * between views.
 */

export interface ViewState {
  /** Valid-time cut (TimePoint); absent means now. */
  asOf?: string;
  /** Transaction-time cut (TimePoint); absent means now. */
  knownAt?: string;
  /** The negotiation opened in the detail panel. */
  negotiation?: string;
  speaker?: string;
  org?: string;
  q?: string;
  from?: string;
  to?: string;
}

const KEYS = ['asOf', 'knownAt', 'negotiation', 'speaker', 'org', 'q', 'from', 'to'] as const satisfies readonly (keyof ViewState)[];

export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const state: ViewState = {};
  for (const key of KEYS) {
    const value = params.get(key)?.trim();
    if (value) state[key] = value;
  }
  return state;
}

export function formatViewState(state: ViewState): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = state[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Both cuts at "now": the only view that follows live events. */
export function isNow(state: ViewState): boolean {
  return !state.asOf && !state.knownAt;
}

/** The time cut as query parameters for the API. */
export function cutParams(state: ViewState): Record<string, string | undefined> {
  return { asOf: state.asOf, knownAt: state.knownAt };
}

export type Listener = (state: ViewState) => void;

/** Holds the current view, keeps the address bar in step and tells listeners of every change. */
export class ViewStore {
  private state: ViewState;
  private readonly listeners: Listener[] = [];

  constructor(private readonly win: Window) {
    this.state = parseViewState(win.location.search);
    // Writes the address in its canonical form, so equal views have equal links.
    const canonical = formatViewState(this.state);
    if (canonical !== win.location.search) win.history.replaceState(null, '', `${win.location.pathname}${canonical}${win.location.hash}`);
    win.addEventListener('popstate', () => {
      this.state = parseViewState(win.location.search);
      this.notify();
    });
  }

  get current(): ViewState {
    return { ...this.state };
  }

  /** Merges a change; `undefined` or empty clears a field. Adds a history entry unless `replace`. */
  update(change: Partial<ViewState>, options: { replace?: boolean } = {}): void {
    const next: ViewState = { ...this.state };
    for (const key of KEYS) {
      if (!(key in change)) continue;
      const value = change[key]?.trim();
      if (value) next[key] = value;
      else delete next[key];
    }
    const url = `${this.win.location.pathname}${formatViewState(next)}${this.win.location.hash}`;
    if (formatViewState(next) === formatViewState(this.state)) return;
    this.state = next;
    if (options.replace) this.win.history.replaceState(null, '', url);
    else this.win.history.pushState(null, '', url);
    this.notify();
  }

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
