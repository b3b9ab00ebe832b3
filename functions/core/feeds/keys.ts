/**
 * Which feeds exist and where their files live: domain facts, shared by the
 * renderers, the publish step and the table's feed index. The table's own key
 * layout stays in `functions/adapters/keys.ts`, which builds on these.
 *
 * Feed keys are `all`, `tag/{tagId}` and `publisher/{publisherId}`.
 */

export type FeedKey = 'all' | `tag/${string}` | `publisher/${string}`;

/** Feeds an article belongs to: everything, each of its tags, its publisher. */
export function feedsOf(article: { publisher: { id: string }; tags: readonly { id: string }[] }): FeedKey[] {
  return ['all', ...article.tags.map((t) => `tag/${t.id}` as const), `publisher/${article.publisher.id}`];
}

/** Where a feed's rendered files live in the bucket (without extension). */
export function feedObjectBase(feed: FeedKey): string {
  if (feed === 'all') return 'feeds/all';
  if (feed.startsWith('tag/')) return `feeds/tags/${feed.slice(4)}`;
  return `feeds/publishers/${feed.slice('publisher/'.length)}`;
}
