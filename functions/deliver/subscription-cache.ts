/**
 * The deliver Lambda's per-container view of subscriptions: one table read
 * per subscription per `maxAgeSeconds`, not one per delivery, and the
 * endpoints of a whole SQS batch read in one BatchGetItem (`prefetch`).
 *
 * Staleness bound: an entry (found or not found) is used for at most
 * `maxAgeSeconds` (SUBSCRIPTION_CACHE_SECONDS, 30 s by default) after it was
 * read (eventually consistent, repository `getMany`: the view may trail the
 * table by its replication lag, well under a second as a rule). So a deleted or disabled endpoint receives attempts for at most that
 * long after the change, and a secret that rotation retired keeps signing for
 * at most that long past its end (rotation's grace period is hours, so in
 * practice never). Changes this container makes itself (disable, failure
 * streak, circuit) update its entry at once; another container's open
 * circuit is seen within the same bound.
 */
import type { OpenCircuit } from '#core/webhooks/circuit-breaker.ts';
import type { EndpointDisabledEvent } from '#core/webhooks/endpoint-health.ts';
import type { StoredSubscription, SubscriptionStore } from '#core/webhooks/ports.ts';

export const DEFAULT_SUBSCRIPTION_CACHE_SECONDS = 30;

export type DeliverSubscriptions = Pick<SubscriptionStore, 'get' | 'setFailingSince' | 'disable'> & {
  /** Reads the ones not cached in one go, so the batch's `get`s are served from memory. */
  prefetch?(ids: readonly string[]): Promise<void>;
  setCircuit?(id: string, circuit: OpenCircuit | undefined): Promise<void>;
};

type Store = Pick<SubscriptionStore, 'get' | 'setFailingSince' | 'disable'> & Partial<Pick<SubscriptionStore, 'getMany' | 'setCircuit'>>;

interface Entry {
  value: StoredSubscription | undefined;
  readAt: number;
}

export class CachedSubscriptions implements DeliverSubscriptions {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<StoredSubscription | undefined>>();

  constructor(
    private readonly store: Store,
    private readonly maxAgeSeconds = DEFAULT_SUBSCRIPTION_CACHE_SECONDS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Table calls made, and subscriptions read by them: what the benchmark and tests look at. */
  reads = 0;
  itemsRead = 0;

  private fresh(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    return entry && this.now() - entry.readAt < this.maxAgeSeconds * 1000 ? entry : undefined;
  }

  async get(id: string): Promise<StoredSubscription | undefined> {
    const entry = this.fresh(id);
    if (entry) return entry.value;
    // A batch of ten messages for one endpoint shares one read.
    return this.pending.get(id) ?? this.track([id], this.store.get(id).then((value) => new Map(value ? [[id, value]] : [])));
  }

  async prefetch(ids: readonly string[]): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.fresh(id) && !this.pending.has(id));
    if (wanted.length === 0) return;
    // One id goes through the batch read too: eventually consistent, half a strong GetItem's read units.
    if (!this.store.getMany) {
      await Promise.all(wanted.map((id) => this.get(id)));
      return;
    }
    await this.track(wanted, this.store.getMany(wanted));
  }

  /** Files one read of `ids` as pending for each, then as their entries; resolves with the first id's value. */
  private track(ids: string[], read: Promise<Map<string, StoredSubscription>>): Promise<StoredSubscription | undefined> {
    const readAt = this.now();
    this.reads++;
    this.itemsRead += ids.length;
    const settled = read.then(
      (found) => {
        for (const id of ids) {
          this.entries.set(id, { value: found.get(id), readAt });
          this.pending.delete(id);
        }
        return found;
      },
      (error: unknown) => {
        for (const id of ids) this.pending.delete(id);
        throw error;
      },
    );
    for (const id of ids) {
      const one = settled.then((found) => found.get(id));
      // Marked handled here: a failed read rejects whoever awaits it, and no one else.
      one.catch(() => undefined);
      this.pending.set(id, one);
    }
    return this.pending.get(ids[0]!)!;
  }

  async setFailingSince(id: string, failingSince: string | undefined): Promise<void> {
    await this.store.setFailingSince(id, failingSince);
    const entry = this.entries.get(id);
    if (entry?.value) entry.value = { ...entry.value, failingSince: entry.value.failingSince ?? failingSince, ...(failingSince ? {} : { failingSince: undefined }) };
  }

  async setCircuit(id: string, circuit: OpenCircuit | undefined): Promise<void> {
    await this.store.setCircuit?.(id, circuit);
    const entry = this.entries.get(id);
    if (entry?.value) entry.value = { ...entry.value, circuit };
  }

  async disable(id: string, event: EndpointDisabledEvent): Promise<void> {
    await this.store.disable(id, event);
    const entry = this.entries.get(id);
    if (entry?.value) entry.value = { ...entry.value, status: 'disabled', disabledAt: event.at, disabledReason: event.reason };
  }
}
