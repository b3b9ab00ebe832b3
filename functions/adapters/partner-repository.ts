/**
 * Partners and their API keys on the single table, held as publishers hold
 * theirs (api-key-owner.ts): the key is stored only as its SHA-256
 * (`APIKEY#{hash}` → partner id), the profile remembers which hash is current
 * so a rotation retires the old key in the same transaction.
 */
import { GetCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { createWithKey, rotateKey } from './api-key-owner.ts';
import { partnerKey } from './keys.ts';

export interface Partner {
  id: string;
  name: string;
}

export interface PartnerRecord extends Partner {
  createdAt: string;
  keyHash: string;
}

export interface PartnerRepository {
  get(id: string): Promise<PartnerRecord | undefined>;
  /** Throws PartnerExists when the id is taken. */
  create(partner: Partner, keyHash: string, now: string): Promise<void>;
  /** Throws PartnerNotFound for an unknown id. */
  rotateKey(id: string, newKeyHash: string, now: string): Promise<void>;
}

export class PartnerExists extends Error {
  override readonly name = 'PartnerExists';
}
export class PartnerNotFound extends Error {
  override readonly name = 'PartnerNotFound';
}

export class DynamoPartnerRepository implements PartnerRepository {
  constructor(
    private readonly documents: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<PartnerRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: partnerKey(id), ConsistentRead: true }));
    if (!Item) return undefined;
    return { id: Item.id as string, name: Item.name as string, createdAt: Item.createdAt as string, keyHash: Item.keyHash as string };
  }

  async create(partner: Partner, keyHash: string, now: string): Promise<void> {
    const item = { ...partnerKey(partner.id), entity: 'partner', id: partner.id, name: partner.name, createdAt: now };
    if (!(await createWithKey(this.documents, this.tableName, { item }, { partnerId: partner.id }, keyHash, now))) {
      throw new PartnerExists(`partner ${partner.id} already exists`);
    }
  }

  async rotateKey(id: string, newKeyHash: string, now: string): Promise<void> {
    const current = await this.get(id);
    if (!current) throw new PartnerNotFound(`partner ${id} does not exist`);
    await rotateKey(this.documents, this.tableName, partnerKey(id), { partnerId: id }, current.keyHash, newKeyHash, now);
  }
}
