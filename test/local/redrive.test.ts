/**
 * A stream record publish gives up on, redriven: the local runtime (in this process, so a fault can be
 * injected into the clients its handlers share) publishes an article while every write of its feed
 * entries and every hand-over of its events fails. After the stream's retries the record lands in the
 * publish DLQ with an operator notice naming the redrive command; the article is in none of its feeds
 * and no receiver heard of it. `syndicate redrive --events` then publishes the record again whole: the
 * article is in every feed it belongs to, and each subscriber gets its event once, under the webhook-id
 * the first attempt would have used.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { documentClient } from '#commons/clients/dynamodb.ts';
import { sqsQueues } from '#commons/clients/sqs.ts';
import { feedObjectBase, feedsOf } from '#core/feeds/keys.ts';
import { uuidV5 } from '#core/feeds/ids.ts';
import { webhookIdOfKey } from '#core/webhooks/webhook-id.ts';
import { run as redrive } from '../../cli/commands/redrive.ts';
import { devAdminKey } from '../../infra/local/env.ts';
import { redriveCommand } from '../../infra/local/publish-give-up.ts';
import { localQueueNames } from '../../infra/local/queues.ts';
import { localStage, startRuntime, type Runtime } from '../../infra/local/runtime.ts';
import { failCallsWhile, InjectedFault } from '../support/faults.ts';
import { captureLogLines } from '../support/log-capture.ts';
import { freePort, waitFor } from './support/npm-start.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';

/** While armed, fails the DynamoDB calls `matches` picks, before they leave the process. */
function faultWhile(client: DynamoDocuments, matches: (command: string, input: string) => boolean) {
  const fault = { armed: false };
  client.intercept(async (call, next) => {
    if (fault.armed && matches(call.command, JSON.stringify(call.input))) throw new InjectedFault(`injected failure of ${call.command}`);
    return next(call);
  });
  return fault;
}

const article = `OpsLens

Ferry crossings resume on the Euphrates near Raqqa

Ferry operators on the Euphrates near Raqqa in Syria resumed crossings on Monday after the river fell back.

Local officials said the first ferries carried farmers and their produce.
`;

let dataDir: string;
let runtime: Runtime;
const receivers: Receiver[] = [];
const logged: string[] = [];

const api = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${runtime.info.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${devAdminKey}`, ...(init.headers as Record<string, string>) } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const feedIds = async (base: string): Promise<string[]> => {
  const res = await fetch(`${runtime.info.apiUrl}/${base}.json`);
  return res.status === 200 ? ((await res.json()) as { items: Array<{ id: string }> }).items.map((i) => i.id) : [];
};

/** `syndicate redrive --events` in this process, with the runtime's environment (as `eval "$(npx syndicate invoke --env)"` gives a shell). */
async function redriveCli(): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  try {
    return { code: await redrive(['--events']), out };
  } finally {
    spy.mockRestore();
  }
}

describe('redriving a stream record publish gave up on', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'syndicate-redrive-'));
    runtime = await startRuntime({ dataDir, port: await freePort(), reset: true, log: (line) => void logged.push(line) });
    receivers.push(await startReceiver(), await startReceiver());
  }, 180_000);

  afterAll(async () => {
    await runtime?.stop();
    await Promise.all(receivers.map((r) => r.close()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes it again whole: in every feed it belongs to, its event once per subscriber under the original webhook-id', async () => {
    const subscriptions: string[] = [];
    for (const receiver of receivers) {
      const created = await api('/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: receiver.url }) });
      expect(created.status).toBe(201);
      receiver.secret = String(created.body.secret);
      subscriptions.push(String(created.body.id));
    }
    // The handlers of the runtime share these clients with this test: feed-index writes and queue sends fail.
    const entries = faultWhile(documentClient(), (command, input) => /BatchWrite/.test(command) && input.includes('FEED#'));
    const sends = failCallsWhile(sqsQueues(), (call) => /SendMessage/.test(call.operation));
    entries.armed = sends.armed = true;

    await captureLogLines(async () => {
      const published = await api('/articles', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: article });
      expect(published.status).toBe(201);
      const id = String(published.body.id);
      await waitFor('the give-up notice', async () => (logged.some((line) => line.includes('publish.gave_up')) ? true : undefined), 120_000, 250);
      entries.armed = sends.armed = false;

      const notice = logged.find((line) => line.includes('publish.gave_up'))!;
      expect(notice).toContain(JSON.stringify(redriveCommand).slice(1, -1));
      const stored = (await api(`/articles/${encodeURIComponent(id)}`)).body as { id: string; version: number; updatedAt: string; publisher: { id: string }; tags: Array<{ id: string }> };
      const feeds = feedsOf(stored).map(feedObjectBase);
      expect(feeds).toContain('feeds/tags/syria');
      const entryId = `urn:uuid:${uuidV5(`article/${id}`)}`;
      for (const feed of feeds) expect(await feedIds(feed), feed).not.toContain(entryId);
      expect(receivers.map((r) => r.received.length)).toEqual([0, 0]);

      expect(await redriveCli()).toEqual({ code: 0, out: 'redrive: 0 article events fanned out again; 1 stream batch(es) published again; 0 message(s) left in the publish DLQ\n' });

      for (const feed of feeds) await waitFor(`the article in ${feed}`, async () => ((await feedIds(feed)).includes(entryId) ? true : undefined), 30_000);
      await waitFor('the webhooks', async () => (receivers.every((r) => r.received.length > 0) ? true : undefined), 60_000);
      const deliveries = runtime.sqs.byName(localQueueNames(localStage).deliveries);
      const settled = () => Object.values(deliveries.counts()).every((n) => n === 0);
      await waitFor('the deliveries queue drained', async () => (settled() ? true : undefined), 60_000);
      const key = `${id}|article.published|v${stored.version}|${stored.updatedAt}`;
      receivers.forEach((receiver, i) => {
        expect(receiver.received.map((w) => [w.type, w.data.id, w.webhookId])).toEqual([['article.published', id, webhookIdOfKey(subscriptions[i]!, key)]]);
      });
      // Nothing is left to redrive, and a second redrive publishes nothing again.
      expect((await redriveCli()).out).toContain('0 article events fanned out again; 0 stream batch(es) published again');
    });
  }, 240_000);
});
