/**
 * The console, used in real headless Chromium against `npm start` (its own
 * port and data folder), with a loopback receiver that verifies every webhook
 * with the `standardwebhooks` package. One browser and one runtime for the
 * file; the steps build on each other, as an operator's session would.
 * Every screen visited is checked with axe-core and photographed into
 * `.screenshots/`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devAdminKey } from '../../infra/local/env.ts';
import { contentSecurityPolicy } from '../../functions/console/handler.ts';
import { chromiumMissing, launchChromium, type Chromium } from '../support/chromium.ts';
import { readReferenceArticle } from '../support/shared.ts';
import { contractRecorder } from '../local/support/contract-recorder.ts';
import { freePort, npmStart, waitFor, waitHealthy, type StartedRuntime } from '../local/support/npm-start.ts';
import { startReceiver, type Receiver } from '../local/support/receiver.ts';
import { checkScreen, expectAccessible, open, signIn } from './browser.ts';

if (chromiumMissing) console.warn(`console: ${chromiumMissing}`);

let dataDir: string;
let runtime: StartedRuntime;
let receiver: Receiver;
let browser: Chromium;
let page: Page;
let subscriptionId: string;
const cspViolations: string[] = [];

async function api(path: string, init: RequestInit = {}, key = devAdminKey): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function publish(text: string): Promise<string> {
  const res = await api('/articles', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text });
  expect(res.status).toBe(201);
  return String(res.body.id);
}

const contract = contractRecorder();
const pendingChecks: Promise<void>[] = [];

const variant = (n: number) => `${readReferenceArticle().trimEnd()}\n\nUpdate ${n}: a further paragraph added for the console tests.\n`;

describe.skipIf(chromiumMissing !== undefined)('the console in Chromium, against npm start', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'syndicate-console-'));
    receiver = await startReceiver();
    // Two quick retries, so a failing endpoint's attempts run out within seconds.
    runtime = await npmStart({ port: await freePort(), dataDir, env: { WEBHOOK_RETRY_SCHEDULE: '1,1' } });
    await waitHealthy(runtime);
    browser = await launchChromium();
    // Every answer the console gets from the API, in any tab, is held to the OpenAPI document.
    browser.context.on('response', (response) => {
      const request = response.request();
      if (!response.url().startsWith(runtime.apiUrl) || request.resourceType() !== 'fetch') return;
      pendingChecks.push(
        response.text().then(
          (text) => contract.record(request.method(), response.url(), response.status(), response.headers()['content-type'] ?? null, text),
          () => undefined, // the tab navigated away before the body arrived
        ),
      );
    });
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    await receiver?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is served under /console with a policy that allows no inline script, and the start banner names it', async () => {
    const res = await fetch(`${runtime.apiUrl}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/console/app.js">']);
    await waitFor('the start banner', async () => (runtime.output().includes('Ctrl-C stops everything') ? true : undefined), 60_000);
    expect(runtime.output()).toMatch(new RegExp(`console +${runtime.apiUrl}/console`));
  });

  it('signs in by keyboard with the admin key, keeps it in this tab only and says what it may do', async () => {
    await open(page, runtime.apiUrl, '#/');
    await checkScreen(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.error-summary').innerText()).toContain('Enter your API key');

    await signIn(page, runtime.apiUrl, devAdminKey);
    expect(await page.getByTestId('role').innerText()).toBe('Administrator');
    // Focus moves to the new screen's heading, as a page load would put it at the top.
    await expect.poll(() => page.evaluate('document.activeElement.id')).toBe('page-title');
    expect(await page.getByTestId('abilities').innerText()).toContain('register publishers');
    // What the key may do comes from GET /me, not from probing routes.
    expect(await page.getByTestId('whose').innerText()).toMatch(/^The administrator key\. This key reaches everything/);
    // Evaluated in the page (a string: the browser's globals are not in this file's types).
    const storage = (await page.evaluate('({ session: JSON.stringify(sessionStorage), local: JSON.stringify(localStorage), cookie: document.cookie })')) as {
      session: string;
      local: string;
      cookie: string;
    };
    expect(storage.session).toContain(devAdminKey);
    expect(storage.local).not.toContain(devAdminKey);
    expect(storage.cookie).toBe('');
    expect(page.url()).not.toContain(devAdminKey);
    await checkScreen(page, 'home');
  });

  it('creates a subscription to the loopback receiver; the secret, shown once, verifies deliveries', async () => {
    await open(page, runtime.apiUrl, '#/subscriptions/new');
    await checkScreen(page, 'subscription-new');
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    // Markup in any field is shown as text, never run or rendered.
    await page.getByLabel('Description (optional)').fill('<img src=x onerror="document.title=1"> console test');
    await page.getByRole('button', { name: 'Create subscription' }).click();
    const secret = await page.getByTestId('secret').innerText();
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await checkScreen(page, 'subscription-created');
    await page.getByRole('link', { name: 'Go to the subscription' }).click();
    await page.getByText('console test').first().waitFor();
    subscriptionId = decodeURIComponent(page.url().split('#/subscriptions/')[1]!);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.getByText('<img src=x onerror="document.title=1"> console test').count()).toBe(1);
    await checkScreen(page, 'subscription');
  });

  it('shows a published article’s delivery appear in the log without a reload', async () => {
    await open(page, runtime.apiUrl, `#/subscriptions/${encodeURIComponent(subscriptionId)}/deliveries`);
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    const articleId = await publish(readReferenceArticle());
    const [webhook] = await waitFor('the article at the receiver', async () => {
      const got = receiver.received.filter((w) => w.data.id === articleId);
      return got.length > 0 ? got : undefined;
    }, 60_000);
    await page.locator(`tr[data-webhook-id="${webhook!.webhookId}"][data-outcome="delivered"]`).waitFor({ timeout: 30_000 });
    expect(receiver.rejected).toBe(0);
    await expect.poll(() => page.getByTestId('success-rate').innerText()).toBe('100%');
    await checkScreen(page, 'deliveries');
  }, 90_000);

  it('shows the failures and the health change when the receiver fails', async () => {
    receiver.failWith = 500; // not 503: throttling answers wait at least a minute
    await publish(variant(1));
    // The first attempt and both retries fail; the log fills in as they happen, ending in "give up".
    await page.locator('tr[data-outcome="give_up"]').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('tr[data-outcome="retry"]').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('success-rate').innerText(), { timeout: 10_000 }).not.toBe('100%');
    expect(await page.getByTestId('last-error').innerText()).toMatch(/500/);
    // Three failures in a row (the first attempt and two retries): fewer than the breaker's five, so it stays closed.
    expect(await page.getByTestId('circuit').innerText()).toMatch(/^closed/);
    const failed = page.locator('tr[data-outcome="give_up"]').first();
    await failed.getByText(/^Attempt/).click();
    expect(await failed.innerText()).toContain('the receiver is down for a test');
    await checkScreen(page, 'deliveries-failing');

    // The filters live in the URL: failed attempts only, then back to everything.
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=failed/);
    await expect.poll(() => page.locator('tr[data-outcome="delivered"]').count()).toBe(0);
    expect(await page.locator('tr[data-outcome="retry"]').count()).toBeGreaterThanOrEqual(2);
    // The API filters: only article.published events were sent, so the withdrawals filter finds none.
    await page.getByLabel('Event type').selectOption('article.withdrawn');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByTestId('no-attempts').waitFor();
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.locator('tr[data-outcome="delivered"]').first().waitFor();
  }, 90_000);

  it('replays the failed delivery with its webhook-id once the receiver is back', async () => {
    receiver.failWith = undefined;
    const failedRow = page.locator('tr[data-outcome="give_up"]').first();
    const webhookId = String(await failedRow.getAttribute('data-webhook-id'));
    await failedRow.getByRole('button', { name: /^Replay delivery/ }).click();
    await page.getByText(/1 delivery queued to be sent again/).waitFor();
    await waitFor('the replayed webhook', async () => (receiver.received.some((w) => w.webhookId === webhookId) ? true : undefined), 60_000);
    await checkScreen(page, 'deliveries-replayed');

    const before = receiver.received.length;
    await page.getByRole('button', { name: 'Replay since this time' }).click();
    await page.getByText(/deliveries queued to be sent again/).waitFor();
    await waitFor('the deliveries of the last hour again', async () => (receiver.received.length >= before + 2 ? true : undefined), 60_000);
  }, 120_000);

  it('rotates the secret, showing the grace period, and deliveries still verify while the receiver switches over', async () => {
    await open(page, runtime.apiUrl, `#/subscriptions/${encodeURIComponent(subscriptionId)}`);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('button', { name: 'Yes, rotate the secret' }).click();
    const secret = await page.getByTestId('secret').innerText();
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(receiver.secret);
    expect(await page.getByTestId('grace').innerText()).toMatch(/previous secret keeps signing until \d+ \w+ \d{4}/);
    await expect.poll(() => page.getByTestId('secrets').innerText()).toContain('grace period');
    await checkScreen(page, 'subscription-rotated');

    // As a partner would during the grace period: the new secret first, the old one still accepted
    // (the deliver function may sign with the subscription it cached before the rotation for a few seconds).
    receiver.previousSecret = receiver.secret;
    receiver.secret = secret;
    const id = await publish(variant(2));
    await waitFor('the next delivery, verified', async () => (receiver.received.some((w) => w.data.id === id) ? true : undefined), 60_000);
    expect(receiver.rejected).toBe(0);
  }, 90_000);

  it('disables and enables the subscription', async () => {
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('heading', { name: 'Subscription disabled' }).waitFor();
    await expect.poll(() => page.locator('.summary-list .tag').first().innerText()).toBe('disabled');
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('heading', { name: 'Subscription enabled' }).waitFor();
    await expect.poll(() => page.locator('.summary-list .tag').first().innerText()).toBe('active');
  });

  it('sends a test event and shows the endpoint’s answer; the log marks it as a test and the health leaves it out', async () => {
    await page.getByLabel('Event type').selectOption('article.updated');
    await page.getByRole('button', { name: 'Send test event' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('accepted the test event');
    const text = await result.innerText();
    const webhookId = /msg_test_[0-9a-f]+/.exec(text)?.[0];
    expect(webhookId).toBeDefined();
    const got = receiver.received.find((w) => w.webhookId === webhookId);
    expect(got).toMatchObject({ type: 'article.updated', data: { test: true } });
    expect(receiver.rejected).toBe(0);
    await checkScreen(page, 'subscription-tested');

    const before = await api(`/subscriptions/${encodeURIComponent(subscriptionId)}/stats`);
    await open(page, runtime.apiUrl, `#/subscriptions/${encodeURIComponent(subscriptionId)}/deliveries`);
    await page.locator(`tr[data-webhook-id="${webhookId}"][data-test="true"]`).waitFor();
    await expect.poll(() => page.getByTestId('attempt-count').innerText()).toBe(String(before.body.attempts));
    expect(before.body.attempts).toBeGreaterThan(0);
  });

  it('shows a partner key only its own subscriptions', async () => {
    await open(page, runtime.apiUrl, '#/partners');
    await page.getByLabel('Id', { exact: true }).fill('console-partner');
    await page.getByLabel('Name', { exact: true }).fill('Console Partner');
    await page.getByRole('button', { name: 'Register partner' }).click();
    const key = await page.getByTestId('secret').innerText();
    expect(key).toMatch(/^synd_/);
    await checkScreen(page, 'partners');
    const own = await api('/subscriptions', { method: 'POST', body: JSON.stringify({ url: `${receiver.url}/partner`, description: 'the partner’s own' }) }, key);
    expect(own.status).toBe(201);

    const tab = await browser.context.newPage();
    try {
      await signIn(tab, runtime.apiUrl, key, '#/subscriptions');
      expect(await tab.getByTestId('role').innerText()).toBe('Partner');
      await open(tab, runtime.apiUrl, '#/');
      expect(await tab.getByTestId('whose').innerText()).toBe('Console Partner (console-partner). This key reaches its own subscriptions: create, change, test and delete them, and read and replay their deliveries.');
      await open(tab, runtime.apiUrl, '#/subscriptions');
      await tab.getByRole('table').waitFor();
      const text = await tab.locator('main').innerText();
      expect(text).toContain(`${receiver.url}/partner`);
      expect(text).not.toContain('console test');
      await expectAccessible(tab, 'subscriptions as partner');
      // Another partner's subscription is not found by URL either.
      await open(tab, runtime.apiUrl, `#/subscriptions/${encodeURIComponent(subscriptionId)}`);
      await tab.getByText(/Could not load this/).waitFor();
    } finally {
      await tab.close();
    }
  });

  it('shows new deliveries on the live view as they happen', async () => {
    await open(page, runtime.apiUrl, `#/live?subscription=${encodeURIComponent(subscriptionId)}`);
    await page.getByTestId('live-rows').waitFor();
    const id = await publish(variant(3));
    await waitFor('the delivery at the receiver', async () => (receiver.received.some((w) => w.data.id === id) ? true : undefined), 60_000);
    await page.locator('tr.new-row').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('live-announcement').innerText()).toMatch(/new attempt/);
    await checkScreen(page, 'live');
  }, 90_000);

  it('searches articles, opens one with its notes and versions, and withdraws it after confirming', async () => {
    const id = await publish(variant(4));
    await open(page, runtime.apiUrl, '#/articles');
    await page.getByLabel('Tag id').fill('raqqa');
    await page.getByLabel('Publisher id').fill('opslens');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Search by a tag or by a publisher, not both').first().waitFor();
    await page.getByLabel('Publisher id').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/#\/articles\?tag=raqqa$/);
    await page.getByRole('table').waitFor();
    await checkScreen(page, 'articles');
    await open(page, runtime.apiUrl, `#/articles/${encodeURIComponent(id)}`);
    await page.getByRole('heading', { name: 'Versions' }).waitFor();
    expect(await page.getByTestId('notes').innerText()).toMatch(/repeat/);
    await checkScreen(page, 'article');
    await page.getByRole('button', { name: 'Withdraw article' }).click();
    await expectAccessible(page, 'article, confirming withdrawal');
    await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
    await page.getByRole('heading', { name: 'Article withdrawn' }).waitFor();
    await expect.poll(() => page.locator('.summary-list .tag').first().innerText()).toBe('withdrawn');
  }, 60_000);

  it('lists the publishers from GET /publishers: one registered through the API, and one first seen in a sample', async () => {
    const registered = await api('/publishers', { method: 'POST', body: JSON.stringify({ id: 'api-gazette', name: 'API Gazette' }) });
    expect(registered.status).toBe(201);
    await open(page, runtime.apiUrl, '#/publishers');
    const row = page.getByRole('row').filter({ hasText: 'api-gazette' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/API Gazette[\s\S]*active[\s\S]*key_[0-9a-f]{12}/);
    // The samples name OpsLens on their first line: registered on first sight, with no key yet.
    expect(await page.getByRole('row').filter({ hasText: 'opslens' }).innerText()).toMatch(/no key/);
    expect(await page.getByTestId('derived').count()).toBe(0);
    await expectAccessible(page, 'publishers, listed');
  }, 60_000);

  it('registers a publisher, whose key is shown once and signs in as a publisher, and rotates that key', async () => {
    await open(page, runtime.apiUrl, '#/publishers');
    await page.getByRole('heading', { name: 'Register a publisher' }).waitFor();
    await page.getByLabel('Id', { exact: true }).fill('console-press');
    await page.getByLabel('Name', { exact: true }).fill('Console Press');
    await page.getByRole('button', { name: 'Register publisher' }).click();
    const key = await page.getByTestId('secret').innerText();
    expect(key).toMatch(/^synd_/);
    await page.getByRole('row').filter({ hasText: 'console-press' }).waitFor();
    await checkScreen(page, 'publishers');
    const own = await api('/articles', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Console Press\n\nA short report for the console tests\n\nOne paragraph, enough to publish.\n' }, key);
    expect(own.status).toBe(201);

    const tab = await browser.context.newPage();
    try {
      await signIn(tab, runtime.apiUrl, key);
      expect(await tab.getByTestId('role').innerText()).toBe('Publisher');
      expect(await tab.getByRole('navigation', { name: 'Sections' }).innerText()).toBe('Articles');
    } finally {
      await tab.close();
    }

    await open(page, runtime.apiUrl, '#/');
    await open(page, runtime.apiUrl, '#/publishers');
    await page.getByRole('button', { name: 'Rotate key, console-press' }).click();
    await page.getByRole('button', { name: 'Yes, rotate it' }).click();
    await page.getByRole('heading', { name: 'New API key for console-press' }).waitFor();
    const rotated = await page.getByTestId('secret').innerText();
    expect(rotated).not.toBe(key);
    expect((await api('/articles', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }, key)).status).toBe(401);
  }, 60_000);

  it('works at 360 px wide: nothing wider than the screen, and every screen still passes axe', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      for (const [name, hash] of [['mobile-deliveries', `#/subscriptions/${encodeURIComponent(subscriptionId)}/deliveries`], ['mobile-articles', '#/articles']] as const) {
        await open(page, runtime.apiUrl, hash);
        await page.getByRole('table').first().waitFor();
        expect(await page.evaluate('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(360);
        await checkScreen(page, name);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 60_000);

  it('lists subscriptions, and deletes one behind a confirmation', async () => {
    await open(page, runtime.apiUrl, '#/subscriptions');
    await page.getByRole('table').waitFor();
    await checkScreen(page, 'subscriptions');
    await open(page, runtime.apiUrl, `#/subscriptions/${encodeURIComponent(subscriptionId)}`);
    await page.getByRole('button', { name: 'Delete subscription' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.waitForURL(/#\/subscriptions$/);
    expect((await api(`/subscriptions/${encodeURIComponent(subscriptionId)}`)).status).toBe(404);
  });

  it('has no policy violations on any screen visited', () => {
    expect(cspViolations).toEqual([]);
  });

  it('got only answers the OpenAPI document describes, for every call the screens made', async () => {
    await Promise.all(pendingChecks);
    expect(contract.problems).toEqual([]);
    expect(contract.checked).toBeGreaterThan(20);
    // The publishers screen lists from the directory route, and its answers matched the document.
    expect(contract.routesSeen).toContain('GET /publishers');
  });
});
