/**
 * The HTTP API client (CONTRACT §4). Sends the bearer token when one is held, asks for one
 * on a 401 and retries, and turns every failure into an ApiError that carries the
 * problem document's words.
 */
import type {
  Grant,
  DashboardTotals,
  ListOf,
  NegotiationState,
  PageOf,
  NegotiationSummary,
  RecordedEvent,
  Statement,
  TimelineEntry,
} from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly fieldErrors: { path?: unknown; message?: unknown }[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }

  /** The error in words for the alert region: title, detail and any field messages. */
  describe(): string {
    const fields = this.fieldErrors
      .map((e) => [Array.isArray(e.path) ? e.path.join('.') : String(e.path ?? ''), String(e.message ?? '')].filter(Boolean).join(': '))
      .filter(Boolean);
    return [this.status ? `${this.title} (${this.status})` : this.title, this.detail, ...fields].filter(Boolean).join(' — ');
  }
}

/** Where the client gets a token from: the one held, or a fresh one asked of the user. */
export interface TokenProvider {
  current(): string | undefined;
  /** Asks the user; `rejected` says the last token was refused. Resolves with the new token. */
  ask(rejected: boolean): Promise<string>;
}

export type Params = Record<string, string | number | undefined>;

export class ApiClient {
  /** Reads must see every event up to this global position (read-your-writes behind a hot standby). */
  private minPosition: number | undefined;

  constructor(
    private readonly tokens: TokenProvider,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
    private readonly baseUrl = '',
  ) {}

  /** One page of the list; `cursor` (a page's `next`) reads the one after it. */
  listNegotiations(cut: Params, cursor?: string): Promise<PageOf<NegotiationSummary>> {
    return this.get('/negotiations', { ...cut, cursor });
  }

  negotiation(id: string, cut: Params): Promise<NegotiationState> {
    return this.get(`/negotiations/${encodeURIComponent(id)}`, cut);
  }

  timeline(id: string, cut: Params, cursor?: string): Promise<PageOf<TimelineEntry>> {
    return this.get(`/negotiations/${encodeURIComponent(id)}/timeline`, { ...cut, cursor });
  }

  /** The negotiation's raw audit log from a revision on, all pages. */
  async streamEvents(id: string, fromRevision = 0): Promise<RecordedEvent[]> {
    const all: RecordedEvent[] = [];
    for (;;) {
      const page = await this.get<ListOf<RecordedEvent>>(`/negotiations/${encodeURIComponent(id)}/events`, {
        fromRevision: fromRevision + all.length,
        limit: PAGE,
      });
      all.push(...page.items);
      if (page.items.length < PAGE) return all;
    }
  }

  statements(params: Params, cursor?: string): Promise<PageOf<Statement>> {
    return this.get('/statements', { ...params, cursor });
  }

  access(cut: Params, cursor?: string): Promise<PageOf<Grant>> {
    return this.get('/access', { ...cut, cursor });
  }

  dashboard(cut: Params): Promise<DashboardTotals> {
    return this.get('/dashboard', cut);
  }

  /**
   * From now on every read asks for the events up to `position` (the `position` of an
   * append's answer, or of an event the live feed brought), so that a server reading from a
   * standby that is behind answers from its primary instead. Routes that read only the
   * primary ignore the parameter.
   */
  readAfter(position: number): void {
    if (!Number.isSafeInteger(position) || position < 0) return; // never turn every later read into a 400
    this.minPosition = Math.max(this.minPosition ?? 0, position);
  }

  async get<T>(path: string, params: Params = {}): Promise<T> {
    const url = this.url(path, { ...params, minPosition: this.minPosition });
    for (;;) {
      const token = this.tokens.current();
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await this.fetchFn(url, { headers });
      } catch (cause) {
        throw new ApiError(0, 'The server could not be reached', cause instanceof Error ? cause.message : undefined);
      }
      if (response.status === 401) {
        // Another request may have obtained a token meanwhile; otherwise ask (once for all waiting requests).
        if (this.tokens.current() === token) await this.tokens.ask(token !== undefined);
        continue;
      }
      if (!response.ok) throw await problemOf(response);
      return (await response.json()) as T;
    }
  }

  url(path: string, params: Params = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== '') search.set(key, String(value));
    }
    const query = search.toString();
    return `${this.baseUrl}${path}${query ? `?${query}` : ''}`;
  }
}

const PAGE = 1000;

async function problemOf(response: Response): Promise<ApiError> {
  const fallback = response.statusText || 'Request failed';
  try {
    const body = (await response.json()) as { title?: unknown; detail?: unknown; errors?: unknown };
    return new ApiError(
      response.status,
      typeof body.title === 'string' ? body.title : fallback,
      typeof body.detail === 'string' ? body.detail : undefined,
      Array.isArray(body.errors) ? (body.errors as { path?: unknown; message?: unknown }[]) : [],
    );
  } catch {
    return new ApiError(response.status, fallback);
  }
}
