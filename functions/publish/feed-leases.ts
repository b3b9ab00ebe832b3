/**
 * One writer per feed at a time, on the table: a lease item per feed (`LEASE#{feed}`), taken with a
 * conditional PutItem (free, or lapsed), renewed by its holder while it renders (PutItem on condition
 * it is still the holder) and given back with a conditional DeleteItem (still ours).
 *
 * Why a lease and not S3's conditional writes (`If-Match` on PUT): s3rver, the S3 the tests and the
 * local runtime run on, ignores those headers, so the guarantee could not be tested. The lease orders
 * whole renders instead: the holder reads the index only after taking it, so every render reads after
 * the previous one finished writing, and the last write is always from the newest read.
 *
 * Short and renewed, so a holder that dies (a crash, a kill, Lambda's timeout) holds the feed back for
 * at most `holdSeconds`, not for the function's whole timeout: the holder renews every quarter of the
 * hold, and trusts its lease only until three quarters of a hold after the last renewal it sent
 * (`check`), so it stops writing a quarter of a hold before any contender could take the lease over.
 * A renewal that finds the lease taken ends it at once.
 *
 * Fencing: each lease carries a fence, its acquisition time in milliseconds, which grows from holder
 * to holder (a lease is taken only once the last one lapsed). The feed's state item records the fence
 * of the render that wrote it and refuses a writer with an older one (dynamo-feed-state.ts), so a late
 * writer can never record its view over a newer render's.
 *
 * A contender waits, retrying with backoff, up to `waitMs` (longer than a hold, so a dead holder's
 * lease is waited out within one attempt), then fails: its records are retried by the stream, never
 * dropped. The item carries the table's TTL attribute, so a forgotten lease also disappears on its own.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { feedLeaseKey } from '#adapters/keys.ts';
import type { FeedKey } from '#core/feeds/keys.ts';
import type { FeedLeases, HeldLease } from './ports.ts';

export class LeaseBusy extends Error {
  override readonly name = 'LeaseBusy';
}

/** The holder can no longer be sure the lease is its own: it writes nothing more, and its records are retried. */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
}

export interface LeaseTiming {
  /** How long a lease lasts unless renewed. */
  holdSeconds: number;
  /** How long a contender waits for a busy lease before leaving its records to the stream's retry. */
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

  async hold<T>(name: FeedKey, work: (lease: HeldLease) => Promise<T>): Promise<T> {
    const holder = randomUUID();
    const holdMs = this.timing.holdSeconds * 1000;
    const fence = await this.acquire(name, holder);
    let trustedUntil = fence + (holdMs * 3) / 4;
    let lost = false;
    const lease: HeldLease = {
      fence,
      check: () => {
        if (lost || Date.now() >= trustedUntil) throw new LeaseLost(`${name}: the lease lapsed or was taken over while rendering; its records will be retried`);
      },
    };
    const renewal = setInterval(() => {
      const sentAt = Date.now();
      this.put(name, holder, fence, sentAt, 'holder = :holder', { ':holder': holder })
        .then(() => (trustedUntil = Math.max(trustedUntil, sentAt + (holdMs * 3) / 4)))
        .catch((error: unknown) => {
          // Taken over: stop at once. Any other failure: the next renewal may still succeed before trust runs out.
          if (isConditionFailure(error)) lost = true;
        });
    }, holdMs / 4);
    try {
      return await work(lease);
    } finally {
      clearInterval(renewal);
      await this.release(name, holder);
    }
  }

  /** Writes the lease item as `holder`'s, lasting a hold from `from`. */
  private put(name: FeedKey, holder: string, fence: number, from: number, condition: string, values: Record<string, unknown>) {
    const leaseUntil = from + this.timing.holdSeconds * 1000;
    return this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...feedLeaseKey(name), entity: 'lease', holder, fence, leaseUntil, expiresAt: Math.ceil(leaseUntil / 1000) + 60 },
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Takes the lease; returns its fence. */
  private async acquire(name: FeedKey, holder: string): Promise<number> {
    const giveUpAt = Date.now() + this.timing.waitMs;
    for (let attempt = 0; ; attempt += 1) {
      const now = Date.now();
      try {
        // A lease written before leases were renewed has only `expiresAt` (seconds).
        const free = 'attribute_not_exists(pk) OR leaseUntil < :now OR (attribute_not_exists(leaseUntil) AND expiresAt < :seconds)';
        await this.put(name, holder, now, now, free, { ':now': now, ':seconds': Math.floor(now / 1000) });
        return now;
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
      // Lapsed and taken by another: theirs now, and we stopped writing before it lapsed.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
