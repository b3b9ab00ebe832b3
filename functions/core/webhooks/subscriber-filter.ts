/**
 * Whether one subscription wants one article event, judged from its index entry
 * alone (the `SUBSCRIBERS#` item carries the filters, so matching never reads
 * profiles). A subscription filed under several tag buckets is asked once per
 * bucket it was found in; it wants the event when any of them says yes.
 * 1. the event type must be one it asked for (none asked: all);
 * 2. `distinct`: a near-duplicate (an article carrying `nearDuplicateOf`) is
 *    left out, and so are its updates and withdrawal, which would otherwise
 *    arrive for an article the partner never received;
 * 3. `minRelevance`: the tag the entry was found under must be at least that
 *    central; under `*` any tag the text names will do. Tags stored before
 *    relevance existed carry none and pass, so old articles are never lost.
 */
import type { ArticleEventType } from '../article/events.ts';
import type { Tag } from '../article/schema.ts';

/** The bucket of subscriptions without a tag filter. */
export const ALL_TAGS = '*';

export interface SubscriberEntry {
  id: string;
  events: ArticleEventType[];
  minRelevance?: number | undefined;
  distinct?: boolean | undefined;
  /** The bucket the entry was read from: a tag id or `*`. */
  bucket: string;
}

/** What the filters read of an article (a dead-lettered event carries just this). */
export type FilteredArticle = { tags: readonly Pick<Tag, 'id' | 'relevance' | 'implied' | 'type'>[]; nearDuplicateOf?: string | undefined };

export function subscriberWants(entry: SubscriberEntry, event: { type: ArticleEventType; article: FilteredArticle }): boolean {
  if (entry.events.length > 0 && !entry.events.includes(event.type)) return false;
  if (entry.distinct === true && event.article.nearDuplicateOf !== undefined) return false;
  const min = entry.minRelevance;
  if (min === undefined || min <= 0) return true;
  const strongEnough = (t: Pick<Tag, 'relevance'>) => t.relevance === undefined || t.relevance >= min;
  if (entry.bucket === ALL_TAGS) return event.article.tags.some((t) => t.type !== 'publisher' && strongEnough(t));
  return event.article.tags.some((t) => t.id === entry.bucket && strongEnough(t));
}

/** The subscription ids, each once, among `entries` that want `event`. */
export function wantingSubscribers(entries: readonly SubscriberEntry[], event: { type: ArticleEventType; article: FilteredArticle }): Set<string> {
  const wanted = new Set<string>();
  for (const entry of entries) if (!wanted.has(entry.id) && subscriberWants(entry, event)) wanted.add(entry.id);
  return wanted;
}
