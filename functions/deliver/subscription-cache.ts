/**
 * The deliver Lambda's per-container view of subscriptions: one table read
 * per subscription per `maxAgeSeconds`, not one per delivery.
 *
 * Staleness bound: an entry (found or not found) is used for at most
 * `maxAgeSeconds` (SUBSCRIPTION_CACHE_SECONDS, 30 s by default) after it was
 * read. So a deleted or disabled endpoint receives attempts for at most that
 * long after the change, and a secret that rotation retired keeps signing for
 * at most that long past its end (rotation's grace period is hours, so in
 * practice never). Changes this container makes itself (disable, failure
 * streak) update its entry at once.
 */
import type { EndpointDisabledEvent } from '#core/webhooks/endpoint-health.ts';
import type { StoredSubscription, SubscriptionStore } from '#core/webhooks/ports.ts';

export const DEFAULT_SUBSCRIPTION_CACHE_SECONDS = 30;

export type DeliverSubscriptions = Pick<SubscriptionStore, 'get' | 'setFailingSince' | 'disable'>;

interface Entry {
  value: StoredSubscription | undefined;
  readAt: number;
}

export class CachedSubscriptions implements DeliverSubscriptions {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<StoredSubscription | undefined>>();

  constructor(
    private readonly store: DeliverSubscriptions,
    private readonly maxAgeSeconds = DEFAULT_SUBSCRIPTION_CACHE_SECONDS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads count: what the benchmark and tests look at. */
  reads = 0;

  async get(id: string): Promise<StoredSubscription | undefined> {
    const entry = this.entries.get(id);
    if (entry && this.now() - entry.readAt < this.maxAgeSeconds * 1000) return entry.value;
    // A batch of ten messages for one endpoint shares one read.
    let read = this.pending.get(id);
    if (!read) {
      const readAt = this.now();
      this.reads++;
      read = this.store.get(id).then(
        (value) => {
          this.entries.set(id, { value, readAt });
          this.pending.delete(id);
          return value;
        },
        (error: unknown) => {
          this.pending.delete(id);
          throw error;
        },
      );
      this.pending.set(id, read);
    }
    return read;
  }

  async setFailingSince(id: string, failingSince: string | undefined): Promise<void> {
    await this.store.setFailingSince(id, failingSince);
    const entry = this.entries.get(id);
    if (entry?.value) entry.value = { ...entry.value, failingSince: entry.value.failingSince ?? failingSince, ...(failingSince ? {} : { failingSince: undefined }) };
  }

  async disable(id: string, event: EndpointDisabledEvent): Promise<void> {
    await this.store.disable(id, event);
    const entry = this.entries.get(id);
    if (entry?.value) entry.value = { ...entry.value, status: 'disabled', disabledAt: event.at, disabledReason: event.reason };
  }
}
