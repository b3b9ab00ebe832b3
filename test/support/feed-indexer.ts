/**
 * The feed index as publish keeps it, for tests that drive ingest alone: the test table's real stream
 * (DynamoDB Local), polled as Lambda would poll it, with publish's feed-index step
 * (functions/publish/feed-entries.ts) run on each batch. `catchUp()` returns once every record written
 * so far is applied: what `GET /articles?tag=…` shows a moment after a write.
 */
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { DynamoFeedEntries } from '../../functions/adapters/feed-entries.ts';
import { updateFeedEntries } from '../../functions/publish/feed-entries.ts';
import { articleChangeOf } from '../../functions/publish/stream-records.ts';
import { localCredentials } from '../../infra/local/services.ts';
import { localRegion } from '../../infra/local/sqs/broker.ts';
import { articleLatestPattern } from '../../infra/local/stream/filter.ts';
import { StreamPoller } from '../../infra/local/stream/poller.ts';
import type { TestServices } from './services.ts';

export function feedIndexer(services: TestServices): { catchUp(): Promise<void> } {
  const streams = new DynamoDBStreamsClient({ endpoint: services.dynamoDbEndpoint, region: localRegion, credentials: localCredentials });
  const store = new DynamoFeedEntries(services.documents, services.tableName);
  const poller = new StreamPoller({
    dynamoDb: services.dynamoDb,
    streams,
    tableName: services.tableName,
    filter: articleLatestPattern,
    retryAttempts: 0,
    onDiscard: (records, reason) => {
      throw new Error(`feed index: ${records.length} stream records not applied: ${reason}`);
    },
    invoke: async (event) => {
      const failed = await updateFeedEntries(event.Records.map(articleChangeOf), store, () => undefined);
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
    },
  });
  let connected: Promise<void> | undefined;
  return {
    async catchUp() {
      connected ??= poller.connect();
      await connected;
      // Two quiet passes in a row: DynamoDB Local has handed over everything written before the call.
      for (let quiet = 0; quiet < 2; ) quiet = (await poller.pollOnce()) > 0 ? 0 : quiet + 1;
    },
  };
}
