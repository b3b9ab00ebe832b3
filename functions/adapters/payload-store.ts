/**
 * Webhook bodies, stored once per event rather than once per subscriber: one
 * `EVENT#{hash of the event key}` / `PAYLOAD` item, written by fan-out before
 * the event's messages are queued, read back only by replay. The messages
 * carry the body themselves, so delivering never reads it. Expires with the
 * delivery log (TTL), a few days after it.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PayloadStore } from '#core/webhooks/ports.ts';
import { DELIVERY_LOG_TTL_SECONDS } from './delivery-log.ts';
import { payloadKey } from './keys.ts';

/** Longer than the log: a delivery kept alive by retries still finds its body. */
const PAYLOAD_TTL_SECONDS = DELIVERY_LOG_TTL_SECONDS + 7 * 24 * 3600;

export class DynamoPayloadStore implements PayloadStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async put(eventKey: string, body: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...payloadKey(eventKey), kind: 'payload', eventKey, body, expiresAt: Math.floor(this.now() / 1000) + PAYLOAD_TTL_SECONDS },
      }),
    );
  }

  async get(eventKey: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: payloadKey(eventKey) }));
    return typeof Item?.body === 'string' ? Item.body : undefined;
  }
}
