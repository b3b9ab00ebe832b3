/**
 * Lists the publishers written before the directory existed (publisher-directory.ts): one Scan of the
 * table for publisher profiles, and a directory item for each that has none. Idempotent: an item is put
 * only where none is (`attribute_not_exists`), so a publisher registered or rotated meanwhile keeps the
 * item its own transaction wrote, and a second run adds nothing.
 *
 * A Scan reads the whole table, so no Lambda runs this (none is granted Scan): the local runtime runs it
 * once on a data folder from before (infra/local/runtime.ts), and on AWS an operator runs
 * `npx syndicate publishers backfill` once after upgrading. Until then an older publisher appears in the
 * list as soon as its key is rotated (the rotation writes its item too).
 */
import { ConditionalCheckFailedException } from '#commons/clients/dynamo-errors.ts';
import { GetCommand, PutCommand, ScanCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { directoryItem } from './publisher-directory.ts';
import { apiKeyKey, publisherDirectoryKey, publisherKey } from './keys.ts';

interface ProfileSeen {
  id: string;
  name: string;
  createdAt: string;
  keyHash?: string;
}

/** Adds the missing directory items; returns the ids it added. */
export async function backfillPublisherDirectory(db: DynamoDocuments, tableName: string): Promise<string[]> {
  const profilePk = publisherKey('').pk;
  const added: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :prefix) AND sk = :sk',
        ExpressionAttributeValues: { ':prefix': profilePk, ':sk': publisherKey('').sk },
        ProjectionExpression: 'id, #name, createdAt, keyHash',
        ExpressionAttributeNames: { '#name': 'name' },
        ExclusiveStartKey: start,
      }),
    );
    for (const profile of (page.Items ?? []) as ProfileSeen[]) {
      if (typeof profile.id !== 'string' || typeof profile.name !== 'string') continue;
      if (await addListing(db, tableName, profile)) added.push(profile.id);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return added;
}

async function addListing(db: DynamoDocuments, tableName: string, profile: ProfileSeen): Promise<boolean> {
  const listed = await db.send(new GetCommand({ TableName: tableName, Key: publisherDirectoryKey(profile.id), ConsistentRead: true }));
  if (listed.Item) return false;
  // When the current key was issued: its key item says (an older profile does not).
  const key = profile.keyHash ? await db.send(new GetCommand({ TableName: tableName, Key: apiKeyKey(profile.keyHash) })) : undefined;
  const keyIssuedAt = typeof key?.Item?.createdAt === 'string' ? key.Item.createdAt : undefined;
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: directoryItem({ ...profile, createdAt: profile.createdAt ?? '', keyIssuedAt }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
