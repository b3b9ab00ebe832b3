/**
 * DynamoDB stream records as the publish use case reads them: the article
 * before and after the write. Images are in the stream's JSON attribute-value
 * form; article items carry no binary attributes, so a small unmarshaller
 * covers them (and names what it does not understand instead of guessing).
 */
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { checkArticle } from '../core/article/article-check.ts';
import type { Article } from '../core/article/schema.ts';
import { articleFromItem } from '../adapters/article-item.ts';

export interface ArticleChangeRecord {
  /** The record's sequence number: what `batchItemFailures` reports. */
  sequenceNumber: string;
  before?: StoredImage;
  after?: StoredImage;
}

/** An article image; when the body was too large for the item, `bodyRef` names the S3 object holding the whole article. */
export interface StoredImage {
  article: Article;
  bodyRef?: string;
}

export class UnreadableRecord extends Error {
  override readonly name = 'UnreadableRecord';
}

export function fromAttributeValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return fromImage(value.M);
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.SS !== undefined) return [...value.SS];
  if (value.NS !== undefined) return value.NS.map(Number);
  throw new UnreadableRecord(`unsupported attribute type ${Object.keys(value).join(',') || '(none)'}`);
}

export function fromImage(image: Record<string, AttributeValue>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(image)) item[name] = fromAttributeValue(value);
  return item;
}

/** Attributes that live on the item beside the article's fields (see functions/adapters/article-item.ts). */
/**
 * The article in an item (a LATEST or FEED# item, or an unmarshalled stream
 * image), checked against the schema: the item's own bookkeeping is left out.
 */
export function storedImageOf(item: Record<string, unknown>, where = 'item'): StoredImage {
  // The adapter knows the item layout; this side only adds the schema check a stream consumer needs,
  // compiled from the schema (article-check.ts) so publish bundles no zod.
  const { article: fields, bodyRef } = articleFromItem(item);
  const parsed = checkArticle(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UnreadableRecord(`${where} is not an article: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim());
  }
  return bodyRef ? { article: parsed.data, bodyRef } : { article: parsed.data };
}

function articleImage(image: Record<string, AttributeValue> | undefined, where: string): StoredImage | undefined {
  return image ? storedImageOf(fromImage(image), where) : undefined;
}

/** True for records of an article's LATEST item: the only ones that change feeds. */
export function isArticleRecord(record: DynamoDBRecord): boolean {
  const keys = record.dynamodb?.Keys;
  return !!keys?.pk?.S?.startsWith('ARTICLE#') && keys.sk?.S === 'LATEST';
}

/** The change one record describes; throws UnreadableRecord when it cannot be read. */
export function articleChangeOf(record: DynamoDBRecord): ArticleChangeRecord {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (!sequenceNumber) throw new UnreadableRecord(`record ${record.eventID ?? '(no id)'} has no sequence number`);
  const before = articleImage(record.dynamodb?.OldImage, `old image of ${sequenceNumber}`);
  const after = articleImage(record.dynamodb?.NewImage, `new image of ${sequenceNumber}`);
  return { sequenceNumber, ...(before ? { before } : {}), ...(after ? { after } : {}) };
}
