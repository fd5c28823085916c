import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstFinite, lastFinite } from '../../src/time/finiteBounds.js';
import { DAY_MS, endOf, intervalOf } from '../../src/time/timePoint.js';
import { formatTimePoint, isoDay } from '../../web/src/timeText.js';
import { readEvidencePack } from '../../src/app/readEvidencePack.js';
import { verifyEvidence } from '../../src/app/verifyEvidence.js';
import { chromiumMissing, launchChromium } from './chromium.js';
import { missingBuild, ROOT, startParleyServer, type RunningServer } from './parleyServer.js';

/** The seed scenario the server loads into an empty store; expectations are read from it, not written out. */
interface SeedLine {
  negotiationId: string;
  id: string;
  type: string;
  occurredAt: string;
  sources: { publisher?: string; title?: string; excerpt?: string }[];
  confidence?: string;
  note?: string;
  data: Record<string, any>;
}
const seed: SeedLine[] = readFileSync(join(ROOT, 'examples/eu-ai-model-access.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as SeedLine);
const OPENAI = 'eu-openai-gpt-5-5-cyber';
const ANTHROPIC = 'eu-anthropic-claude-mythos';
const openings = seed.filter((e) => e.type === 'NegotiationOpened');
const openAiOffer = seed.find((e) => e.type === 'OfferMade' && e.negotiationId === OPENAI)!;
/** The last day on which OpenAI's offer had not yet (definitely) been made. */
const beforeOffer = isoDay(intervalOf(openAiOffer.occurredAt)!.end - DAY_MS);
const regnierStatements = seed.filter((e) => e.type === 'StatementMade' && String(e.data.speaker.name).includes('Regnier'));
const openingOf = (id: string) => openings.find((o) => o.negotiationId === id)!;
/** The events of a stream whose occurredAt interval had started, not ended, by the end of a day: possibly happened by then (CONTRACT §2.2). */
const possibleAt = (id: string, day: string) =>
  seed.filter((e) => e.negotiationId === id && intervalOf(e.occurredAt).start <= endOf(day) && intervalOf(e.occurredAt).end > endOf(day));
/** The board's words for a stream's meetings, from its MeetingHeld counts (none: "none recorded"; no max: "at least"). */
function meetingWords(id: string): string {
  const counts = seed.filter((e) => e.negotiationId === id && e.type === 'MeetingHeld').map((e) => e.data.count ?? { min: 1, max: 1 });
  if (counts.length === 0) return 'none recorded';
  const min = counts.reduce((n, c) => n + c.min, 0);
  if (counts.some((c) => c.max === undefined)) return `at least ${min}`;
  const max = counts.reduce((n, c) => n + c.max, 0);
  return min === max ? String(min) : `${min}–${max}`;
}
/** A day in mid-May on which OpenAI's opening (no later than 11 May) had only possibly happened. */
const MID_MAY = '2026-05-05';
/** The first day on which OpenAI's opening had definitely happened. */
const openAiOpened = isoDay(intervalOf(openingOf(OPENAI).occurredAt).end);

const browserMissing = chromiumMissing();
if (browserMissing) console.warn(`dashboard e2e tests skipped: ${browserMissing}`);

const secret = () => randomBytes(16).toString('hex');

// Browser globals, used only in callbacks that run inside the page (the test project has no DOM types).
declare function getComputedStyle(element: unknown): { borderTopStyle: string };
declare const document: {
  body: { dataset: Record<string, string | undefined>; hasAttribute(name: string): boolean };
  documentElement: { scrollWidth: number; clientWidth: number };
};
declare const location: { search: string };
declare const sessionStorage: { getItem(key: string): string | null };
declare const localStorage: { length: number };

/** Waits until the page has rendered the view its address names. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.view === location.search && !document.body.hasAttribute('aria-busy'));
}

function watchErrors(page: Page, into: string[]): Page {
  page.on('pageerror', (error) => into.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) into.push(message.text());
  });
  page.on('dialog', (dialog) => {
    into.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

describe.skipIf(browserMissing !== undefined)('the dashboard of a Parley server holding the seed scenario, reads public', () => {
  const adminToken = secret();
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const missing = missingBuild();
    if (missing) throw new Error(missing);
    dir = mkdtempSync(join(tmpdir(), 'parley-web-e2e-'));
    server = await startParleyServer(`sqlite:${join(dir, 'parley.db')}`, {
      PARLEY_TOKENS: `admin:admin:${adminToken},reader:reader:${secret()}`,
      PARLEY_PUBLIC_READ: 'true',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string, viewport = { width: 1280, height: 1000 }): Promise<Page> {
    context = await browser.newContext({ viewport, locale: 'en-GB', acceptDownloads: true });
    page = watchErrors(await context.newPage(), pageErrors);
    await page.goto(`${server.url}${path}`);
    await settled(page);
    return page;
  }

  afterEach(async () => {
    await context?.close();
    expect(pageErrors).toEqual([]);
  });

  it('shows every negotiation on the board with its parties, meetings and open offers', async () => {
    await open(`/?negotiation=${OPENAI}`);
    const board = page.locator('#board-table');
    for (const opening of openings) {
      const row = board.locator(`tr[data-negotiation="${opening.negotiationId}"]`);
      await expect(row.innerText()).resolves.toContain(opening.data.title);
      for (const party of opening.data.parties) await expect(row.innerText()).resolves.toContain(party.org);
      await expect(row.locator('td').nth(2).innerText()).resolves.toBe(meetingWords(opening.negotiationId));
    }
    // The seed counts "four to five meetings" with Anthropic and none with OpenAI: "none recorded", not 0.
    expect([meetingWords(ANTHROPIC), meetingWords(OPENAI)]).toEqual(['4–5', 'none recorded']);
    await expect(page.locator('#negotiation .facts').innerText()).resolves.toMatch(/Meetings\s+none recorded/);
    const offer = board.locator(`[data-offer="${openAiOffer.data.offerId}"]`);
    await expect(offer.innerText()).resolves.toContain(openAiOffer.data.terms.model);
    await expect(page.locator('#negotiation-heading').innerText()).resolves.toBe(openings.find((o) => o.negotiationId === OPENAI)!.data.title);
    await expect(page.locator('#alerts').innerText()).resolves.toBe('');
    await page.screenshot({ path: join(ROOT, 'web/screenshot-board.png') });
  });

  it('loads the board with one request for the list and one for the totals, and reads the slider span without paging the log', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB' });
    page = watchErrors(await context.newPage(), pageErrors);
    const requested: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === server.url) requested.push(url.pathname);
    });
    await page.goto(`${server.url}/?negotiation=${OPENAI}`);
    await settled(page);
    await page.locator('#live-status[data-status="live"]').waitFor();
    const api = requested.filter((path) => /^\/(negotiations|dashboard|events|statements|access)\b/.test(path));
    expect(api.filter((path) => path === '/negotiations')).toHaveLength(1);
    expect(api.filter((path) => path === '/dashboard')).toHaveLength(1);
    // The only negotiation read on its own is the one opened; the seed has no corrections, so no raw log either.
    expect(api.filter((path) => path.startsWith('/negotiations/'))).toEqual(expect.arrayContaining([`/negotiations/${OPENAI}`, `/negotiations/${OPENAI}/timeline`]));
    expect(api.filter((path) => path.startsWith('/negotiations/'))).toHaveLength(2);
    expect(api.filter((path) => path === '/events')).toEqual([]);
    await expect(page.getByRole('slider', { name: 'World as of' }).isDisabled()).resolves.toBe(false);
    // One position per day from the first day the seed covers to the last, and one more for "now".
    // An open start (../2026-05-11) counts from its end: the span runs over the dates the seed does reach.
    const firstDay = Math.floor(Math.min(...seed.map((e) => firstFinite(intervalOf(e.occurredAt)))) / DAY_MS);
    const lastDay = Math.floor(Math.max(...seed.map((e) => lastFinite(intervalOf(e.occurredAt)))) / DAY_MS);
    await expect(page.getByRole('slider', { name: 'World as of' }).getAttribute('max')).resolves.toBe(String(lastDay - firstDay + 1));
  });

  it('fits a narrow window, its tables scrolling sideways on their own', async () => {
    await open(`/?negotiation=${ANTHROPIC}`, { width: 380, height: 800 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).resolves.toBe(true);
    const overflowing = await page.locator('.scroller').evaluateAll((boxes) => boxes.filter((box) => box.scrollWidth > box.clientWidth).length);
    expect(overflowing).toBeGreaterThan(0);
  });

  it('drops OpenAI\'s offer from the board when the slider is moved back to before it was made', async () => {
    await open('/');
    const offer = page.locator(`#board [data-offer="${openAiOffer.data.offerId}"]`);
    await expect(offer.count()).resolves.toBe(1);

    const slider = page.getByRole('slider', { name: 'World as of' });
    await slider.focus();
    await page.keyboard.press('End');
    const target = formatTimePoint(beforeOffer);
    for (let step = 0; step < 1000 && (await slider.getAttribute('aria-valuetext')) !== target; step++) await page.keyboard.press('ArrowLeft');
    await expect(slider.getAttribute('aria-valuetext')).resolves.toBe(target);
    await page.waitForURL(`**/?asOf=${beforeOffer}`);
    await settled(page);

    await expect(offer.count()).resolves.toBe(0);
    await expect(page.locator('#cut-summary').innerText()).resolves.toContain(target);
    await expect(page.locator('#live-status').getAttribute('data-status')).resolves.toBe('paused');
  });

  it('shows only what Parley had recorded by then when "as Parley knew it then" is switched on', async () => {
    const asOf = isoDay(intervalOf(openAiOffer.occurredAt)!.end);
    const count = async (query: string) => ((await (await fetch(`${server.url}/negotiations?${query}`)).json()) as { items: unknown[] }).items.length;
    await open(`/?asOf=${asOf}`);
    const rows = page.locator('#board tr[data-negotiation]');
    await expect(rows.count()).resolves.toBe(await count(`asOf=${asOf}`));
    await page.getByRole('checkbox', { name: 'As Parley knew it then' }).check();
    await page.waitForURL(`**/?asOf=${asOf}&knownAt=${asOf}`);
    await settled(page);
    await expect(rows.count()).resolves.toBe(await count(`asOf=${asOf}&knownAt=${asOf}`));
    await page.goBack();
    await settled(page);
    expect(new URL(page.url()).search).toBe(`?asOf=${asOf}`);
    await expect(page.getByRole('checkbox', { name: 'As Parley knew it then' }).isChecked()).resolves.toBe(false);
  });

  it('lists Thomas Regnier\'s statements when searching for "Regnier"', async () => {
    await open('/');
    await page.getByRole('searchbox', { name: 'Speaker' }).fill('Regnier');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/?speaker=Regnier');
    await settled(page);
    const rows = page.locator('#statements-table tbody tr');
    await expect(rows.count()).resolves.toBe(regnierStatements.length);
    for (const speaker of await rows.locator('td:nth-child(2)').allInnerTexts()) expect(speaker).toContain('Thomas Regnier');
    const shown = (await page.locator('#statements-table').innerText()).replace(/\s+/g, ' ');
    for (const statement of regnierStatements) expect(shown).toContain(String(statement.data.text).replace(/\s+/g, ' '));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export statements as CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toBe('occurredAt,speaker,org,role,kind,text,source,negotiation,status,confidence,note,certainty');
    expect(csv.slice(1).filter((line) => line.includes('Thomas Regnier'))).toHaveLength(regnierStatements.length);
  });

  it('shows an event appended through the API without reloading while the cut is now', async () => {
    await open('/');
    await page.locator('#live-status[data-status="live"]').waitFor();
    const text = `Recorded while the dashboard was open ${secret()}`;
    const response = await fetch(`${server.url}/negotiations/${ANTHROPIC}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'StatementMade',
        occurredAt: isoDay(Date.now() - 2 * DAY_MS),
        source: { publisher: 'Parley end-to-end test' },
        data: { speaker: { name: 'Test observer', org: 'Parley' }, text, kind: 'paraphrase' },
      }),
    });
    expect(response.status).toBe(201);
    await page.locator('#statements-table').getByText(text).waitFor();
  });

  it('opens a shared link on exactly the view it was copied from, and goes back through earlier views', async () => {
    await open('/');
    await page.getByLabel('Date', { exact: true }).fill(isoDay(intervalOf(openAiOffer.occurredAt)!.end));
    await page.getByLabel('Date', { exact: true }).dispatchEvent('change');
    await settled(page);
    await page.locator(`#board tr[data-negotiation="${ANTHROPIC}"] button`).click();
    await settled(page);
    await page.getByRole('searchbox', { name: 'Speaker' }).fill('Regnier');
    await page.getByRole('button', { name: 'Search' }).click();
    await settled(page);
    const link = page.url();
    const parts = ['#cut-summary', '#asof-output', '#board-table', '#negotiation', '#statements-table'];
    const original = await Promise.all(parts.map((selector) => page.locator(selector).innerText()));

    const shared = watchErrors(await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB' })).newPage(), pageErrors);
    await shared.goto(link);
    await settled(shared);
    expect(await Promise.all(parts.map((selector) => shared.locator(selector).innerText()))).toEqual(original);
    await expect(shared.getByRole('searchbox', { name: 'Speaker' }).inputValue()).resolves.toBe('Regnier');
    await shared.context().close();

    await page.goBack();
    await settled(page);
    expect(new URL(page.url()).searchParams.get('speaker')).toBeNull();
    expect(new URL(page.url()).searchParams.get('negotiation')).toBe(ANTHROPIC);
    await page.goForward();
    await settled(page);
    expect(page.url()).toBe(link);
  });

  it('reads a negotiation\'s raw log once for the corrections its timeline shows, and on from there for later ones', async () => {
    const meeting = seed.find((e) => e.type === 'MeetingHeld' && e.negotiationId === ANTHROPIC) as SeedLine & { id: string };
    const correct = async (format: string) => {
      const response = await fetch(`${server.url}/negotiations/${ANTHROPIC}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'EventCorrected', occurredAt: isoDay(Date.now()), data: { targetEventId: meeting.id, data: { format }, reason: `reported as ${format}` } }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { revision: number }).revision;
    };
    const firstCorrection = await correct('virtual');
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB' });
    page = watchErrors(await context.newPage(), pageErrors);
    const logReads: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === `/negotiations/${ANTHROPIC}/events`) logReads.push(url.searchParams.get('fromRevision') ?? '');
    });
    await page.goto(`${server.url}/?negotiation=${ANTHROPIC}`);
    await settled(page);
    const entry = page.locator(`#negotiation li[data-event-id="${meeting.id}"]`);
    await expect(entry.locator('details.correction').textContent()).resolves.toContain('Corrected by admin');
    await page.locator('#live-status[data-status="live"]').waitFor();

    await page.getByRole('searchbox', { name: 'Speaker' }).fill('Regnier');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/?negotiation=*&speaker=Regnier');
    await settled(page);
    expect(logReads).toEqual(['0']);

    await correct('in-person');
    await entry.locator('details.correction summary').getByText('2 corrections').waitFor();
    await expect(entry.locator('details.correction').textContent()).resolves.toContain('reported as in-person');
    expect(logReads).toEqual(['0', String(firstCorrection + 1)]);
  });

  async function setDate(day: string): Promise<void> {
    await page.getByLabel('Date', { exact: true }).fill(day);
    await page.getByLabel('Date', { exact: true }).dispatchEvent('change');
    await page.waitForURL(`**/?asOf=${day}*`);
    await settled(page);
  }

  it('shows the OpenAI talks as existing once their opening ("no later than 11 May") is definite, and as possibly open before', async () => {
    const opening = intervalOf(openingOf(OPENAI).occurredAt);
    // Given: a mid-May day inside the opening's interval, before its end.
    expect(opening.start <= endOf(MID_MAY) && endOf(MID_MAY) < opening.end).toBe(true);
    await open(`/?negotiation=${OPENAI}`);
    const row = page.locator(`#board tr[data-negotiation="${OPENAI}"]`);

    await setDate(openAiOpened);
    await expect(row.getAttribute('data-exists')).resolves.toBe('yes');
    await expect(row.innerText()).resolves.toContain(openingOf(OPENAI).data.title);
    await expect(row.innerText()).resolves.not.toContain('possibly open by then');
    await expect(page.locator('#negotiation-heading').innerText()).resolves.toBe(openingOf(OPENAI).data.title);
    await expect(page.locator('#negotiation-possibly').count()).resolves.toBe(0);

    await setDate(MID_MAY);
    // Not absent, not "does not exist": listed and marked in words.
    await expect(row.getAttribute('data-exists')).resolves.toBe('possibly');
    await expect(row.locator('td').nth(0).innerText()).resolves.toBe('possibly open by then');
    await expect(page.locator('#board-totals').innerText()).resolves.toContain(`${new Set(openings.filter((o) => intervalOf(o.occurredAt).end > endOf(MID_MAY)).map((o) => o.negotiationId)).size} possibly open by then`);
    await expect(page.locator('#negotiation-missing').count()).resolves.toBe(0);
    await expect(page.locator('#negotiation-possibly').innerText()).resolves.toContain('possibly open by then');
    await expect(page.locator('#negotiation-possibly').innerText()).resolves.toContain(formatTimePoint(openingOf(OPENAI).occurredAt));

    // Its pending events are listed under "Possibly by then".
    const pending = possibleAt(OPENAI, MID_MAY);
    expect(pending.length).toBeGreaterThan(0);
    await expect(page.locator('#pending-heading').innerText()).resolves.toBe(`Possibly by then (${pending.length})`);
    await expect(page.locator('#pending-list li').evaluateAll((items) => items.map((li) => li.getAttribute('data-event-id')))).resolves.toEqual(pending.map((e) => e.id));

    // Their timeline entries are marked in words and drawn dashed.
    const possible = page.locator('#negotiation ol.timeline li[data-certainty="possible"]');
    await expect(possible.evaluateAll((items) => items.map((li) => li.getAttribute('data-event-id')))).resolves.toEqual(pending.map((e) => e.id));
    for (const text of await possible.allInnerTexts()) expect(text).toContain('possibly by then');
    await expect(possible.first().evaluate((li) => getComputedStyle(li).borderTopStyle)).resolves.toBe('dashed');
  });

  it('lists the statements possibly made by then, marked in words, during the day they are dated', async () => {
    const cut = '2026-05-11T12:00:00Z';
    const possible = seed.filter((e) => e.type === 'StatementMade' && intervalOf(e.occurredAt).start <= endOf(cut) && intervalOf(e.occurredAt).end > endOf(cut));
    expect(possible.length).toBeGreaterThan(0);
    await open(`/?asOf=${encodeURIComponent(cut)}`);
    const rows = page.locator('#statements-table tbody tr[data-certainty="possible"]');
    await expect(rows.count()).resolves.toBe(possible.length);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('possibly by then');
  });

  it('shows each event\'s confidence, note and sources with their excerpts, and the offer\'s candidates apart', async () => {
    await open(`/?negotiation=${OPENAI}`);
    const opening = openingOf(OPENAI);
    const entry = page.locator(`#negotiation li[data-event-id="${opening.id}"]`);
    await expect(entry.locator('.badge-confidence-estimated').innerText()).resolves.toBe(opening.confidence);
    await expect(entry.locator('.note').innerText()).resolves.toBe(`Note: ${opening.note}`);
    const excerpts = opening.sources.filter((source) => source.excerpt).map((source) => `“${source.excerpt}”`);
    expect(excerpts.length).toBeGreaterThan(0);
    await expect(entry.locator('blockquote.excerpt').allInnerTexts()).resolves.toEqual(excerpts);
    await expect(entry.locator('li.source').count()).resolves.toBe(opening.sources.length);
    expect(await entry.locator('blockquote.excerpt').first().isVisible()).toBe(true);

    const offer = seed.find((e) => e.type === 'OfferMade' && e.negotiationId === OPENAI)!;
    const offers = await page.locator('#negotiation table').filter({ hasText: offer.data.offerId }).innerText();
    expect(offers).toContain(`candidates: ${offer.data.terms.candidateBeneficiaries.join(', ')}`);
  });

  it('names an unnamed speaker by their organisation, and exports the statement with an empty name', async () => {
    const unnamed = seed.find((e) => e.type === 'StatementMade' && e.data.speaker.name === undefined)!;
    await open('/');
    const row = page.locator('#statements-table tbody tr').filter({ has: page.getByText(`“${unnamed.data.text}”`, { exact: true }) });
    await expect(row.locator('td').nth(0).innerText()).resolves.toBe(`${unnamed.data.speaker.org} (unnamed speaker)`);
    await expect(row.innerText()).resolves.not.toContain(`${unnamed.data.speaker.org} (${unnamed.data.speaker.org})`);
    await expect(row.locator('.badge-confidence-estimated').innerText()).resolves.toBe(unnamed.confidence);
    await expect(row.locator('blockquote.excerpt').first().innerText()).resolves.toBe(`“${unnamed.sources.find((source) => source.excerpt)!.excerpt}”`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export statements as CSV' }).click()]);
    const line = readFileSync(await download.path(), 'utf8').split('\r\n').find((l) => l.includes(`,quote,${unnamed.data.text},`))!;
    expect(line.startsWith(`${unnamed.occurredAt},,${unnamed.data.speaker.org},`)).toBe(true);
  });

  it('names the checkpoint that proves the negotiation, its signature checked in the page, and downloads an evidence pack that verifies offline', async () => {
    const signed = await fetch(`${server.url}/proofs/checkpoint`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
    expect(signed.status).toBe(201);
    const checkpoint = (await signed.json()) as { size: number; time: string };
    await open(`/?negotiation=${OPENAI}`);
    const line = page.locator('#evidence-line');
    await line.locator('#evidence-checkpoint').waitFor();
    await expect(line.getAttribute('data-signature')).resolves.toBe('valid');
    await expect(line.locator('#evidence-checkpoint').innerText()).resolves.toMatch(new RegExp(`^Verified against checkpoint #${checkpoint.size} signed `));
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#evidence-download').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^parley-evidence-${OPENAI}-now_now\\.json$`));
    const report = verifyEvidence(readEvidencePack(readFileSync(await download.path())));
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('says in the alert region what the server found wrong with a malformed cut', async () => {
    await open('/?asOf=last-tuesday');
    const problem = (await (await fetch(`${server.url}/negotiations?asOf=last-tuesday`)).json()) as { title: string; detail?: string };
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain(problem.title);
    if (problem.detail) expect(alert).toContain(problem.detail);
  });
});

describe.skipIf(browserMissing !== undefined)('the dashboard of a Parley server whose reads need a token', () => {
  const readerToken = secret();
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const missing = missingBuild();
    if (missing) throw new Error(missing);
    dir = mkdtempSync(join(tmpdir(), 'parley-web-e2e-'));
    server = await startParleyServer(`sqlite:${join(dir, 'parley.db')}`, {
      PARLEY_TOKENS: `admin:admin:${secret()},reader:reader:${readerToken}`,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a token with a form, refuses a wrong one and shows the data once given the right one', async () => {
    const errors: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB' });
    const page = watchErrors(await context.newPage(), errors);
    await page.goto(server.url);
    const input = page.getByRole('textbox', { name: 'Access token' });
    await input.waitFor();
    await expect(page.locator('#board tr[data-negotiation]').count()).resolves.toBe(0);

    await input.fill('not-a-token');
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.getByText('That token was not accepted').waitFor();

    await input.fill(readerToken);
    await page.keyboard.press('Enter');
    await settled(page);
    await expect(page.locator('#token-panel').isHidden()).resolves.toBe(true);
    for (const opening of openings) await page.locator(`#board tr[data-negotiation="${opening.negotiationId}"]`).waitFor();
    // The live feed authenticates with ?access_token=, as EventSource cannot send headers.
    await page.locator('#live-status[data-status="live"]').waitFor();
    await expect(page.evaluate(() => [sessionStorage.getItem('parley.token'), localStorage.length])).resolves.toEqual([readerToken, 0]);
    await expect(page.locator('#alerts').innerText()).resolves.toBe('');
    await context.close();
    expect(errors).toEqual([]);
  });
});
