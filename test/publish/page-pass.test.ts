/**
 * The page pass, against DynamoDB Local and s3rver: with a pages queue, publish writes the feeds and the
 * article's own page at once but leaves the listing pages (home, tag, publisher) to the pass, telling it
 * in one message per batch which feeds are due; the pass, given a window's messages, renders each feed's
 * page once, from the feed's index as it is when the pass runs, under the feed's lease; it skips unchanged
 * bytes, gives the lease back (with the page's new hash, or on its own), and reports only the messages naming a
 * feed it could not render (and messages it cannot read).
 * A send that fails fails the batch's records, so they are retried.
 */
import { describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { feedStateKey } from '../../functions/adapters/keys.ts';
import { DynamoFeedLeases } from '../../functions/publish/feed-leases.ts';
import type { SQSEvent } from 'aws-lambda';
import { encodePagesDue, type PagesDue } from '../../functions/core/site/pages-due.ts';
import { composePublish, handlePagesQueueEvent, handler, handleStreamEvent } from '../../functions/publish/handler.ts';
import type { FeedFileStore, FeedLeases } from '../../functions/publish/ports.ts';
import type { PublishDependencies } from '../../functions/publish/publish-changes.ts';
import { makeArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { useLocalServices } from '../support/services.ts';
import { articleWriter } from './stream-events.ts';

const services = await useLocalServices('page-pass');
const env = { ...process.env, FEEDS_BASE_URL: 'http://127.0.0.1:3000', PUBLIC_BASE_URL: 'http://127.0.0.1:3000' };
const sent: PagesDue[] = [];
const deps: PublishDependencies = { ...composePublish(env, async () => undefined), pagesDue: async (due) => void sent.push(due) };
const write = articleWriter(services);

const sqsEvent = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m-${i}`,
    receiptHandle: `r-${i}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:local-syndicate-Pages',
    awsRegion: 'us-east-1',
  })),
});
const messagesSent = () => sent.splice(0).map(encodePagesDue);

async function page(key: string): Promise<string | undefined> {
  try {
    return await (await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: key }))).Body!.transformToString('utf8');
  } catch {
    return undefined;
  }
}
const linksTo = (html: string | undefined, id: string) => !!html?.includes(`/pages/articles/${id}.html"`);

/** The files store, recording what is written (and failing the keys in `failing`). */
const watching = (failing: readonly string[] = []) => {
  const written: string[] = [];
  const files: FeedFileStore = {
    storedHash: (key) => deps.files.storedHash(key),
    write: async (file) => {
      if (failing.includes(file.key)) throw new Error(`injected: ${file.key} refused`);
      written.push(file.key);
      await deps.files.write(file);
    },
  };
  return { written, files };
};

