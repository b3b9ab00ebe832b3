/**
 * Webhook bodies, stored once per event rather than once per subscriber: one
 * `EVENT#{hash of the event key}` / `PAYLOAD` item, written by fan-out before
 * the event's messages are queued, read back only by replay. The messages
 * carry the body themselves, so delivering never reads it. Expires with the
 * delivery log (TTL), a few days after it.
 *
 * The same item records that the event's messages were all queued
 * (`handedOver`, HandOverMarks): fan-out writes the body with a PutItem on the
 * condition that the item is not marked, so learning whether the event was
 * handed over before costs no extra call (a refused write leaves the mark in
 * place), and marks it after queueing (one more write per event, not per
 * delivery).
 */
import { GetCommand, PutCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import type { HandOverMarks, PayloadStore } from '#core/webhooks/ports.ts';
import { DELIVERY_LOG_TTL_SECONDS } from './delivery-log.ts';
import { payloadKey } from './keys.ts';

/** Longer than the log: a delivery kept alive by retries still finds its body. */
const PAYLOAD_TTL_SECONDS = DELIVERY_LOG_TTL_SECONDS + 7 * 24 * 3600;

export class DynamoPayloadStore implements PayloadStore, HandOverMarks {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async put(eventKey: string, body: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: this.item(eventKey, body) }));
  }

  async putIfNotHandedOver(eventKey: string, body: string): Promise<boolean> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: this.item(eventKey, body), ConditionExpression: 'attribute_not_exists(handedOver)' }));
      return false;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return true;
      throw error;
    }
  }

  /** The whole item again, marked: a PutItem, which publish may already write (no UpdateItem granted to it); an event's body is small. */
  async markHandedOver(eventKey: string, body: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...this.item(eventKey, body), handedOver: true } }));
  }

  private item(eventKey: string, body: string): Record<string, unknown> {
    return { ...payloadKey(eventKey), kind: 'payload', eventKey, body, expiresAt: Math.floor(this.now() / 1000) + PAYLOAD_TTL_SECONDS };
  }

  async get(eventKey: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: payloadKey(eventKey) }));
    return typeof Item?.body === 'string' ? Item.body : undefined;
  }
}
