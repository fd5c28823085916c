import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../web/chromium.js';
import { startTestServer, type TestServer } from './harness.js';

const missing = chromiumMissing();
if (missing) console.warn(`docs e2e skipped: ${missing}`);

describe.skipIf(missing !== undefined)('the API reference page in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renders every operation from /openapi.json, loading nothing from elsewhere and breaking no CSP rule', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('.opblock-summary-path');
    expect(await page.locator('.info .title').innerText()).toContain('Parley');
    const paths = await page.locator('.opblock-summary-path').allInnerTexts();
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/negotiations/{id}/events', '/events/live', '/audit/verify']));
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