const at = (hour: number) => `2024-09-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
const first = makeArticle({ id: 'pp-1', headline: 'Convoy reaches Deir ez-Zor', tags: tagsFor(['opslens', 'syria']), publishedAt: at(8), updatedAt: at(8) });
const second = makeArticle({ id: 'pp-2', headline: 'Bridge reopens at Tabqa', tags: tagsFor(['opslens', 'syria', 'tabqa']), publishedAt: at(9), updatedAt: at(9) });

describe('the page pass', () => {
  it('leaves the listing pages to the pass: publish writes the feeds and the article page, and sends one message naming the feeds', async () => {
    expect(await handleStreamEvent(await write(first), deps)).toEqual({ batchItemFailures: [] });
    expect(await page('pages/articles/pp-1.html')).toContain('Convoy reaches Deir ez-Zor');
    expect(await page('feeds/tags/syria.json')).toContain('Convoy reaches Deir ez-Zor');
    expect(await page('pages/tags/syria.html')).toBeUndefined();
    expect(sent).toEqual([{ feeds: ['all', 'publisher/opslens', 'tag/opslens', 'tag/syria'], labels: {} }]);
  });

  it('renders each page once for a window of messages, from the index as it is now (a late message cannot bring an older page back)', async () => {
    const older = messagesSent();
    expect(await handleStreamEvent(await write(second), deps)).toEqual({ batchItemFailures: [] });
    const newer = messagesSent();
    expect(newer).toHaveLength(1);
    const { written, files } = watching();
    // The messages out of order, and one of them twice: every page is written once, and shows both articles.
    expect(await handlePagesQueueEvent(sqsEvent(...newer, ...older, ...older), { ...deps, files })).toEqual({ batchItemFailures: [] });
    expect([...written].sort()).toEqual(['pages/index.html', 'pages/publishers/opslens.html', 'pages/tags/opslens.html', 'pages/tags/syria.html', 'pages/tags/tabqa.html']);
    for (const key of written) expect(linksTo(await page(key), 'pp-2'), key).toBe(true);
    expect(linksTo(await page('pages/tags/syria.html'), 'pp-1')).toBe(true);

    // The same messages again (a retry, a redrive): the bytes are the same, nothing is written.
    const again = watching();
    expect(await handlePagesQueueEvent(sqsEvent(...older, ...newer), { ...deps, files: again.files })).toEqual({ batchItemFailures: [] });
    expect(again.written).toEqual([]);
  });

  it('renders each page under its feed’s lease', async () => {
    const held: string[] = [];
    const leases: FeedLeases = { hold: (feed, work) => (held.push(feed), deps.leases!.hold(feed, work)) };
    await handlePagesQueueEvent(sqsEvent(encodePagesDue({ feeds: ['tag/tabqa', 'all'] })), { ...deps, leases });
    expect(held.sort()).toEqual(['all', 'tag/tabqa']);
  });

  it('reports only the messages naming a feed whose page failed, and a message it cannot read', async () => {
    const { files } = watching(['pages/tags/tabqa.html']);
    const withdrawn = { ...second, version: 2, status: 'withdrawn' as const, withdrawnAt: at(10), updatedAt: at(10) };
    expect(await handleStreamEvent(await write(withdrawn), deps)).toEqual({ batchItemFailures: [] });
    const [due] = sent.splice(0);
    expect(due!.feeds).toContain('tag/tabqa');
    // The tag feed is now empty: the message names it as the feed pass did, from the article that left it.
    expect(due!.labels).toEqual({ 'tag/tabqa': expect.any(String) });
    const event = sqsEvent(encodePagesDue(due!), encodePagesDue({ feeds: ['tag/syria'] }), '{"feeds":["../../raw/x"]}', 'not json');
    const result = await handlePagesQueueEvent(event, { ...deps, files });
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-0', 'm-2', 'm-3']);
    expect(linksTo(await page('pages/tags/syria.html'), 'pp-2')).toBe(false);
    // Retried with S3 back: the page of the emptied feed says so, under the feed's name.
    expect(await handlePagesQueueEvent(sqsEvent(encodePagesDue(due!)), deps)).toEqual({ batchItemFailures: [] });
    const tabqa = await page('pages/tags/tabqa.html');
    expect(tabqa).toContain('There are no articles here at the moment.');
    expect(tabqa).toContain(`<title>${due!.labels!['tag/tabqa']} – `);
  });

  it('fails the batch’s records when the message cannot be sent, so the stream retries them', async () => {
    const refusing = { ...deps, pagesDue: () => Promise.reject(new Error('injected: SQS refused')) };
    const event = await write(makeArticle({ id: 'pp-3', tags: tagsFor(['opslens']), publishedAt: at(11), updatedAt: at(11) }));
    expect(await handleStreamEvent(event, refusing)).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber }] });
  });

  it('gives the feed’s lease back, in the write recording a changed page’s hash, and on its own for an unchanged page', async () => {
    const documents = services.documents;
    const state = async () => (await documents.send(new GetCommand({ TableName: services.tableName, Key: feedStateKey('tag/syria'), ConsistentRead: true }))).Item;
    // A contender that does not wait at all takes the lease: nothing holds it.
    const free = () => new DynamoFeedLeases(documents, services.tableName, { holdSeconds: 2, waitMs: 0 }).hold('tag/syria', async () => true);
    expect(await handleStreamEvent(await write(makeArticle({ id: 'pp-4', tags: tagsFor(['syria']), publishedAt: at(12), updatedAt: at(12) })), deps)).toEqual({ batchItemFailures: [] });
    const due = messagesSent();
    expect(await handlePagesQueueEvent(sqsEvent(...due), deps)).toEqual({ batchItemFailures: [] });
    const changed = await state();
    expect(changed).not.toHaveProperty('leaseUntil');
    expect((changed?.files as Record<string, string>)['pages/tags/syria.html']).toMatch(/^[0-9a-f]{64}$/);
    expect(await free()).toBe(true);
    expect(await handlePagesQueueEvent(sqsEvent(...due), deps)).toEqual({ batchItemFailures: [] });
    expect(await state()).not.toHaveProperty('leaseUntil');
    expect((await state())?.files).toEqual(changed?.files);
    expect(await free()).toBe(true);
  });

  it('is reached through the publish handler by the event’s shape', async () => {
    // Without a pages queue in the environment the handler composes its own dependencies: an SQS event still goes to the page pass.
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      expect(await handler(sqsEvent(encodePagesDue({ feeds: ['all'] }), 'junk'))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    } finally {
      for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
