import { describe, expect, it } from 'vitest';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { articleChangeOf, fromAttributeValue, isArticleRecord, UnreadableRecord } from '../../functions/publish/stream-records.ts';
import { makeArticle, tagsFor } from '../core/feeds/fixtures.ts';

/** The stream's JSON attribute-value form of a plain value (what Lambda hands the function). */
function toAttributeValue(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(toAttributeValue) };
  return { M: toImage(value as Record<string, unknown>) };
}
const toImage = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toAttributeValue(v)]));

const article = makeArticle({ id: 'a1', tags: tagsFor(['opslens', 'syria']), byline: 'Jane Roe' });
const latestItem = { ...article, pk: 'ARTICLE#a1', sk: 'LATEST', entity: 'article', objects: { raw: 'raw/a1', json: 'j', ninjs: 'n' } };

function record(oldImage?: Record<string, unknown>, newImage?: Record<string, unknown>, keys = { pk: 'ARTICLE#a1', sk: 'LATEST' }): DynamoDBRecord {
  return {
    eventID: 'e1',
    eventName: oldImage ? 'MODIFY' : 'INSERT',
    dynamodb: {
      Keys: toImage(keys),
      SequenceNumber: '100',
      ...(oldImage ? { OldImage: toImage(oldImage) } : {}),
      ...(newImage ? { NewImage: toImage(newImage) } : {}),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

describe('stream records', () => {
  it('reads old and new images back into articles, without the item bookkeeping', () => {
    const corrected = { ...latestItem, version: 2, headline: 'Corrected' };
    const change = articleChangeOf(record(latestItem, corrected));
    expect(change).toEqual({ sequenceNumber: '100', before: { article }, after: { article: { ...article, version: 2, headline: 'Corrected' } } });
  });

  it('keeps the S3 reference of an article whose body was too large for the item', () => {
    const offloaded = { ...latestItem, body: [], bodyHtml: '', bodyRef: 'articles/a1/v1.json' };
    expect(articleChangeOf(record(undefined, offloaded)).after).toEqual({ article: { ...article, body: [], bodyHtml: '' }, bodyRef: 'articles/a1/v1.json' });
  });

  it('recognises only the LATEST item of an article', () => {
    expect(isArticleRecord(record(undefined, latestItem))).toBe(true);
    expect(isArticleRecord(record(undefined, latestItem, { pk: 'ARTICLE#a1', sk: 'V#000001' }))).toBe(false);
    expect(isArticleRecord(record(undefined, latestItem, { pk: 'FEED#all', sk: 'x' }))).toBe(false);
  });

  it('refuses an image that is not an article, naming the field', () => {
    expect(() => articleChangeOf(record(undefined, { ...latestItem, version: 'one' }))).toThrow(/new image of 100 is not an article: version/);
  });

  it('refuses attribute types articles never use instead of guessing', () => {
    expect(() => fromAttributeValue({ B: 'AAE=' })).toThrow(UnreadableRecord);
    expect(fromAttributeValue({ NS: ['1', '2'] })).toEqual([1, 2]);
    expect(fromAttributeValue({ NULL: true })).toBeNull();
  });
});
