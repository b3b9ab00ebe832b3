/**
 * The page pass: the site's listing pages (home, tag and publisher pages), rendered apart from the feeds.
 *
 * Why apart: feeds are read by pollers and must be fresh within seconds, so the feed pass renders them on
 * the stream's window of seconds; listing pages are read by people, and rendering them in the same pass
 * wrote about ten pages an article. Publish now only says which feeds' pages are due (one message per batch,
 * site/pages-due.ts); the pages queue's event source gathers a minute of those messages, and this pass
 * renders each feed's page once for all of them. An article's own page is still written by the feed pass.
 *
 * Each page is rendered from the feed's index as it is now (one bounded read, as the feed pass does),
 * holding the feed's lease (feed-leases.ts), so it never interleaves with the feed's own render and the
 * last page written is always from the newest read: a late or repeated message can only rewrite the same
 * or a newer page. Unchanged bytes are skipped against the hash kept in the feed's state item, and the new
 * hash recorded there under the lease's fence, as the feed pass records its files' (that write gives the lease
 * back; an unchanged page gives it back on its own).
 */
import { feedView, DEFAULT_ITEM_LIMIT, type FeedSettings } from '#core/feeds/view.ts';
import type { FeedKey } from '#core/feeds/keys.ts';
import type { PagesDue } from '#core/site/pages-due.ts';
import { renderFeedSitePage } from '#core/site/render.ts';
import { FileWriter, type KnownHash } from './file-writer.ts';
import { FEED_CACHE_CONTROL, inBatches } from './public-files.ts';
import type { FeedFileStore, FeedLeases, FeedSource, FeedStateStore, HeldLease } from './ports.ts';

/** Pages rendered at once, as the feed pass bounds its feeds. */
const PAGE_CONCURRENCY = 4;

export interface PagePassDependencies {
  settings: FeedSettings;
  source: Pick<FeedSource, 'latest'>;
  files: FeedFileStore;
  feedState: FeedStateStore;
  leases?: FeedLeases;
  warn: (message: string, details: Record<string, unknown>) => void;
}

export interface PagePassOutcome {
  /** Feeds whose page could not be rendered now: the messages naming them are retried. */
  failed: FeedKey[];
  written: string[];
  unchanged: number;
}

/** The union of several messages' feeds, each once, and the names of emptied feeds any of them carries. */
export function mergePagesDue(messages: readonly PagesDue[]): Required<PagesDue> {
  const feeds = new Set<FeedKey>();
  const labels: Partial<Record<FeedKey, string>> = {};
  for (const message of messages) {
    for (const feed of message.feeds) feeds.add(feed);
    Object.assign(labels, message.labels);
  }
  return { feeds: [...feeds].sort(), labels };
}

export async function renderListingPages(due: PagesDue, deps: PagePassDependencies): Promise<PagePassOutcome> {
  const writer = new FileWriter(deps.files, FEED_CACHE_CONTROL);
  const limit = deps.settings.itemLimit ?? DEFAULT_ITEM_LIMIT;
  const failed: FeedKey[] = [];
  const holding = <T>(feed: FeedKey, work: (lease?: HeldLease) => Promise<T>): Promise<T> => (deps.leases ? deps.leases.hold(feed, work) : work());
  const feeds = [...new Set(due.feeds)];
  await inBatches(feeds, PAGE_CONCURRENCY, async (feed) => {
    try {
      await holding(feed, async (lease) => {
        // The state came with the lease (the write that took it returned it, with this lease's fence).
        const [state, latest] = await Promise.all([lease?.state ?? deps.feedState.read(feed), deps.source.latest(feed, limit)]);
        const page = renderFeedSitePage(feedView(feed, latest, deps.settings, [], due.labels?.[feed]), deps.settings);
        // A page the state has no hash for (written before the pass kept one) is asked of S3 once.
        const known: KnownHash = async (key) => {
          const hash = key in state.files ? state.files[key] : await deps.files.storedHash(key);
          lease?.check();
          return hash;
        };
        const files = { ...state.files };
        await writer.write({ key: page.key, body: page.body, contentType: page.contentType }, known, files);
        // Recorded when it changed (or was only known to S3), with this lease's fence: an unchanged page costs no write.
        if (files[page.key] !== state.files[page.key]) {
          lease?.check();
          await deps.feedState.saveFiles(feed, state, files);
          lease?.released(); // the same write gave the lease back (feed-leases.ts)
        }
      });
    } catch (error) {
      deps.warn('listing page not rendered; the messages naming its feed will be retried', { feed, error: String(error) });
      failed.push(feed);
    }
  });
  return { failed: failed.sort(), written: [...writer.written].sort(), unchanged: writer.unchanged };
}
