/**
 * One consistent writer per feed: two publish invocations render the same feed at once, and the one
 * that read the older view is made to finish last (its S3 writes are held back until the newer one
 * has run). With the feed lease the newer view still ends up in the bucket; the same race without
 * the lease leaves the older view there, which is what this guards against. And a feed whose lease
 * a killed invocation still holds fails only the feed's part of a record, never its webhook event.
 */
import { describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { ArticleEvent } from '../../functions/core/article/events.ts';
import type { Article } from '../../functions/core/article/schema.ts';
import { webhookId } from '../../functions/core/webhooks/webhook-id.ts';
import { feedLeaseKey } from '../../functions/adapters/keys.ts';
import { DynamoArticleRepository } from '../../functions/adapters/article-repository.ts';
import { DynamoFeedLeases } from '../../functions/publish/feed-leases.ts';
import { composePublish, handleStreamEvent } from '../../functions/publish/handler.ts';
import type { PublishDependencies } from '../../functions/publish/publish-changes.ts';
import { makeArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { useLocalServices } from '../support/services.ts';
import { latestImage, streamEvent, streamRecord } from './stream-events.ts';

const services = await useLocalServices('feed-leases');
const env = { ...process.env, FEEDS_BASE_URL: 'http://127.0.0.1:3000', PUBLIC_BASE_URL: 'http://127.0.0.1:3000/api' };
const documents = DynamoDBDocumentClient.from(services.dynamoDb, { marshallOptions: { removeUndefinedValues: true } });
const repository = new DynamoArticleRepository(documents, services.tableName);

async function write(after: Article): Promise<DynamoDBStreamEvent> {
  await repository.write({ after, objects: { raw: `raw/${after.id}`, json: `articles/${after.id}.json`, ninjs: `articles/${after.id}.ninjs.json` } });
  return streamEvent(streamRecord(after.id, undefined, await latestImage(services.dynamoDb, services.tableName, after.id)));
}

const feedIds = async (key: string) => {
  const result = await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: key }));
  const feed = JSON.parse(await result.Body!.transformToString('utf8')) as { items: { id: string }[] };
  return feed.items.map((item) => item.id.split('/').at(-1));
};

/** A gate the older invocation's first write to `prefix` waits at. */
function heldBack(deps: PublishDependencies, prefix: string) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reached!: () => void;
  const waiting = new Promise<void>((resolve) => (reached = resolve));
  const files = {
    storedHash: (key: string) => deps.files.storedHash(key),
    write: async (file: Parameters<PublishDependencies['files']['write']>[0]) => {
      if (file.key.startsWith(prefix)) {
        reached();
        await gate;
      }
      return deps.files.write(file);
    },
  };
  return { deps: { ...deps, files }, waiting, open };
}

/** Leases whose refusals are reported, so the test knows the newer invocation is waiting for the older one. */
function watchedLeases(onRefused: () => void) {
  const watched = DynamoDBDocumentClient.from(services.dynamoDb, { marshallOptions: { removeUndefinedValues: true } });
  watched.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) onRefused();
        throw error;
      }
    },
    { step: 'initialize', name: 'watch-refusals' },
  );
  return new DynamoFeedLeases(watched, services.tableName, { holdSeconds: 130, waitMs: 60_000 });
}

async function race(round: string, tag: string, withLeases: boolean): Promise<(string | undefined)[]> {
  const base = composePublish(env, async () => []);
  const older = makeArticle({ id: `${round}-older`, tags: tagsFor([tag]), publishedAt: '2024-03-01T10:00:00.000Z', updatedAt: '2024-03-01T10:00:00.000Z' });
  const newer = makeArticle({ id: `${round}-newer`, tags: tagsFor([tag]), publishedAt: '2024-03-01T11:00:00.000Z', updatedAt: '2024-03-01T11:00:00.000Z' });
  const feedFile = `feeds/tags/${tag}.json`;

  const first = heldBack(withLeases ? base : { ...base, leases: undefined }, `feeds/tags/${tag}.`);
  const firstRun = handleStreamEvent(await write(older), first.deps);
  await first.waiting; // it has read the feed (older only) and is about to write it

  let refused!: () => void;
  const newerWaits = new Promise<void>((resolve) => (refused = resolve));
  const secondDeps = withLeases ? { ...base, leases: watchedLeases(refused) } : { ...base, leases: undefined };
  const secondRun = handleStreamEvent(await write(newer), secondDeps);
  if (withLeases) await newerWaits;
  else expect((await secondRun).batchItemFailures).toEqual([]);

  first.open(); // the older view is written last
  expect((await firstRun).batchItemFailures).toEqual([]);
  expect((await secondRun).batchItemFailures).toEqual([]);
  return feedIds(feedFile);
}

describe('one consistent writer per feed', () => {
  it('keeps the newer view when the render that read the older one finishes last', async () => {
    expect(await race('leased', 'raqqa', true)).toEqual(['leased-newer', 'leased-older']);
    // Every lease was given back.
    expect((await services.scanAll()).filter((item) => String(item.pk).startsWith('LEASE#'))).toEqual([]);
  });

  it('without the lease the same race leaves the older view in the bucket', async () => {
    expect(await race('unleased', 'mosul', false)).toEqual(['unleased-older']);
  });

  it('hands over the event of a record whose feed a killed invocation still holds, and the same webhook-id when the record is retried', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 600;
    await documents.send(new PutCommand({ TableName: services.tableName, Item: { ...feedLeaseKey('tag/manbij'), entity: 'lease', holder: 'killed', expiresAt } }));
    const handed: ArticleEvent[] = [];
    const deps = {
      ...composePublish(env, async (events) => void handed.push(...events)),
      leases: new DynamoFeedLeases(documents, services.tableName, { holdSeconds: 130, waitMs: 100 }),
    };
    const event = await write(makeArticle({ id: 'held-feed', tags: tagsFor(['opslens', 'manbij']), publishedAt: '2024-03-02T10:00:00.000Z', updatedAt: '2024-03-02T10:00:00.000Z' }));
    const failure = [{ itemIdentifier: event.Records[0]?.dynamodb?.SequenceNumber }];
    expect((await handleStreamEvent(event, deps)).batchItemFailures).toEqual(failure);
    expect((await handleStreamEvent(event, deps)).batchItemFailures).toEqual(failure);
    expect(handed.map((e) => `${e.type} ${e.article.id}`)).toEqual(['article.published held-feed', 'article.published held-feed']);
    expect(webhookId('sub_a', handed[1]!)).toBe(webhookId('sub_a', handed[0]!));
  });
});
