/**
 * The publisher directory: what `GET /publishers` lists. Each publisher lives in a partition of its own
 * (`PUBLISHER#{id}`), which no bounded read can enumerate, so every write of a profile also writes a small
 * directory item in one shared partition (`PUBLISHERS`, sorted by id), in the same transaction
 * (publisher-repository.ts). The item holds only what may be shown: never the key's hash, only a short
 * key id (its first 12 hex digits: a publisher can tell which key it holds, nobody can sign in with it).
 * Publishers written before the directory existed are added by publisher-directory-backfill.ts.
 */
import { QueryCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { ListedPublisher } from '#core/publishers/listed-publisher.ts';
import { decodeCursor, encodeCursor, InvalidCursor } from './cursor.ts';
import { PUBLISHER_DIRECTORY_PARTITION, publisherDirectoryKey, publisherDirectoryPrefix } from './keys.ts';

export type { ListedPublisher };

export const keyIdOf = (keyHash: string): string => `key_${keyHash.slice(0, 12)}`;

/** The directory item of a publisher profile: what it may show, under the directory key. */
export function directoryItem(profile: { id: string; name: string; createdAt: string; keyHash?: string | undefined; keyIssuedAt?: string | undefined }) {
  const listed: ListedPublisher = {
    id: profile.id,
    name: profile.name,
    createdAt: profile.createdAt,
    status: profile.keyHash ? 'active' : 'no_key',
    ...(profile.keyHash ? { keyId: keyIdOf(profile.keyHash) } : {}),
    ...(profile.keyHash && profile.keyIssuedAt ? { keyIssuedAt: profile.keyIssuedAt } : {}),
  };
  return { ...publisherDirectoryKey(profile.id), entity: 'publisher-listing', ...listed };
}

export interface PublisherPage {
  publishers: ListedPublisher[];
  cursor?: string;
}

/** One page of the directory, by id: a single Query of at most `limit` items. */
export async function listPublishers(db: DynamoDocuments, tableName: string, limit: number, cursor?: string): Promise<PublisherPage> {
  const { pk, skPrefix } = publisherDirectoryPrefix();
  const start = cursor === undefined ? undefined : decodeCursor(cursor);
  // A cursor of another listing (a subscriptions page, say) would start outside this partition.
  if (start && (start.pk !== PUBLISHER_DIRECTORY_PARTITION || !String(start.sk).startsWith(skPrefix) || Object.keys(start).length !== 2)) {
    throw new InvalidCursor();
  }
  // One item past the page says whether another page exists, so the last page never points at an empty one.
  const page = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      Limit: limit + 1,
      ExclusiveStartKey: start,
      ConsistentRead: true,
    }),
  );
  const items = (page.Items ?? []).slice(0, limit);
  const publishers = items.map((item) => {
    const { id, name, createdAt, status, keyId, keyIssuedAt } = item as ListedPublisher;
    return { id, name, createdAt, status, ...(keyId ? { keyId } : {}), ...(keyIssuedAt ? { keyIssuedAt } : {}) };
  });
  // The read stopped before the partition's end (past the page's extra item, or at DynamoDB's 1 MB): read on after the last shown.
  const last = items.at(-1);
  return { publishers, ...(page.LastEvaluatedKey && last ? { cursor: encodeCursor({ pk: last.pk, sk: last.sk }) } : {}) };
}
