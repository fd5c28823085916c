import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionFold } from '../../src/domain/decisionState.js';
import { ReadProjector } from '../../src/app/readProjector.js';
import { StreamCache } from '../../src/app/streamCache.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { fillNegotiation } from '../support/bigStore.js';
import { chromiumMissing, launchChromium } from './chromium.js';
import { missingBuild, startParleyServer, type RunningServer } from './parleyServer.js';

/** A generated store of 50,000 events: more negotiations and statements than a page holds. */
const NEGOTIATIONS = 250;
const EVENTS_EACH = 200;
/** CONTRACT §4.1: a list answers 100 items unless asked for more. */
const PAGE = 100;

const browserMissing = chromiumMissing();
if (browserMissing) console.warn(`paged dashboard e2e tests skipped: ${browserMissing}`);

// Browser globals, used only in callbacks that run inside the page (the test project has no DOM types).
declare const document: { body: { dataset: Record<string, string | undefined>; hasAttribute(name: string): boolean } };
declare const location: { search: string };

describe.skipIf(browserMissing !== undefined)(`the dashboard of a Parley server holding ${NEGOTIATIONS * EVENTS_EACH} events in ${NEGOTIATIONS} negotiations`, { timeout: 300_000 }, () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const missing = missingBuild();
    if (missing) throw new Error(missing);
    dir = mkdtempSync(join(tmpdir(), 'parley-pages-e2e-'));
    const path = join(dir, 'parley.db');
    const store = new SqliteEventStore(path);
    for (let n = 0; n < NEGOTIATIONS; n++) await fillNegotiation(store, `filled-${String(n).padStart(3, '0')}`, EVENTS_EACH);
    // Indexed before the server starts, as `parley rebuild` would: the board reads the tables from its first request.
    await new ReadProjector(store, new StreamCache(store, decisionFold)).catchUp();
    await store.close();
    server = await startParleyServer(`sqlite:${path}`, { PARLEY_PUBLIC_READ: 'true', PARLEY_TOKENS: `admin:admin:${'a'.repeat(32)}` });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => document.body.dataset.view === location.search && !document.body.hasAttribute('aria-busy'));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const boardIds = () => page.locator('#board-table tbody tr').evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { negotiation: string } }).dataset.negotiation));

  it('shows the first page of the board, with the totals of the whole store, and reads on page by page until every negotiation is listed once', async () => {
    await expect(page.locator('#board-totals').innerText()).resolves.toContain(String(NEGOTIATIONS));
    expect(await boardIds()).toHaveLength(PAGE);
    const more = page.locator('[data-more="negotiations"]');
    await expect(page.locator('.more-status').first().innerText()).resolves.toContain(`${PAGE} shown`);
    for (let shown = PAGE * 2; shown < NEGOTIATIONS + PAGE; shown += PAGE) {
      await more.click();
      await page.locator('#board-table tbody tr').nth(Math.min(shown, NEGOTIATIONS) - 1).waitFor();
    }
    const ids = await boardIds();
    expect(ids).toHaveLength(NEGOTIATIONS);
    expect(new Set(ids).size).toBe(NEGOTIATIONS);
    expect(ids).toEqual([...ids].sort());
    await expect(more.count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('lists the first page of statements, says there are more, and adds the next page below on "Show more"', async () => {
    const rows = page.locator('#statements-table tbody tr');
    expect(await rows.count()).toBe(PAGE);
    await expect(page.locator('#statements-table caption').innerText()).resolves.toContain(`${PAGE}+ statements`);
    const first = await rows.allInnerTexts();
    await page.locator('[data-more="statements"]').click();
    await rows.nth(2 * PAGE - 1).waitFor();
    const both = await rows.allInnerTexts();
    expect(both.slice(0, PAGE)).toEqual(first);
    expect(new Set(both).size).toBe(2 * PAGE);
    expect(pageErrors).toEqual([]);
  });

  it('opens a negotiation with its whole timeline in one page', async () => {
    await page.locator('#board-table tbody tr').first().locator('button').first().click();
    await page.waitForFunction(() => document.body.dataset.view === location.search && !document.body.hasAttribute('aria-busy'));
    await expect(page.locator('#negotiation ol.timeline > li[data-event-id]').count()).resolves.toBe(EVENTS_EACH);
    await expect(page.locator('[data-more="timeline"]').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
