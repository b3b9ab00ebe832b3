/**
 * Publishers and their API keys on the single table. A key is stored only as
 * its SHA-256 (`APIKEY#{hash}` → publisher id), so the table never holds a
 * usable credential; the publisher item remembers which hash is current so
 * rotation can retire the old one in the same transaction (api-key-owner.ts,
 * shared with partners). Every write of a profile writes its directory item
 * (publisher-directory.ts) in the same transaction, so `GET /publishers` lists
 * exactly the publishers that exist.
 */
import { TransactionCanceledException } from '#commons/clients/dynamo-errors.ts';
import { GetCommand, TransactWriteCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { Publisher } from '#core/article/schema.ts';
import type { Principal } from './auth.ts';
import { createWithKey, rotateKey } from './api-key-owner.ts';
import { directoryItem, listPublishers, type PublisherPage } from './publisher-directory.ts';
import { apiKeyKey, publisherKey } from './keys.ts';

export interface PublisherRecord extends Publisher {
  createdAt: string;
  /** Absent for publishers registered on first sight by an admin post: they have no key until one is issued. */
  keyHash?: string;
}

export interface PublisherRepository {
  get(id: string): Promise<PublisherRecord | undefined>;
  /** Creates the publisher with its first key; throws PublisherExists when the id is taken by a publisher with a key. */
  create(publisher: Publisher, keyHash: string, now: string): Promise<void>;
  /** Registers a publisher seen for the first time in content posted by an admin; no-op when it exists. */
  ensure(publisher: Publisher, now: string): Promise<void>;
  /** Replaces the current key; the old one stops working in the same transaction. */
  rotateKey(id: string, newKeyHash: string): Promise<void>;
  /** One page of the directory, by id (`limit` items at most); InvalidCursor for a cursor we did not issue. */
  directoryPage(limit: number, cursor?: string): Promise<PublisherPage>;
  publisherIdForKey(keyHash: string): Promise<string | undefined>;
  /** Whose key this is: API key items name a publisher or a partner (partner-repository.ts writes those). */
  principalForKey(keyHash: string): Promise<Principal | undefined>;
}

export class PublisherExists extends Error {
  override readonly name = 'PublisherExists';
}
export class PublisherNotFound extends Error {
  override readonly name = 'PublisherNotFound';
}

/**
 * The reads alone: what the subscriptions function needs (authenticating a caller, checking that a
 * publisher exists), so its code reaches, and its role is granted, no publisher writes.
 */
export class DynamoPublisherReader {
  constructor(
    protected readonly documents: DynamoDocuments,
    protected readonly tableName: string,
  ) {}

  async get(id: string): Promise<PublisherRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: publisherKey(id), ConsistentRead: true }));
    if (!Item) return undefined;
    const { id: pid, name, createdAt, keyHash } = Item as Record<string, string>;
    return { id: pid!, name: name!, createdAt: createdAt!, ...(keyHash ? { keyHash } : {}) };
  }

  async publisherIdForKey(keyHash: string): Promise<string | undefined> {
    const principal = await this.principalForKey(keyHash);
    return principal?.kind === 'publisher' ? principal.publisherId : undefined;
  }

  async principalForKey(keyHash: string): Promise<Principal | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: apiKeyKey(keyHash), ConsistentRead: true }));
    if (typeof Item?.publisherId === 'string') return { kind: 'publisher', publisherId: Item.publisherId };
    if (typeof Item?.partnerId === 'string') return { kind: 'partner', partnerId: Item.partnerId };
    return undefined;
  }
}

export class DynamoPublisherRepository extends DynamoPublisherReader implements PublisherRepository {
  /** Publishers known to exist: registration on first sight then costs one write per container, not per article. */
  private readonly ensured = new Set<string>();

  async create(publisher: Publisher, keyHash: string, now: string): Promise<void> {
    const item = { ...publisherKey(publisher.id), entity: 'publisher', id: publisher.id, name: publisher.name, createdAt: now };
    // A publisher first seen in admin-posted content has no key yet: issuing its first key is allowed.
    const condition = 'attribute_not_exists(pk) OR attribute_not_exists(keyHash)';
    const listed = { Put: { TableName: this.tableName, Item: directoryItem({ ...publisher, createdAt: now, keyHash, keyIssuedAt: now }) } };
    if (!(await createWithKey(this.documents, this.tableName, { item, condition }, { publisherId: publisher.id }, keyHash, now, [listed]))) {
      throw new PublisherExists(`publisher ${publisher.id} already exists`);
    }
  }

  async ensure(publisher: Publisher, now: string): Promise<void> {
    if (this.ensured.has(publisher.id)) return;
    const profile = { id: publisher.id, name: publisher.name, createdAt: now };
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...publisherKey(publisher.id), entity: 'publisher', ...profile }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: directoryItem(profile) } },
          ],
        }),
      );
    } catch (error) {
      // It exists: its directory item was written with it (or by the backfill, for one older than the directory).
      const exists = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (!exists) throw error;
    }
    this.ensured.add(publisher.id);
  }

  async rotateKey(id: string, newKeyHash: string): Promise<void> {
    const current = await this.get(id);
    if (!current) throw new PublisherNotFound(`publisher ${id} does not exist`);
    const now = new Date().toISOString();
    // A whole Put, not an update: it also lists a publisher older than the directory that the backfill has not reached.
    const listed = { Put: { TableName: this.tableName, Item: directoryItem({ ...current, keyHash: newKeyHash, keyIssuedAt: now }) } };
    await rotateKey(this.documents, this.tableName, publisherKey(id), { publisherId: id }, current.keyHash, newKeyHash, now, [listed]);
  }

  directoryPage(limit: number, cursor?: string): Promise<PublisherPage> {
    return listPublishers(this.documents, this.tableName, limit, cursor);
  }
}
