/**
 * The delivery log in the single table: one `DELIVERY#{webhook-id}` item per
 * (subscription × event) holding the exact body, status and attempt count,
 * and one `ATTEMPT#{at}#{webhook-id}#{n}` item per attempt. Both expire after
 * 30 days through the table's TTL attribute. Attempt counts change only by
 * conditional update, so a message SQS hands out twice cannot be sent twice.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all.ts';
import type { AttemptRecord, DeliveryLog, DeliveryMessage, DeliveryRecord, Page } from '#core/webhooks/ports.ts';
import { attemptKey, deliveryKey } from './keys.ts';

export const DELIVERY_LOG_TTL_SECONDS = 30 * 24 * 3600;

const expiresAt = (iso: string) => Math.floor(Date.parse(iso) / 1000) + DELIVERY_LOG_TTL_SECONDS;
const conditionFailed = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

function toDelivery(item: Record<string, unknown>): DeliveryRecord {
  const { pk: _pk, sk: _sk, kind: _kind, expiresAt: _e, ...record } = item;
  return record as unknown as DeliveryRecord;
}

function toAttempt(item: Record<string, unknown>): AttemptRecord {
  const { pk: _pk, sk: _sk, kind: _kind, expiresAt: _e, ...record } = item;
  return record as unknown as AttemptRecord;
}

export class DynamoDeliveryLog implements DeliveryLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async begin(message: DeliveryMessage, now: string): Promise<DeliveryRecord> {
    const record: DeliveryRecord = {
      subscriptionId: message.subscriptionId,
      deliveryId: message.deliveryId,
      eventType: message.eventType,
      articleId: message.articleId,
      body: message.body,
      round: message.round,
      status: 'pending',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...deliveryKey(message.subscriptionId, message.deliveryId), kind: 'delivery', ...record, expiresAt: expiresAt(now) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return record;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return (await this.get(message.subscriptionId, message.deliveryId))!;
    }
  }

  async get(subscriptionId: string, deliveryId: string): Promise<DeliveryRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: deliveryKey(subscriptionId, deliveryId), ConsistentRead: true }),
    );
    return Item ? toDelivery(Item) : undefined;
  }

  async claimAttempt(record: DeliveryRecord, attempt: number, now: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(record.subscriptionId, record.deliveryId),
          UpdateExpression: 'SET attempts = :next, updatedAt = :now',
          ConditionExpression: 'attempts = :previous AND #round = :round AND #status = :pending',
          ExpressionAttributeNames: { '#round': 'round', '#status': 'status' },
          ExpressionAttributeValues: { ':next': attempt, ':previous': attempt - 1, ':round': record.round, ':pending': 'pending', ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async update(
    record: DeliveryRecord,
    change: Pick<DeliveryRecord, 'status'> & Partial<Pick<DeliveryRecord, 'nextAttemptAt' | 'lastError'>>,
    now: string,
  ): Promise<void> {
    const sets = ['#status = :status', 'updatedAt = :now', 'expiresAt = :expires'];
    const removes: string[] = [];
    const values: Record<string, unknown> = { ':status': change.status, ':now': now, ':expires': expiresAt(now), ':round': record.round };
    for (const field of ['nextAttemptAt', 'lastError'] as const) {
      if (change[field] !== undefined) {
        sets.push(`${field} = :${field}`);
        values[`:${field}`] = change[field];
      } else removes.push(field);
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(record.subscriptionId, record.deliveryId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: '#round = :round',
        ExpressionAttributeNames: { '#status': 'status', '#round': 'round' },
        ExpressionAttributeValues: values,
      }),
    ).catch((error: unknown) => {
      // A replay started meanwhile: the newer round owns the record.
      if (!conditionFailed(error)) throw error;
    });
  }

  async restart(record: DeliveryRecord, now: string): Promise<number> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(record.subscriptionId, record.deliveryId),
        UpdateExpression: 'SET #round = #round + :one, #status = :pending, attempts = :zero, updatedAt = :now, expiresAt = :expires REMOVE nextAttemptAt, lastError',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#round': 'round', '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':pending': 'pending', ':zero': 0, ':now': now, ':expires': expiresAt(now) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Number(Attributes?.round);
  }

  async logAttempt(attempt: AttemptRecord): Promise<void> {
    const item = Object.fromEntries(Object.entries(attempt).filter(([, v]) => v !== undefined));
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...attemptKey(attempt.subscriptionId, attempt.at, attempt.deliveryId, attempt.round * 1000 + attempt.attempt),
          kind: 'attempt',
          ...item,
          expiresAt: expiresAt(attempt.at),
        },
      }),
    );
  }

  async attempts(subscriptionId: string, options: { limit: number; cursor?: string | undefined }): Promise<Page<AttemptRecord>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': deliveryKey(subscriptionId, '').pk, ':prefix': 'ATTEMPT#' },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: options.cursor ? (JSON.parse(Buffer.from(options.cursor, 'base64url').toString('utf8')) as Record<string, unknown>) : undefined,
      }),
    );
    const cursor = page.LastEvaluatedKey ? Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url') : undefined;
    return { items: (page.Items ?? []).map(toAttempt), cursor };
  }

  async deliveriesSince(subscriptionId: string, since: string): Promise<DeliveryRecord[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'createdAt >= :since',
      ExpressionAttributeValues: { ':pk': deliveryKey(subscriptionId, '').pk, ':prefix': 'DELIVERY#', ':since': since },
    });
    const found = items.map(toDelivery);
    return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
