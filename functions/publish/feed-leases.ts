/**
 * One writer per feed at a time, on the table: a lease item per feed (`LEASE#{feed}`), taken with a
 * conditional PutItem (free, or expired) and given back with a conditional DeleteItem (still ours).
 *
 * Why a lease and not S3's conditional writes (`If-Match` on PUT): s3rver, the S3 the tests and the
 * local runtime run on, ignores those headers, so the guarantee could not be tested. The lease orders
 * whole renders instead: the holder reads the index only after taking it, so every render reads after
 * the previous one finished writing, and the last write is always from the newest read.
 *
 * A lease lasts longer than the publish function may run (`holdSeconds`): Lambda stops a holder at its
 * timeout, so a holder whose lease expired can no longer be writing. A contender waits, retrying with
 * backoff, up to `waitMs`, then fails: its records are retried by the stream, never dropped. The item
 * carries the table's TTL attribute, so a lease left by a crashed holder also disappears on its own.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { feedLeaseKey } from '#adapters/keys.ts';
import type { FeedKey } from '#core/feeds/keys.ts';
import type { FeedLeases } from './ports.ts';

export class LeaseBusy extends Error {
  override readonly name = 'LeaseBusy';
}

export interface LeaseTiming {
  holdSeconds: number;
  waitMs: number;
}

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoFeedLeases implements FeedLeases {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly timing: LeaseTiming,
  ) {}

  async hold<T>(name: FeedKey, work: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    await this.acquire(name, holder);
    try {
      return await work();
    } finally {
      await this.release(name, holder);
    }
  }

  private async acquire(name: FeedKey, holder: string): Promise<void> {
    const giveUpAt = Date.now() + this.timing.waitMs;
    for (let attempt = 0; ; attempt += 1) {
      const now = Math.floor(Date.now() / 1000);
      try {
        await this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...feedLeaseKey(name), entity: 'lease', holder, expiresAt: now + this.timing.holdSeconds },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        if (Date.now() >= giveUpAt) throw new LeaseBusy(`${name} is being rendered by another invocation; its records will be retried`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 500)));
      }
    }
  }

  private async release(name: FeedKey, holder: string): Promise<void> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: feedLeaseKey(name),
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      // Expired and taken by another: theirs now, and our writes were done before it expired.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
