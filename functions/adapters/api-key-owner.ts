/**
 * How a publisher or a partner holds its API key, written once for both
 * (publisher-repository.ts, partner-repository.ts): the profile item keeps the
 * current key's SHA-256 (`keyHash`) and an `APIKEY#{hash}` item names the owner.
 * Creating writes both in one transaction; rotating swaps the hash on the
 * profile, adds the new key item and deletes the old one in one transaction, so
 * the old key stops working the moment the new one starts. An owner may add
 * items of its own to either transaction (the publisher directory entry).
 */
import { TransactionCanceledException } from '#commons/clients/dynamo-errors.ts';
import { TransactWriteCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { apiKeyItem, apiKeyKey } from './keys.ts';

export type KeyOwner = { publisherId: string } | { partnerId: string };

type TableKey = { pk: string; sk: string };

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/**
 * Writes the profile (with `keyHash`) and its key item. False when the profile's
 * condition failed (the id is taken); `profileCondition` defaults to "no such item yet".
 */
export async function createWithKey(
  db: DynamoDocuments,
  tableName: string,
  profile: { item: TableKey & Record<string, unknown>; condition?: string },
  owner: KeyOwner,
  keyHash: string,
  now: string,
  also: TransactItems = [],
): Promise<boolean> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { ...profile.item, keyHash }, ConditionExpression: profile.condition ?? 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName, Item: apiKeyItem(keyHash, owner, now), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...also,
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** Replaces the profile's key: conditional on the hash read before (a concurrent rotation fails rather than leaves two keys). */
export async function rotateKey(
  db: DynamoDocuments,
  tableName: string,
  profileKey: TableKey,
  owner: KeyOwner,
  current: string | undefined,
  next: string,
  now: string,
  also: TransactItems = [],
): Promise<void> {
  const items: TransactItems = [
    {
      Update: {
        TableName: tableName,
        Key: profileKey,
        UpdateExpression: 'SET keyHash = :new',
        ConditionExpression: current ? 'keyHash = :old' : 'attribute_not_exists(keyHash)',
        ExpressionAttributeValues: { ':new': next, ...(current ? { ':old': current } : {}) },
      },
    },
    { Put: { TableName: tableName, Item: apiKeyItem(next, owner, now), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  if (current) items.push({ Delete: { TableName: tableName, Key: apiKeyKey(current) } });
  items.push(...also);
  await db.send(new TransactWriteCommand({ TransactItems: items }));
}
