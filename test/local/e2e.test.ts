/**
 * The local runtime end to end, driven as a user drives it: `npm start` in a
 * child process on a free port, then only HTTP (and one S3 upload into
 * inbox/, as `aws s3 cp` would do). Skipped, with a message, until all four
 * handlers exist.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parseAtomFeed, parseRssFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidV5 } from '#core/feeds/ids.ts';
import { devAdminKey } from '../../infra/local/env.ts';
import { functionNames, handlerPath } from '../../infra/local/functions.ts';
import { samplesDir } from '../../infra/local/samples.ts';
import { s3ClientFor } from '../../infra/local/services.ts';
import { readReferenceArticle } from '../support/shared.ts';
import { contractRecorder } from './support/contract-recorder.ts';
import { freePort, npmStart, waitFor, waitHealthy, type StartedRuntime } from './support/npm-start.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';

const missing = functionNames.filter((name) => !existsSync(handlerPath(name)));
if (missing.length > 0) console.warn(`e2e: skipped until these handlers exist: ${missing.map(handlerPath).join(', ')}`);

interface JsonFeed {
  items: Array<{ id: string; title?: string; content_html?: string }>;
}

const auth = { authorization: `Bearer ${devAdminKey}` };
let dataDir: string;
let port: number;
let runtime: StartedRuntime;
let receiver: Receiver;

const contract = contractRecorder();

async function api(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${runtime.apiUrl}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
  const text = await res.text();
  contract.record(init.method ?? 'GET', res.url, res.status, res.headers.get('content-type'), text);
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function feed(path = '/feeds/all.json'): Promise<JsonFeed> {
  const res = await fetch(`${runtime.apiUrl}${path}`);
  return res.status === 200 ? ((await res.json()) as JsonFeed) : { items: [] };
}

// An entry's permanent id: the legacy tag: form for articles published before the id cutover, else its UUID.
const itemOf = (f: JsonFeed, articleId: string) =>
  f.items.find((i) => i.id.endsWith(`article/${encodeURIComponent(articleId)}`) || i.id === `urn:uuid:${uuidV5(`article/${articleId}`)}`);
/** A listing page's HTML, or '' while it is not there. */
async function sitePage(path: string): Promise<string> {
  const res = await fetch(`${runtime.apiUrl}${path}`);
  return res.status === 200 ? res.text() : '';
}
const listed = (html: string, articleId: string) => html.includes(`/pages/articles/${articleId}.html`);
const eventsFor = (articleId: string) => receiver.received.filter((w) => w.data.id === articleId);

