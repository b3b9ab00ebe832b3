/**
 * One consistent writer per feed: two publish invocations render the same feed at once, and the one
 * that read the older view is made to finish last (its S3 writes are held back until the newer one
 * has run). With the feed lease the newer view still ends up in the bucket; the same race without
 * the lease leaves the older view there, which is what this guards against. And a feed whose lease
 * a killed invocation still holds fails only the feed's part of a record, never its webhook event.
 *
 * Leases are short and renewed: a holder that dies (injected: its client fails every call once it holds
 * the lease) holds the feed back for one hold at most, which the next render waits out without failing a
 * record; a holder that renders for longer than a hold keeps its lease; and a holder whose renewals fail
 * stops trusting its lease before it lapses, so when it resumes after a newer render it writes nothing
 * (its records are retried) and the newer view stays. Scaled-down timings here; the deployed ones are checked
 * for the same relation.
 */
import { describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException } from '#commons/clients/dynamo-errors.ts';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { ArticleEvent } from '../../functions/core/article/events.ts';
import type { Article } from '../../functions/core/article/schema.ts';
import { webhookId } from '../../functions/core/webhooks/webhook-id.ts';
import { feedStateKey } from '../../functions/adapters/keys.ts';
import { DynamoArticleRepository } from '../../functions/adapters/article-repository.ts';
import { DynamoFeedState } from '../../functions/publish/dynamo-feed-state.ts';
import { DynamoFeedLeases, LeaseBusy, type LeaseTiming } from '../../functions/publish/feed-leases.ts';
import { composePublish, feedLeaseTiming, handleStreamEvent } from '../../functions/publish/handler.ts';
import { lambdas } from '../../infra/definitions.ts';
import { documentsFor } from '../../infra/local/services.ts';
import { InjectedFault } from '../support/faults.ts';
import type { PublishDependencies } from '../../functions/publish/publish-changes.ts';
import { makeArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { useLocalServices } from '../support/services.ts';
import { latestImage, streamEvent, streamRecord } from './stream-events.ts';

const services = await useLocalServices('feed-leases');
const env = { ...process.env, FEEDS_BASE_URL: 'http://127.0.0.1:3000', PUBLIC_BASE_URL: 'http://127.0.0.1:3000/api' };
const documents = services.documents;
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
  const watched = documentsFor(services.dynamoDbEndpoint);
  watched.intercept(async (call, next) => {
    try {
      return await next(call);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) onRefused();
      throw error;
    }
  });
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
    expect((await services.scanAll()).filter((item) => 'leaseUntil' in item)).toEqual([]);
  });

  it('without the lease the same race leaves the older view in the bucket', async () => {
    expect(await race('unleased', 'mosul', false)).toEqual(['unleased-older']);
  });

  it('hands over the event of a record whose feed a killed invocation still holds, and the same webhook-id when the record is retried', async () => {
    await documents.send(
      new UpdateCommand({ TableName: services.tableName, Key: feedStateKey('tag/manbij'), UpdateExpression: 'SET fence = :fence, leaseUntil = :until', ExpressionAttributeValues: { ':fence': 7, ':until': Date.now() + 600_000 } }),
    );
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

/** Leases on a client of their own that, once `cut()` is called, fails every call of the kinds named (the holder's process or network gone). */
function cuttableLeases(timing: LeaseTiming, commands = /./) {
  const client = documentsFor(services.dynamoDbEndpoint);
  let cut = false;
  client.intercept(async (call, next) => {
    if (cut && commands.test(call.operation)) throw new InjectedFault(`injected: ${call.operation} after the holder was cut off`);
    return next(call);
  });
  const leases = new DynamoFeedLeases(client, services.tableName, timing);
  return { leases, cut: () => void (cut = true) };
}

const scaled: LeaseTiming = { holdSeconds: 2, waitMs: 6_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('short, renewed and fenced leases', () => {
  it('are deployed short: a contender waits out a dead holder within one attempt, well inside the function timeout', () => {
    expect(feedLeaseTiming.waitMs).toBeGreaterThan(feedLeaseTiming.holdSeconds * 1000);
    expect(feedLeaseTiming.holdSeconds).toBeLessThanOrEqual(20);
    expect(feedLeaseTiming.waitMs).toBeLessThan(lambdas.publish.timeoutSeconds * 1000 / 2);
  });

  it('a holder that dies mid-render holds its feed back one hold at most: the next record waits it out and fails nothing', async () => {
    const dying = cuttableLeases(scaled);
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    let finish!: () => void;
    const dead = dying.leases.hold('tag/kobani', async () => {
      dying.cut(); // from here on it renews nothing, and never gives the lease back
      holding();
      await new Promise<void>((resolve) => (finish = resolve));
    }).catch((error: unknown) => error);
    await held;

    const deps = { ...composePublish(env, async () => []), leases: new DynamoFeedLeases(documents, services.tableName, scaled) };
    const event = await write(makeArticle({ id: 'after-death', tags: tagsFor(['kobani']), publishedAt: '2024-03-03T10:00:00.000Z', updatedAt: '2024-03-03T10:00:00.000Z' }));
    expect((await handleStreamEvent(event, deps)).batchItemFailures).toEqual([]);
    expect(await feedIds('feeds/tags/kobani.json')).toEqual(['after-death']);
    finish();
    expect(await dead).toBeInstanceOf(InjectedFault); // its release could not reach the table either
  });

  it('keeps the lease while its holder renders for longer than a hold', async () => {
    const leases = new DynamoFeedLeases(documents, services.tableName, scaled);
    const contender = new DynamoFeedLeases(documents, services.tableName, { holdSeconds: 2, waitMs: 200 });
    const outcome = await leases.hold('tag/tabqa', async (lease) => {
      await sleep(scaled.holdSeconds * 2500);
      lease.check(); // still ours
      return contender.hold('tag/tabqa', async () => 'taken').catch((error: unknown) => error);
    });
    expect(outcome).toBeInstanceOf(LeaseBusy);
  });

  it('a holder whose renewals fail writes nothing once it resumes after a newer render, and its records are retried', async () => {
    const base = composePublish(env, async () => []);
    const stalled = cuttableLeases(scaled, /^UpdateItem/);
    let reached!: () => void;
    const waiting = new Promise<void>((resolve) => (reached = resolve));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    // The older render stalls between its read of the feed and its writes, with its renewals failing meanwhile.
    const source = {
      latest: async (feed: Parameters<typeof base.source.latest>[0], limit: number) => {
        const read = await base.source.latest(feed, limit);
        if (feed === 'tag/erbil') {
          stalled.cut();
          reached();
          await gate;
        }
        return read;
      },
      oldestAfter: base.source.oldestAfter.bind(base.source),
      between: base.source.between.bind(base.source),
    };
    const older = await write(makeArticle({ id: 'fenced-older', tags: tagsFor(['erbil']), publishedAt: '2024-03-04T10:00:00.000Z', updatedAt: '2024-03-04T10:00:00.000Z' }));
    const olderRun = handleStreamEvent(older, { ...base, source, leases: stalled.leases });
    await waiting;

    const newer = await write(makeArticle({ id: 'fenced-newer', tags: tagsFor(['erbil']), publishedAt: '2024-03-04T11:00:00.000Z', updatedAt: '2024-03-04T11:00:00.000Z' }));
    expect((await handleStreamEvent(newer, { ...base, leases: new DynamoFeedLeases(documents, services.tableName, scaled) })).batchItemFailures).toEqual([]);
    const newest = await feedIds('feeds/tags/erbil.json');
    expect(newest).toEqual(['fenced-newer', 'fenced-older']);

    open();
    expect((await olderRun).batchItemFailures).toEqual([{ itemIdentifier: older.Records[0]!.dynamodb!.SequenceNumber }]);
    expect(await feedIds('feeds/tags/erbil.json')).toEqual(newest);
  });

  it('refuses to record a feed state under an older fence than the last one recorded', async () => {
    const { feedState } = composePublish(env, async () => []);
    await feedState.saveFiles('tag/baghdad', { pages: 0, files: {}, fence: 2000 }, { 'feeds/tags/baghdad.json': 'newer' });
    await expect(feedState.saveFiles('tag/baghdad', { pages: 0, files: {}, fence: 1000 }, { 'feeds/tags/baghdad.json': 'older' })).rejects.toThrow(/newer lease/);
    expect((await feedState.read('tag/baghdad')).files).toEqual({ 'feeds/tags/baghdad.json': 'newer' });
    await feedState.saveFiles('tag/baghdad', { pages: 0, files: {}, fence: 3000 }, { 'feeds/tags/baghdad.json': 'newest' });
    expect((await feedState.read('tag/baghdad')).files).toEqual({ 'feeds/tags/baghdad.json': 'newest' });
  });
});

/** A client that records each request it sends for `pk`'s items (their command names). */
function recordingRequests(pk: string) {
  const recorded = documentsFor(services.dynamoDbEndpoint);
  const sent: string[] = [];
  recorded.intercept(async (call, next) => {
    if ((call.input as { Key?: { pk?: { S?: string } } }).Key?.pk?.S === pk) sent.push(`${call.operation}Command`);
    return next(call);
  });
  return { recorded, sent };
}

describe('the lease on the feed state item', () => {
  it('a render takes the lease with the state read and gives it back with the state write; an unchanged render still gives it back', async () => {
    const { recorded, sent } = recordingRequests(feedStateKey('tag/jordan').pk);
    const deps = {
      ...composePublish(env, async () => []),
      feedState: new DynamoFeedState(recorded, services.tableName),
      // A hold long enough that no renewal falls within these renders.
      leases: new DynamoFeedLeases(recorded, services.tableName, { holdSeconds: 120, waitMs: 1000 }),
      // With a pages queue, as deployed: the listing page is the page pass's render, under its own take and give-back (page-pass.test.ts).
      pagesDue: async () => undefined,
    };
    const stateOfJordan = async () => (await documents.send(new GetCommand({ TableName: services.tableName, Key: feedStateKey('tag/jordan'), ConsistentRead: true }))).Item;
    const event = await write(makeArticle({ id: 'two-writes', tags: tagsFor(['opslens', 'jordan']), publishedAt: '2024-03-05T10:00:00.000Z', updatedAt: '2024-03-05T10:00:00.000Z' }));

    expect((await handleStreamEvent(event, deps)).batchItemFailures).toEqual([]);
    expect(await feedIds('feeds/tags/jordan.json')).toEqual(['two-writes']);
    // Taking the lease (it returns the state: no GetItem), then recording the files' hashes, which gives it back.
    expect(sent).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
    const written = await stateOfJordan();
    expect(written).not.toHaveProperty('leaseUntil');
    expect(Object.keys(written?.files as object).sort()).toEqual(['feeds/tags/jordan.atom', 'feeds/tags/jordan.json', 'feeds/tags/jordan.rss']);

    // The same record again: every file unchanged, so no state write, and the lease is given back on its own.
    sent.length = 0;
    expect((await handleStreamEvent(event, deps)).batchItemFailures).toEqual([]);
    expect(sent).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
    const after = await stateOfJordan();
    expect(after).not.toHaveProperty('leaseUntil');
    expect(after?.files).toEqual(written?.files);
    expect(after?.fence).toBe((written?.fence as number) + 1);
    // Free at once: a contender that does not wait at all takes it.
    expect(await new DynamoFeedLeases(documents, services.tableName, { holdSeconds: 2, waitMs: 0 }).hold('tag/jordan', async (lease) => lease.state.files)).toEqual(written?.files);
  });
});
