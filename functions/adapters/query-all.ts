/**
 * Every item a DynamoDB Query matches, across pages: a Query returns at most
 * 1 MB per call, so an index or log partition that grows past that would be
 * cut short by a single call.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';

export async function queryAll(client: DynamoDocuments, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start = input.ExclusiveStartKey;
  do {
    const { Items = [], LastEvaluatedKey } = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...Items);
    start = LastEvaluatedKey;
  } while (start);
  return items;
}
