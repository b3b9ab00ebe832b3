/**
 * The feed index is written by publish from the stream, before it renders (functions/publish/feed-entries.ts).
 * An accepted article must never be missing from a feed, whatever fails or dies on the way: each case below
 * breaks one step of publishing the reference article (27 feeds, so two BatchWriteItem calls), lets the
 * stream retry as Lambda's mapping does (infra/local/stream/batch.ts), and then finds the article in every
 * one of its feed indexes and in the rendered feeds.
 */
import { describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { Article } from '../../functions/core/article/schema.ts';
import { feedsOf } from '../../functions/core/feeds/keys.ts';
import { DynamoFeedEntries } from '../../functions/adapters/feed-entries.ts';
import { s3Objects } from '../../functions/commons/clients/s3-objects.ts';
import { updateFeedEntries, type FeedEntryStore } from '../../functions/publish/feed-entries.ts';
import { composePublish, handleStreamEvent } from '../../functions/publish/handler.ts';
import { processStreamBatch } from '../../infra/local/stream/batch.ts';
import { failNthCall, failNthObjectCall, InjectedFault } from '../support/faults.ts';
import { useLocalServices } from '../support/services.ts';
import { makeArticle, referenceArticle, tagsFor } from '../core/feeds/fixtures.ts';
import { articleWriter } from './stream-events.ts';

describe('updating the feed index from a batch', () => {
  const change = (sequenceNumber: string, before: Article | undefined, after: Article | undefined) => ({
    sequenceNumber,
    ...(before ? { before: { article: before } } : {}),
    ...(after ? { after: { article: after } } : {}),
  });

  it("takes an article's records together (its latest state, every earlier one), and fails only that article's records", async () => {
    const a1 = makeArticle({ id: 'art_a' });
    const a2 = { ...a1, version: 2, headline: 'Corrected' };
    const b1 = makeArticle({ id: 'art_b' });
    const calls: { earlier: (Article | undefined)[]; current: Article | undefined }[] = [];
    const store: FeedEntryStore = {
      async writeEntriesOf(earlier, current) {
        calls.push({ earlier: [...earlier], current });
        if (current?.id === 'art_b') throw new Error('table unavailable');
      },
    };
    const warned: string[] = [];
    const failed = await updateFeedEntries([change('1', undefined, a1), change('2', undefined, b1), change('3', a1, a2)], store, (m) => warned.push(m));
    expect(failed).toEqual(['2']);
    expect(warned).toHaveLength(1);
    expect(calls.find((c) => c.current?.id === 'art_a')).toEqual({ earlier: [undefined, undefined, a1, a1], current: a2 });
  });
});

describe('an accepted article in its feeds despite a failure anywhere in publishing it', async () => {
  const services = await useLocalServices('publish-feed-entries');
  const documents = services.documents;
  const base = 'http://127.0.0.1:3000';
  const deps = { ...composePublish({ ...process.env, FEEDS_BASE_URL: base, PUBLIC_BASE_URL: base }, async () => undefined), feedEntries: new DynamoFeedEntries(documents, services.tableName) };
  const write = articleWriter(services);
  const reference = referenceArticle();

  /** Hands `event` to publish as the stream mapping does: retried from the first failed record; `dies` makes a faulted invocation end in an error, as a crash would. */
  async function publishThroughStream(event: DynamoDBStreamEvent, dies: boolean, faulted: () => boolean): Promise<number> {
    let invocations = 0;
    await processStreamBatch(
      event.Records,
      async (batch) => {
        invocations += 1;
        const answer = await handleStreamEvent(batch, deps);
        if (dies && faulted()) throw new InjectedFault('the invocation died after the fault');
        return answer;
      },
      { retryAttempts: 2, bisectOnError: true, retryDelayMs: () => 0, onDiscard: (records, reason) => { throw new Error(`${records.length} records given up: ${reason}`); } },
    );
    return invocations;
  }

  async function indexedFeeds(id: string): Promise<string[]> {
    return (await services.scanAll()).filter((i) => String(i.pk).startsWith('FEED#') && i.articleId === id).map((i) => String(i.pk).replace(/^FEED#(.*)#\d$/, '$1'));
  }

  async function feedJson(key: string): Promise<string> {
    const object = await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: key }));
    return object.Body!.transformToString('utf8');
  }

  const small = makeArticle({ id: 'art_small', tags: tagsFor(['opslens', 'raqqa']) });
  // The reference article has 27 feeds: its entries take two batch writes, so a fault between them leaves the index half-written.
  const cases = [
    { fault: 'the invocation dies after 25 of 27 entries were written', article: reference, inject: () => failNthCall(documents, /^BatchWriteItemCommand$/, 2), dies: true },
    { fault: 'the feed-index batch write fails (reported, the record retried)', article: small, inject: () => failNthCall(documents, /^BatchWriteItemCommand$/, 1), dies: false },
    // Publish's S3 calls are signed requests (no middleware stack): the fault goes on the instance it calls.
    { fault: 'the invocation dies writing the first feed file, its entries written', article: small, inject: () => failNthObjectCall(s3Objects(services.bucketName), 'putObject', 1), dies: true },
  ];

  it.each(cases.map((c, i) => ({ ...c, i })))('$fault', async ({ article: template, inject, dies, i }) => {
    const article = { ...template, id: `${template.id}-${i}`, fingerprint: String(i).repeat(64) };
    let fired = false;
    const remove = inject();
    try {
      const event = await write(article);
      const invocations = await publishThroughStream(event, dies, () => {
        if (fired) return false;
        fired = true;
        return true;
      });
      expect(invocations).toBe(2);
    } finally {
      remove();
    }
    expect((await indexedFeeds(article.id)).sort()).toEqual(feedsOf(article).sort());
    expect(await feedJson('feeds/all.json')).toContain(article.id);
    expect(await feedJson(`feeds/tags/${article.tags.at(-1)!.id}.json`)).toContain(article.id);
  });
});
