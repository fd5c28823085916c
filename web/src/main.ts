/**
 * Wires the dashboard together: the view held in the URL, the API client with its token
 * form, the panels, and the live feed. Every change of view re-renders every panel for
 * the new cut; a render overtaken by a newer one is dropped.
 */
import { Alerts } from './alerts.js';
import { ApiClient } from './api.js';
import { logSpanOf } from './eventSpan.js';
import { LiveFeed } from './liveFeed.js';
import { AccessPanel } from './panels/access.js';
import { registerChartParts } from './panels/activityChart.js';
import { BoardPanel } from './panels/board.js';
import { NegotiationPanel } from './panels/negotiation.js';
import { StatementsPanel } from './panels/statements.js';
import { TimeControl } from './panels/timeControl.js';
import { StreamLogs } from './streamLogs.js';
import { TokenForm } from './tokenForm.js';
import { formatViewState, isNow, ViewStore, type ViewState } from './viewState.js';

interface Panel {
  update(state: ViewState, stillWanted: () => boolean): Promise<void>;
}

const LIVE_SETTLE_MS = 300;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page lacks #${id}`);
  return element as T;
}

function start(): void {
  registerChartParts();
  const view = new ViewStore(window);
  const alerts = new Alerts(byId('alerts'));
  const tokens = new TokenForm(
    {
      panel: byId('token-panel'),
      form: byId<HTMLFormElement>('token-form'),
      input: byId<HTMLInputElement>('token-input'),
      message: byId('token-message'),
      forget: byId<HTMLButtonElement>('token-forget'),
    },
    window.sessionStorage,
  );
  const api = new ApiClient(tokens);
  const time = new TimeControl(byId('time-control'), view);
  const negotiationPanel = new NegotiationPanel(byId('negotiation'), api, view, new StreamLogs(api));
  // The dashboard answer the board reads also gives the slider's span and where the live feed resumes.
  const board = new BoardPanel(byId('board'), api, view, (totals) => {
    const { span, lastPosition } = logSpanOf(totals);
    live.seenUpTo(lastPosition);
    time.widen(span);
  });
  const panels: [string, Panel][] = [
    ['Negotiations', board],
    ['Negotiation', negotiationPanel],
    ['Who said what', new StatementsPanel(byId('statements'), api, view)],
    ['Access register', new AccessPanel(byId('access'), api, view)],
  ];

  let generation = 0;
  // Focus moves to a negotiation's heading when the user opens one, not on first load.
  let shownNegotiation = view.current.negotiation;
  async function render(state: ViewState): Promise<void> {
    const mine = ++generation;
    const stillWanted = () => mine === generation;
    time.show(state);
    document.title = state.negotiation ? `${state.negotiation} · Parley` : 'Parley — negotiations';
    document.body.setAttribute('aria-busy', 'true');
    await Promise.all(
      panels.map(([name, panel]) =>
        panel.update(state, stillWanted).then(
          () => stillWanted() && alerts.clear(name),
          (error: unknown) => stillWanted() && alerts.show(name, error),
        ),
      ),
    );
    if (!stillWanted()) return;
    document.body.removeAttribute('aria-busy');
    // Marks the view on screen, for anyone (or any test) waiting for a render to finish.
    document.body.dataset.view = formatViewState(state);
    document.body.dataset.renders = String(Number(document.body.dataset.renders ?? '0') + 1);
    if (state.negotiation && state.negotiation !== shownNegotiation) byId('negotiation-heading').focus({ preventScroll: false });
    shownNegotiation = state.negotiation;
    live.follow(isNow(state));
  }

  let liveTimer: ReturnType<typeof setTimeout> | undefined;
  const live = new LiveFeed(byId('live-status'), () => tokens.current(), (event) => {
    api.readAfter(event.position); // the live feed is the primary's: the reads it prompts must see this event
    time.include(event.occurredAt);
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => {
      if (isNow(view.current)) void render(view.current);
    }, LIVE_SETTLE_MS);
  });

  view.subscribe((state) => void render(state));
  void render(view.current);
}

start();
