import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { Article } from '#core/article/schema.ts';
import { articleEventFromChange } from '#core/article/events.ts';
import { articleLatestPattern, matchesFilter } from '../../infra/local/stream/filter.ts';
import { repoRoot } from '../support/shared.ts';

const read = <T>(...parts: string[]) => JSON.parse(readFileSync(join(repoRoot, 'events', ...parts), 'utf8')) as T;
const articleOf = (image: Record<string, unknown> | undefined) => {
  if (!image) return undefined;
  const { pk: _pk, sk: _sk, entity: _entity, objects: _objects, ...fields } = unmarshall(image as Record<string, AttributeValue>);
  return Article.parse(fields);
};

describe('sample events for syndicate invoke', () => {
  const expected: Record<string, string> = {
    'article-published.json': 'article.published',
    'article-updated.json': 'article.updated',
    'article-withdrawn.json': 'article.withdrawn',
  };

  it.each(readdirSync(join(repoRoot, 'events', 'stream')))('stream sample %s passes the publish filter and carries valid articles', (file) => {
    const event = read<DynamoDBStreamEvent>('stream', file);
    for (const record of event.Records) {
      expect(matchesFilter(articleLatestPattern, record)).toBe(true);
      const change = articleEventFromChange(articleOf(record.dynamodb?.OldImage), articleOf(record.dynamodb?.NewImage));
      expect(change?.type).toBe(expected[file]);
    }
  });

  it('the SQS sample has the checksum SQS would give its body and a delivery message body', () => {
    const [record] = read<SQSEvent>('sqs', 'delivery.json').Records;
    expect(record!.md5OfBody).toBe(createHash('md5').update(record!.body).digest('hex'));
    const message = JSON.parse(record!.body) as { subscriptionId: string; deliveryId: string; body: string; round: number };
    expect(message).toMatchObject({ subscriptionId: expect.any(String), deliveryId: expect.any(String), round: 0 });
    expect(JSON.parse(message.body)).toMatchObject({ type: 'article.published', data: { id: expect.any(String) } });
  });
});
