/**
 * How publish writes the public files (feeds and pages): their Cache-Control, and how many it renders at
 * once. Shared by the feed pass (publish-changes.ts) and the page pass (page-pass.ts).
 */

/**
 * Readers may keep a copy a minute (a poller sees a new article within a
 * minute even without WebSub). CloudFront may not (`s-maxage=0`): it
 * revalidates with the bucket on every request (a conditional GET, answered
 * 304 while the bytes are unchanged), so the moment a file is written it is
 * what CloudFront serves, and the WebSub hub pinged right after fetches the
 * new bytes, never a stale edge copy. This stands in for invalidating the
 * changed paths before the ping, which takes minutes and costs per path.
 * Listing pages are written with the same header, for the same reasons.
 */
export const FEED_CACHE_CONTROL = 'public, max-age=60, s-maxage=0';

/** Runs `work` on `items`, `size` at a time: bounded so a batch touching dozens of feeds does not throttle the table. */
export async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}
