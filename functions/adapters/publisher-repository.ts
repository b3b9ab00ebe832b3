/**
 * Publishers and their API keys on the single table. A key is stored only as
 * its SHA-256 (`APIKEY#{hash}` → publisher id), so the table never holds a
 * usable credential; the publisher item remembers which hash is current so
 * rotation can retire the old one in the same transaction (api-key-owner.ts,
 * shared with partners).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Publisher } from '#core/article/schema.ts';
import type { Principal } from './auth.ts';
import { createWithKey, rotateKey } from './api-key-owner.ts';
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

export class DynamoPublisherRepository implements PublisherRepository {
  /** Publishers known to exist: registration on first sight then costs one write per container, not per article. */
  private readonly ensured = new Set<string>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<PublisherRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: publisherKey(id), ConsistentRead: true }));
    if (!Item) return undefined;
    const { id: pid, name, createdAt, keyHash } = Item as Record<string, string>;
    return { id: pid!, name: name!, createdAt: createdAt!, ...(keyHash ? { keyHash } : {}) };
  }

  async create(publisher: Publisher, keyHash: string, now: string): Promise<void> {
    const item = { ...publisherKey(publisher.id), entity: 'publisher', id: publisher.id, name: publisher.name, createdAt: now };
    // A publisher first seen in admin-posted content has no key yet: issuing its first key is allowed.
    const condition = 'attribute_not_exists(pk) OR attribute_not_exists(keyHash)';
    if (!(await createWithKey(this.documents, this.tableName, { item, condition }, { publisherId: publisher.id }, keyHash, now))) {
      throw new PublisherExists(`publisher ${publisher.id} already exists`);
    }
  }

  async ensure(publisher: Publisher, now: string): Promise<void> {
    if (this.ensured.has(publisher.id)) return;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...publisherKey(publisher.id), entity: 'publisher', id: publisher.id, name: publisher.name, createdAt: now },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    this.ensured.add(publisher.id);
  }

  async rotateKey(id: string, newKeyHash: string): Promise<void> {
    const current = await this.get(id);
    if (!current) throw new PublisherNotFound(`publisher ${id} does not exist`);
    await rotateKey(this.documents, this.tableName, publisherKey(id), { publisherId: id }, current.keyHash, newKeyHash, new Date().toISOString());
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
