/**
 * The public site in real headless Chromium (Debian's, through playwright-core),
 * published by the real publish function into s3rver and served by the local
 * feed server: the home page, a tag page and an article page whose lead image
 * comes from an https server on loopback; the feed autodiscovery link; the
 * withdrawn page (410). Each page is checked with axe-core (no serious or
 * critical violation), for Content-Security-Policy reports (none: the JSON-LD
 * block is data, not script) and for a 320 px wide screen (no sideways scroll).
 * One browser launch for the whole file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBrandAssets, drawBrandPng } from '../../functions/core/feeds/brand.ts';
import { composePublish, handleStreamEvent } from '../../functions/publish/handler.ts';
import { startApiServer, type ApiServer } from '../../infra/local/api/server.ts';
import { chromiumMissing, launchChromium, type Chromium } from '../support/chromium.ts';
import { useLocalServices } from '../support/services.ts';
import { makeArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { articleWriter } from './stream-events.ts';

/** A throwaway self-signed certificate for 127.0.0.1, made by openssl; undefined when openssl is absent. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'site-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const certificate = chromiumMissing ? undefined : selfSignedCertificate();
const skipReason = chromiumMissing ?? (certificate ? undefined : 'openssl is not installed: cannot serve the https test image, browser tests skipped');

describe.skipIf(skipReason !== undefined)('the public site in Chromium', () => {
  let api: ApiServer;
  let images: Server;
  let browser: Chromium;
  let publish: (article: Parameters<ReturnType<typeof articleWriter>>[0]) => Promise<void>;
  const photo = drawBrandPng(defaultBrandAssets.logo);
  let article: ReturnType<typeof makeArticle>;
  const cspReports: string[] = [];

  beforeAll(async () => {
    const services = await useLocalServices('site-browser');
    api = await startApiServer({ port: 0, functions: () => Promise.reject(new Error('no API routes in this test')), s3: services.s3, bucket: services.bucketName, readiness: () => ({}) });
    images = createServer(certificate!, (_req, res) => res.writeHead(200, { 'content-type': 'image/png', 'content-length': photo.length }).end(photo));
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    const imageUrl = `https://127.0.0.1:${(images.address() as AddressInfo).port}/bridge.png`;

    const deps = composePublish({ ...process.env, FEEDS_BASE_URL: api.url, PUBLIC_BASE_URL: api.url }, async () => undefined);
    const write = articleWriter(services);
    publish = async (a) => {
      expect(await handleStreamEvent(await write(a), deps)).toEqual({ batchItemFailures: [] });
    };
    article = makeArticle({
      id: 'browser-1',
      headline: 'Engineers reopen the Tabqa bridge',
      standfirst: 'The crossing carries aid convoys again.',
      byline: 'Jane Roe',
      tags: tagsFor(['opslens', 'syria', 'tabqa']),
      media: [{ url: imageUrl, role: 'lead', mediaType: 'image/png', width: defaultBrandAssets.logo.width, height: defaultBrandAssets.logo.height, alt: 'The rebuilt bridge deck', caption: 'Trucks cross at dawn', credit: 'OpsLens' }],
      publishedAt: '2024-08-01T09:00:00.000Z',
      updatedAt: '2024-08-01T09:00:00.000Z',
    });
    await publish(article);
    await publish(makeArticle({ id: 'browser-2', headline: 'Water levels rise behind the dam', tags: tagsFor(['opslens', 'syria']), publishedAt: '2024-07-30T09:00:00.000Z', updatedAt: '2024-07-30T09:00:00.000Z' }));

    browser = await launchChromium({ viewport: { width: 320, height: 640 }, ignoreHTTPSErrors: true });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => images?.close(resolve));
    await api?.close();
  });

  async function open(path: string): Promise<{ page: Page; status: number }> {
    const page = await browser.context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspReports.push(`${path}: ${message.text()}`);
    });
    const response = await page.goto(`${api.url}${path}`);
    return { page, status: response?.status() ?? 0 };
  }

  async function seriousViolations(page: Page): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page }).analyze();
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  }

  // Browser-side expressions are strings: this project compiles without the DOM library.
  /** True when the page is wider than the screen (a 320 px phone would scroll sideways). */
  const scrollsSideways = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

  it('shows the home page with the latest articles, accessible at 320 px', async () => {
    const { page, status } = await open('/pages/');
    expect(status).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Latest articles');
    expect(await page.locator('main h2 a').allTextContents()).toEqual(['Engineers reopen the Tabqa bridge', 'Water levels rise behind the dam']);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
    await page.close();
  });

  it('follows the feed autodiscovery link of a tag page to its feed', async () => {
    const { page, status } = await open('/pages/tags/syria.html');
    expect(status).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Syria');
    expect(await seriousViolations(page)).toEqual([]);
    const href = await page.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute('href');
    expect(href).toBe(`${api.url}/feeds/tags/syria.rss`);
    const feed = await browser.context.request.get(href!);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(await feed.text()).toContain('<title>Engineers reopen the Tabqa bridge</title>');
    await page.close();
  });

  it('shows an article page with its lead image loaded, tags linking to their pages, and focus visible', async () => {
    const { page, status } = await open('/pages/articles/browser-1.html');
    expect(status).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(article.headline);
    const image = page.locator('figure img');
    await image.evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
    expect(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(defaultBrandAssets.logo.width);
    expect(await page.locator('figcaption').textContent()).toBe('Trucks cross at dawn Credit: OpsLens');
    expect(await page.locator('script[type="application/ld+json"]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);

    await page.keyboard.press('Tab'); // the skip link first
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to main content');
    // GOV.UK's focus colour: yellow behind the focused link.
    expect(await page.evaluate<string>('getComputedStyle(document.activeElement).backgroundColor')).toBe('rgb(255, 221, 0)');

    await page.locator('.tags a', { hasText: 'Tabqa' }).click();
    await page.waitForURL(`${api.url}/pages/tags/tabqa.html`);
    expect(await page.locator('h1').textContent()).toBe('Tabqa');
    await page.close();
  });

  it('answers 410 with a clear withdrawn page after a kill', async () => {
    await publish({ ...article, version: 2, status: 'withdrawn', withdrawnAt: '2024-08-02T10:00:00.000Z', updatedAt: '2024-08-02T10:00:00.000Z' });
    const { page, status } = await open('/pages/articles/browser-1.html');
    expect(status).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('This article has been withdrawn');
    expect(await page.locator('body').textContent()).not.toContain('Tabqa bridge');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('never trips the Content-Security-Policy', () => {
    expect(cspReports).toEqual([]);
  });
});

if (skipReason) describe('the public site in Chromium', () => it.skip(skipReason, () => undefined));
