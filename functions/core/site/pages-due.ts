/**
 * The message publish sends the page pass (functions/publish/page-pass.ts): the feeds of one publish batch
 * whose listing pages (home, tag, publisher) are due. It names feeds, never views: the pass renders each
 * page from the feed's index as it is when the pass runs, so a message read late, twice or out of order
 * can only make a page newer, never older.
 *
 * `labels` names a feed the batch emptied (its last article withdrawn or moved): the feed pass names such a
 * feed from the articles that left it, which the page pass no longer sees, so the name travels with the message.
 */
import type { FeedKey } from '../feeds/keys.ts';

export interface PagesDue {
  feeds: FeedKey[];
  /** What to call a feed the page pass finds empty (absent: the taxonomy's label, or its id). */
  labels?: Partial<Record<FeedKey, string>>;
}

export class PagesDueUnreadable extends Error {
  override readonly name = 'PagesDueUnreadable';
}

/** A feed key as feedsOf (feeds/keys.ts) builds them: an id is one path segment (it becomes an object key's file name). */
export const isFeedKey = (value: unknown): value is FeedKey =>
  typeof value === 'string' && (value === 'all' || /^(tag|publisher)\/[^/\\\u0000-\u001f\u007f]{1,200}$/.test(value)) && !/\/\.\.?$/.test(value);

export const encodePagesDue = (due: PagesDue): string => JSON.stringify(due.labels && Object.keys(due.labels).length > 0 ? due : { feeds: due.feeds });

/** Reads a message body; throws PagesDueUnreadable for anything publish would not have sent. */
export function decodePagesDue(body: string): PagesDue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new PagesDueUnreadable('not JSON');
  }
  const { feeds, labels } = (parsed ?? {}) as { feeds?: unknown; labels?: unknown };
  if (!Array.isArray(feeds) || !feeds.every(isFeedKey)) throw new PagesDueUnreadable('feeds must be a list of feed keys');
  if (labels === undefined) return { feeds };
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) throw new PagesDueUnreadable('labels must be an object');
  const entries = Object.entries(labels);
  if (!entries.every(([key, label]) => isFeedKey(key) && typeof label === 'string' && label.length <= 500)) throw new PagesDueUnreadable('labels must name feeds with strings');
  return { feeds, labels: Object.fromEntries(entries) as Record<FeedKey, string> };
}