describe.skipIf(missing.length > 0)('npm start, end to end', () => {
  let articleId: string;
  let subscriptionId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'syndicate-e2e-'));
    port = await freePort();
    receiver = await startReceiver();
    // The page pass gathers a second of publish's messages here (a minute as deployed).
    runtime = await npmStart({ port, dataDir, env: { WEBHOOK_RETRY_SCHEDULE: '1,1,2', SYNDICATE_PAGES_WINDOW_SECONDS: '1' } });
    await waitHealthy(runtime);
  }, 180_000);

  afterAll(async () => {
    await runtime?.stop();
    await receiver?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes the sample articles on first start, so the feeds are not empty', async () => {
    const samples = existsSync(samplesDir) ? readdirSync(samplesDir).length : 0;
    if (samples === 0) return;
    const all = await waitFor('the samples in the feed', async () => ((await feed()).items.length > 0 ? feed() : undefined), 60_000);
    expect(all.items.length).toBeGreaterThan(0);
  });

  it('subscribes a loopback receiver, publishes the reference article and shows it in the feeds with an article.published webhook', async () => {
    const subscription = await api('/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: receiver.url }) });
    expect(subscription.status).toBe(201);
    receiver.secret = String(subscription.body.secret);
    subscriptionId = String(subscription.body.id);
    expect(receiver.secret).toMatch(/^whsec_/);

    const published = await api('/articles', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: readReferenceArticle() });
    expect(published.status).toBe(201);
    articleId = String(published.body.id);
    expect(published.body.version).toBe(1);

    const all = await waitFor('the article in all.json', async () => itemOf(await feed(), articleId), 60_000);
    // Feeds are separate objects written one after another: wait for the tag feed too.
    await waitFor('the article in the syria feed', async () => itemOf(await feed('/feeds/tags/syria.json'), articleId), 30_000);
    const [event] = await waitFor('article.published at the receiver', async () => {
      const got = eventsFor(articleId);
      return got.length > 0 ? got : undefined;
    }, 60_000);
    expect(event).toMatchObject({ type: 'article.published', data: { id: articleId, version: 1 } });
    // The listing pages come from the page pass, after its window: the home page and the tag page link the article's page.
    await waitFor('the article on the home page', async () => (listed(await sitePage('/pages/'), articleId) ? true : undefined), 60_000);
    await waitFor('the article on the syria page', async () => (listed(await sitePage('/pages/tags/syria.html'), articleId) ? true : undefined), 30_000);
    // Its own page comes from the feed pass (a page pass for another batch may read the index first, so it is waited for too).
    expect(await waitFor('the article page', async () => (await sitePage(`/pages/articles/${articleId}.html`)) || undefined, 30_000)).toContain('<h1>');
  }, 150_000);

  it('takes a correction under the same id: the feed shows it and the receiver gets article.updated', async () => {
    const corrected = `${readReferenceArticle().trimEnd()}\n\nCorrection: an earlier version of this report gave the wrong day for the strike.\n`;
    const put = await api(`/articles/${encodeURIComponent(articleId)}`, { method: 'PUT', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: corrected });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: articleId, version: 2 });

    const item = await waitFor('the correction in all.json', async () => {
      const found = itemOf(await feed(), articleId);
      return found?.content_html?.includes('wrong day for the strike') ? found : undefined;
    }, 60_000);
    expect((await feed()).items.filter((i) => i.id === item.id)).toHaveLength(1);
    await waitFor('article.updated', async () => (eventsFor(articleId).some((w) => w.type === 'article.updated') ? true : undefined), 60_000);
    expect(eventsFor(articleId).map((w) => w.type)).toEqual(['article.published', 'article.updated']);
    expect(eventsFor(articleId).find((w) => w.type === 'article.updated')?.data.version).toBe(2);
  }, 150_000);

  it('withdraws: the article leaves every feed and the receiver gets article.withdrawn', async () => {
    const withdrawn = await api(`/articles/${encodeURIComponent(articleId)}`, { method: 'DELETE' });
    expect(withdrawn.status).toBeLessThan(300);
    await waitFor('the article gone from all.json', async () => (itemOf(await feed(), articleId) ? undefined : true), 60_000);
    await waitFor('the article gone from the syria feed', async () => (itemOf(await feed('/feeds/tags/syria.json'), articleId) ? undefined : true), 30_000);
    await waitFor('the article gone from the syria page', async () => (listed(await sitePage('/pages/tags/syria.html'), articleId) ? undefined : true), 60_000);
    await waitFor('article.withdrawn', async () => (eventsFor(articleId).some((w) => w.type === 'article.withdrawn') ? true : undefined), 60_000);
    const types = eventsFor(articleId).map((w) => w.type);
    expect(types).toEqual(['article.published', 'article.updated', 'article.withdrawn']);
    expect(new Set(eventsFor(articleId).map((w) => w.webhookId)).size).toBe(3);
    expect(receiver.rejected).toBe(0);
  }, 150_000);

  it('ingests a file dropped into inbox/ and shows it in the feeds', async () => {
    const headline = `Inbox check ${Date.now().toString(36)} for the local runtime`;
    // The inbox posts as the admin: the first line must name a publisher we know (here one the taxonomy has).
    const text = `OpsLens\n\n${headline}\n\nThis short article was written for the end-to-end test and dropped into the bucket's inbox folder.\n\nA second paragraph gives the normaliser a body with more than one part.\n`;
    const info = runtime.info();
    const s3 = s3ClientFor(info.s3Endpoint);
    await s3.send(new PutObjectCommand({ Bucket: info.bucketName, Key: 'inbox/e2e-check.txt', Body: text, ContentType: 'text/plain; charset=utf-8' }));
    s3.destroy();
    const item = await waitFor('the inbox article in all.json', async () => (await feed()).items.find((i) => i.title === headline), 60_000);
    expect(item.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$|article\//);
  }, 120_000);

  it('keeps a tag feed’s date and title when its last article is withdrawn through the stream, and serves Atom gzipped', async () => {
    const text = `OpsLens\n\nRestorers reopen the museum at Palmyra\n\nRestorers reopened the museum at Palmyra on Sunday after two years of work on its roof.\n\nVisitors from Homs were among the first to walk through its halls.\n`;
    const posted = await api('/articles', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text });
    expect(posted.status).toBe(201);
    const id = String(posted.body.id);
    const tagFeed = async (ext: 'atom' | 'rss') => {
      const res = await fetch(`${runtime.apiUrl}/feeds/tags/palmyra.${ext}`, { headers: { 'accept-encoding': 'gzip' } });
      return { status: res.status, encoding: res.headers.get('content-encoding'), body: res.status === 200 ? await res.text() : '' };
    };
    await waitFor('the article in the palmyra feed', async () => (itemOf(await feed('/feeds/tags/palmyra.json'), id) ? true : undefined), 60_000);
    const atomBefore = await waitFor('the palmyra Atom feed', async () => {
      const got = await tagFeed('atom');
      return got.body.includes('Restorers reopen the museum') ? got : undefined;
    }, 30_000);
    expect(atomBefore.encoding).toBe('gzip'); // compressed on the way out, as CloudFront compresses its stored application/xml
    const rssBefore = parseRssFeed((await tagFeed('rss')).body);
    const before = parseAtomFeed(atomBefore.body);
    expect(before.entries).toHaveLength(1);

    expect((await api(`/articles/${encodeURIComponent(id)}`, { method: 'DELETE' })).status).toBe(200);
    const after = await waitFor('the palmyra feed emptied', async () => {
      const got = parseAtomFeed((await tagFeed('atom')).body);
      return (got.entries ?? []).length === 0 ? got : undefined;
    }, 60_000);
    const rssAfter = parseRssFeed((await tagFeed('rss')).body);
    expect(after.title).toEqual(before.title);
    expect(String((after.title as { value?: string })?.value ?? after.title)).toContain('Palmyra');
    expect(rssAfter.title).toBe(rssBefore.title);
    expect(Date.parse(after.updated!)).toBeGreaterThanOrEqual(Date.parse(before.updated!));
    expect(Date.parse(rssAfter.lastBuildDate!)).toBeGreaterThanOrEqual(Date.parse(rssBefore.lastBuildDate!));
    expect(Date.parse(after.updated!)).toBeGreaterThan(Date.parse('2001-01-01T00:00:00Z'));
  }, 150_000);

  it('stops cleanly on Ctrl-C, leaving nothing listening, and keeps the data across a restart', async () => {
    const before = await feed();
    const info = runtime.info();
    // npm re-raises the Ctrl-C it passed on, so it ends by SIGINT; the runtime itself reports a clean stop.
    expect(await runtime.stop()).toMatchObject({ signal: 'SIGINT' });
    expect(runtime.output()).toContain('[local] stopped');
    await expect(fetch(`${runtime.apiUrl}/health`)).rejects.toThrow();
    await expect(fetch(info.dynamoDbEndpoint)).rejects.toThrow();
    await expect(fetch(info.s3Endpoint)).rejects.toThrow();
    await expect(fetch(info.sqsEndpoint)).rejects.toThrow();

    runtime = await npmStart({ port, dataDir });
    await waitHealthy(runtime);
    const after = await feed();
    expect(after.items.map((i) => i.id)).toEqual(before.items.map((i) => i.id));
    // Still known after the restart: withdrawn (410, kept for audit), not unknown (404).
    expect((await api(`/articles/${encodeURIComponent(articleId)}`)).status).toBe(410);
    expect((await api(`/subscriptions/${encodeURIComponent(subscriptionId)}`)).body).toMatchObject({ id: subscriptionId, url: receiver.url });
    expect(runtime.output()).not.toMatch(/\[local\] sample /);
  }, 180_000);

  it('got only answers the OpenAPI document describes, for every API call above', () => {
    expect(contract.problems).toEqual([]);
    expect(contract.checked).toBeGreaterThan(5);
  });
});
