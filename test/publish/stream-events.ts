/**
 * Stream-shaped events built from real items: the article's LATEST item is
 * read from DynamoDB Local in its attribute-value form before and after a
 * write, exactly what the stream (and the local runtime's poller) hands the
 * publish function as old and new images.
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { TestServices } from '../support/services.ts';
import type { Article } from '../../functions/core/article/schema.ts';
import { DynamoArticleRepository } from '../../functions/adapters/article-repository.ts';
import { articleKey } from '../../functions/adapters/keys.ts';

type Image = Record<string, AttributeValue>;

export async function latestImage(dynamoDb: DynamoDBClient, tableName: string, articleId: string): Promise<Image | undefined> {
  const { pk, sk } = articleKey(articleId);
  const { Item } = await dynamoDb.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }));
  return Item as Image | undefined;
}

let sequence = 1000;

export function streamRecord(articleId: string, oldImage: Image | undefined, newImage: Image | undefined): DynamoDBRecord {
  sequence += 1;
  const { pk, sk } = articleKey(articleId);
  return {
    eventID: `event-${sequence}`,
    eventName: oldImage ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: sk } },
      SequenceNumber: String(sequence),
      ...(oldImage ? { OldImage: oldImage } : {}),
      ...(newImage ? { NewImage: newImage } : {}),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/**
 * Writes an article through the real repository and returns the stream event
 * that write produces, as the table's stream would hand it to publish.
 */
export function articleWriter({ dynamoDb, documents, tableName }: Pick<TestServices, 'dynamoDb' | 'documents' | 'tableName'>): (after: Article) => Promise<DynamoDBStreamEvent> {
  const repository = new DynamoArticleRepository(documents, tableName);
  return async (after) => {
    const before = await repository.get(after.id);
    const oldImage = await latestImage(dynamoDb, tableName, after.id);
    const objects = { raw: `raw/${after.id}/v${after.version}.txt`, json: `articles/${after.id}/v${after.version}.json`, ninjs: `articles/${after.id}/v${after.version}.ninjs.json` };
    await repository.write({ ...(before ? { before } : {}), after, objects });
    return streamEvent(streamRecord(after.id, oldImage, await latestImage(dynamoDb, tableName, after.id)));
  };
}
