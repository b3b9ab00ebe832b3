/**
 * Feed leases (functions/publish/feed-leases.ts) left behind by a local runtime that was killed.
 *
 * On AWS a lease outlasts the publish function's timeout, so a holder that died is known to have stopped
 * once its lease expires, and waiting it out is what keeps one writer per feed. The local runtime has a
 * stronger fact at start: it alone owns its data folder, and nothing of its previous run is still running,
 * so every lease in the table belongs to a dead holder. Left in place, they would fail every record that
 * touches those feeds for the lease's whole hold (the publish timeout plus 10 s) and stall the stream
 * behind them; so they are deleted before the stream poller starts.
 *
 * One Scan of the table, keys only (a lease has no index to find it by), paid once at start: 1 to 2.6 s
 * for 10,000 items of 1 KB on DynamoDB Local, measured on the shared 2-core machine under load.
 */
import { BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { feedLeasePrefix } from '#adapters/keys.ts';

/** Deletes every feed lease in `tableName`; returns how many there were. */
export async function releaseStaleLeases(documents: DynamoDBDocumentClient, tableName: string): Promise<number> {
  const keys: Array<{ pk: string; sk: string }> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({
      TableName: tableName,
      ProjectionExpression: 'pk, sk',
      FilterExpression: 'begins_with(pk, :lease)',
      ExpressionAttributeValues: { ':lease': feedLeasePrefix },
      ExclusiveStartKey: start,
    }));
    keys.push(...((page.Items ?? []) as Array<{ pk: string; sk: string }>));
    start = page.LastEvaluatedKey;
  } while (start);
  for (let i = 0; i < keys.length; i += 25) {
    let requests: Record<string, unknown[]> | undefined = {
      [tableName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
    };
    // DynamoDB Local does not throttle, but a batch may still hand some requests back.
    while (requests && Object.keys(requests).length > 0) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: requests as never }));
      requests = result.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  }
  return keys.length;
}
