/**
 * `npm run bench -- local`: the local runtime as a user meets it.
 * - local.startSeconds: `npm start -- --reset` to a healthy /health, beside
 *   local.servicesStartSeconds (DynamoDB Local + s3rver alone, same run), the
 *   floor the runtime cannot beat;
 * - local.publishToFeedMs / local.publishToWebhookMs: median over 20 articles
 *   from the POST returning to the article being in /feeds/all.json and to a
 *   loopback receiver having its article.published, beside local.feedGetMs
 *   (one GET of the feed: the polling resolution of the first figure).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidV5 } from '../../functions/core/feeds/ids.ts';
import { devAdminKey } from '../../infra/local/env.ts';
import { functionNames, handlerPath } from '../../infra/local/functions.ts';
import { startLocalServices } from '../../infra/local/services.ts';
import { freePort, npmStart, waitFor, waitHealthy } from '../../test/local/support/npm-start.ts';
import { startReceiver } from '../../test/local/support/receiver.ts';

const articles = 20;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const benchArticle = (i: number, token: string) =>
  `Bench Desk\n\nBenchmark article ${i} of run ${token}\n\nThis paragraph was written for the local runtime benchmark; it carries no news.\n\nA second paragraph, so the article has a body of more than one part.\n`;

async function servicesStartSeconds(): Promise<number> {
  const started = performance.now();
  const services = await startLocalServices();
  const seconds = (performance.now() - started) / 1000;
  await services.stop();
  return seconds;
}

export async function run(): Promise<Record<string, number | string>> {
  const missing = functionNames.filter((name) => !existsSync(handlerPath(name)));
  if (missing.length > 0) return { 'local.skipped': `handlers not built yet: ${missing.join(', ')}` };

  const baselineStart = await servicesStartSeconds();
  const dataDir = mkdtempSync(join(tmpdir(), 'syndicate-bench-'));
  const port = await freePort();
  const receiver = await startReceiver();
  const started = performance.now();
  const runtime = await npmStart({ port, dataDir, args: ['--reset'], env: { WEBHOOK_RETRY_SCHEDULE: '1,1,1', SYNDICATE_ADMIN_KEY: devAdminKey } });
  try {
    await waitHealthy(runtime);
    const startSeconds = (performance.now() - started) / 1000;
    const headers = { authorization: `Bearer ${devAdminKey}` };
    const subscription = (await (
      await fetch(`${runtime.apiUrl}/subscriptions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ url: receiver.url, events: ['article.published'] }) })
    ).json()) as { secret: string };
    receiver.secret = subscription.secret;
    // The bench's own desk, registered as a publisher would be: the text format names its publisher on the first line.
    const registered = await fetch(`${runtime.apiUrl}/publishers`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'bench-desk', name: 'Bench Desk' }) });
    if (registered.status !== 201) throw new Error(`registering the bench publisher answered ${registered.status}: ${await registered.text()}`);

    const feedGets: number[] = [];
    const toFeed: number[] = [];
    const toWebhook: number[] = [];
    const token = Date.now().toString(36);
    for (let i = 0; i < articles; i++) {
      const res = await fetch(`${runtime.apiUrl}/articles`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: benchArticle(i, token) });
      const t0 = performance.now();
      const answer = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`bench article ${i} refused with ${res.status}: ${JSON.stringify(answer)}`);
      const { id } = answer;
      await Promise.all([
        waitFor('the article in the feed', async () => {
          const get = performance.now();
          const feed = (await (await fetch(`${runtime.apiUrl}/feeds/all.json`)).json()) as { items: Array<{ id: string }> };
          feedGets.push(performance.now() - get);
          // Published now, so after the id scheme's cutover: the entry id is the article's UUID (functions/core/feeds/ids.ts).
          if (feed.items?.some((item) => item.id === `urn:uuid:${uuidV5(`article/${id}`)}`)) return toFeed.push(performance.now() - t0);
          return undefined;
        }, 60_000, 5),
        waitFor('the webhook', async () => (receiver.received.some((w) => w.data.id === id) ? toWebhook.push(performance.now() - t0) : undefined), 60_000, 2),
      ]);
    }
    return {
      'local.startSeconds': startSeconds,
      'local.servicesStartSeconds': baselineStart,
      'local.publishToFeedMs': median(toFeed),
      'local.publishToWebhookMs': median(toWebhook),
      'local.feedGetMs': median(feedGets),
    };
  } finally {
    await runtime.stop();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
