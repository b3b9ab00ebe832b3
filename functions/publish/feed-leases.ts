/**
 * One writer per feed at a time, on the table: the feed's lease lives on its state item
 * (`FEEDSTATE#{feed}` / `STATE`, dynamo-feed-state.ts) as two attributes, `fence` and `leaseUntil`.
 * - Taking it is one conditional UpdateItem (free: no `leaseUntil`, or a lapsed one) that moves the fence
 *   on and returns the whole item: the state the render starts from, read in the same write.
 * - Giving it back is the render's last state write (`saveFiles` removes `leaseUntil` in the update that
 *   records the files' hashes); only a render that changed nothing gives it back with an update of its own.
 * - Renewing it (every quarter of a hold, so only a render longer than that renews) is an UpdateItem on
 *   condition that the fence is still ours and the lease not given back.
 *
 * Why on the state item: a lease item of its own cost a put and a delete per rendered feed besides the
 * state's read and write, 21.4 of publish's 53 write units an article in the cost run (README, "Cost at
 * scale"); on the state item a render writes it twice (take, give back) and reads nothing else. Why not one
 * lease per batch or per stream shard: every batch renders `all` and its publishers' feeds, so a shard's
 * lease cannot keep two shards' renders of `all` apart, and one lease for all of publish would make every
 * shard wait for every other.
 *
 * Why a lease and not S3's conditional writes (`If-Match` on PUT): s3rver, the S3 the tests and the
 * local runtime run on, ignores those headers, so the guarantee could not be tested. The lease orders
 * whole renders instead: the holder reads the index only after taking it, so every render reads after
 * the previous one finished writing, and the last write is always from the newest read.
 *
 * Short and renewed, so a holder that dies (a crash, a kill, Lambda's timeout) holds the feed back for
 * at most `holdSeconds`, not for the function's whole timeout: the holder trusts its lease only until
 * three quarters of a hold after the last renewal it sent (`check`), so it stops writing a quarter of a
 * hold before any contender could take the lease over. A renewal that finds the lease taken ends it at once.
 *
 * Fencing: taking the lease adds one to the item's fence, so fences grow from holder to holder without
 * trusting clocks. Every state write carries the writer's fence and is refused once a newer one is recorded
 * (dynamo-feed-state.ts), so a late writer can never record its view over a newer render's.
 *
 * A contender waits, retrying with backoff, up to `waitMs` (longer than a hold, so a dead holder's
 * lease is waited out within one attempt), then fails: its records are retried by the stream, never dropped.
 *
 * Leases were once items of their own (`LEASE#{feed}`, with a TTL): left over, they expire on their own. An
 * invocation of that older code still running while a deploy replaces it does not see the leases kept here
 * (and its fences were clock times, larger than the counter's), so for that moment two renders of a feed can
 * overlap and an older view can be written; it stays until the feed's next render writes the newest view again.
 */
import { ConditionalCheckFailedException } from '#commons/clients/dynamo-errors.ts';
import { UpdateCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { feedStateKey } from '#adapters/keys.ts';
import type { FeedKey } from '#core/feeds/keys.ts';
import { stateOf } from './dynamo-feed-state.ts';
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

/** Still this holder's: no newer fence, and not given back. */
const stillOurs = 'fence = :fence AND attribute_exists(leaseUntil)';

export class DynamoFeedLeases implements FeedLeases {
  constructor(
    private readonly documents: DynamoDocuments,
    private readonly tableName: string,
    private readonly timing: LeaseTiming,
  ) {}

  async hold<T>(name: FeedKey, work: (lease: HeldLease) => Promise<T>): Promise<T> {
    const holdMs = this.timing.holdSeconds * 1000;
    const { fence, state, takenAt } = await this.acquire(name);
    let trustedUntil = takenAt + (holdMs * 3) / 4;
    let lost = false;
    let givenBack = false;
    const lease: HeldLease = {
      fence,
      state,
      check: () => {
        if (lost || Date.now() >= trustedUntil) throw new LeaseLost(`${name}: the lease lapsed or was taken over while rendering; its records will be retried`);
      },
      released: () => void (givenBack = true),
    };
    const renewal = setInterval(() => {
      const sentAt = Date.now();
      this.update(name, 'SET leaseUntil = :until', stillOurs, { ':fence': fence, ':until': sentAt + holdMs })
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
      if (!givenBack) await this.release(name, fence);
    }
  }

  private update(name: FeedKey, expression: string, condition: string, values: Record<string, unknown>, returnItem = false) {
    return this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: feedStateKey(name),
        UpdateExpression: expression,
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
        ...(returnItem ? { ReturnValues: 'ALL_NEW' as const } : {}),
      }),
    );
  }

  /** Takes the lease: its fence, the feed's state as it was taken, and when (the holder's clock). */
  private async acquire(name: FeedKey) {
    const giveUpAt = Date.now() + this.timing.waitMs;
    for (let attempt = 0; ; attempt += 1) {
      const takenAt = Date.now();
      try {
        const { Attributes } = await this.update(
          name,
          'SET fence = if_not_exists(fence, :zero) + :one, leaseUntil = :until, entity = :entity',
          'attribute_not_exists(leaseUntil) OR leaseUntil < :now',
          { ':zero': 0, ':one': 1, ':until': takenAt + this.timing.holdSeconds * 1000, ':now': takenAt, ':entity': 'feed-state' },
          true,
        );
        const fence = Attributes?.fence as number;
        return { fence, state: { ...stateOf(Attributes), fence }, takenAt };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        if (Date.now() >= giveUpAt) throw new LeaseBusy(`${name} is being rendered by another invocation; its records will be retried`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(25 * 2 ** attempt, 500)));
      }
    }
  }

  /** Gives the lease back when the render wrote no state (nothing changed) or failed before it could. */
  private async release(name: FeedKey, fence: number): Promise<void> {
    try {
      await this.update(name, 'REMOVE leaseUntil', stillOurs, { ':fence': fence });
    } catch (error) {
      // Lapsed and taken by another: theirs now, and we stopped writing before it lapsed.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
