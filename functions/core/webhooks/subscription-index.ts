/**
 * Finds the subscriptions an event goes to. Subscriptions are filed under each
 * of their tags (or under `*` when they want everything), the same layout as
 * the table's `SUBSCRIBERS#` partitions, so a match reads only the buckets of
 * the article's tags: its cost follows the number of matching subscriptions,
 * never the total.
 */
import type { ArticleEvent } from '../article/events.ts';
import { ALL_TAGS, subscriberWants } from './subscriber-filter.ts';
import type { Subscription } from './subscription.ts';

export { ALL_TAGS };

/** The index buckets a subscription is filed under. */
export const bucketsOf = (s: Pick<Subscription, 'tags'>): string[] => (s.tags.length === 0 ? [ALL_TAGS] : s.tags);

/** The buckets an event reads: its article's tags (implied parents included) and `*`. */
export const bucketsFor = (event: ArticleEvent): string[] => [ALL_TAGS, ...new Set(event.article.tags.map((t) => t.id))];

export interface MatchResult {
  subscriptions: Subscription[];
  /** Index entries read to answer: the cost measure tests assert on. */
  entriesRead: number;
}

export class SubscriptionIndex {
  private readonly buckets = new Map<string, Map<string, Subscription>>();

  constructor(subscriptions: Iterable<Subscription> = []) {
    for (const s of subscriptions) this.add(s);
  }

  add(subscription: Subscription): void {
    for (const bucket of bucketsOf(subscription)) {
      let entries = this.buckets.get(bucket);
      if (!entries) this.buckets.set(bucket, (entries = new Map()));
      entries.set(subscription.id, subscription);
    }
  }

  remove(subscription: Subscription): void {
    for (const bucket of bucketsOf(subscription)) this.buckets.get(bucket)?.delete(subscription.id);
  }

  /** Active subscriptions sharing a tag (or wanting all) whose filters want this event, each once. */
  match(event: ArticleEvent): MatchResult {
    const found = new Map<string, Subscription>();
    let entriesRead = 0;
    for (const bucket of bucketsFor(event)) {
      for (const s of this.buckets.get(bucket)?.values() ?? []) {
        entriesRead++;
        if (s.status === 'active' && !found.has(s.id) && subscriberWants({ ...s, bucket }, event)) found.set(s.id, s);
      }
    }
    return { subscriptions: [...found.values()], entriesRead };
  }
}
