/**
 * Publishes what one DynamoDB stream batch changed.
 *
 * 0. Bring the feed index up to date with the batch's changes (feed-entries.ts): the renders below read it.
 * 1. Collect the feeds the batch touches (all, every tag and publisher of each
 *    article before and after its change), remembering which records touch each.
 * 2. Render each touched feed once, in all three formats, from one bounded read of
 *    its feed index (newest first, limited), holding the feed's lease so no other
 *    invocation writes it meanwhile: the feed reflects the table as it is now,
 *    however many records in the batch touched it, and never goes back to an older view.
 *    Keep the feed's RFC 5005 archive pages (archive-pages.ts): cut a page when one
 *    has filled, re-render only a full page that a correction, withdrawal or
 *    back-dated article falls in; constant work per change, whatever the history.
 * 3. Render each changed article's public page from its latest state in the
 *    batch: the article page while published, the withdrawn page (served 410)
 *    after a kill, nothing while embargoed.
 * 3b. Say that the touched feeds' listing pages (home, tag, publisher) are due: one message to the page
 *    pass (page-pass.ts), which renders each page once a minute or so from the feed's index as it is then.
 *    Sent after the article pages (a listing page never links one not written yet) and before the batch's
 *    records are reported done: a send that fails fails them, so they are retried. Without a pages queue
 *    the page pass runs here.
 * 4. Write each file whose bytes changed (file-writer.ts), with its media type and
 *    Cache-Control, judged against the hashes kept in the feed's state item (read
 *    once per feed render, with its lease: no S3 request for an unchanged file).
 *    Atom and JSON Feed are stored under types CloudFront compresses (edge-media-types.ts).
 * 5. Tell the WebSub hub, when there is one, about every feed file that changed.
 * 6. Meanwhile, from the start and whatever becomes of the feeds, append the partner-visible events to
 *    the pull channel (GET /events) and hand them to webhook delivery: a feed that cannot be rendered now
 *    (its lease held, S3 failing) never holds back or fails a partner's event.
 *
 * A record fails when a feed or page it touches could not be published or its event
 * could not be handed over; the caller reports those records to Lambda
 * (`batchItemFailures`) so they, and only they, are retried. Re-publishing is
 * harmless: unchanged bytes are skipped, and an event handed over again keeps its
 * webhook-ids and pull-channel id (both derive from the event, webhook-id.ts).
 */
import { articleEventFromChange, type ArticleEvent } from '../core/article/events.ts';
import type { Article } from '../core/article/schema.ts';
import { feedsTouchedBy } from '../core/feeds/affected.ts';
import { withPrevArchive } from '../core/feeds/archive-pages.ts';
import { renderFeedView } from '../core/feeds/render.ts';
import { DEFAULT_ITEM_LIMIT, feedUrl, feedView, type FeedSettings } from '../core/feeds/view.ts';
import { renderArticleSitePage, type RenderedPage } from '../core/site/render.ts';
import type { PagesDue } from '#core/site/pages-due.ts';
import { feedObjectBase, type FeedKey } from '#core/feeds/keys.ts';
import { ensureBrandAssets } from './brand-assets.ts';
import { keepArchivePages } from './archive-pages.ts';
import { FileWriter, type KnownHash } from './file-writer.ts';
import type { ArticleChangeRecord, StoredImage } from './stream-records.ts';
import { updateFeedEntries, type FeedEntryStore } from './feed-entries.ts';
import { renderListingPages } from './page-pass.ts';
import { FEED_CACHE_CONTROL, inBatches } from './public-files.ts';
import type { ArticleEventSink, FeedFileStore, FeedLeases, FeedSource, FeedStateStore, FileHashes, HeldLease, HubNotifier } from './ports.ts';


/** Feeds rendered at once: bounded so a batch touching dozens of tags does not throttle the table. */
const FEED_CONCURRENCY = 4;

export interface PublishDependencies {
  settings: FeedSettings;
  /** The feed index's writer: each changed article's entries, written before any feed is read. */
  feedEntries: FeedEntryStore;
  source: FeedSource;
  files: FeedFileStore;
  /** Each feed's state (archive pages, file hashes) in the table. */
  feedState: FeedStateStore;
  /** One writer per feed across invocations (feed-leases.ts); without it, concurrent renders of one feed may race. */
  leases?: FeedLeases;
  hub?: HubNotifier;
  /** Webhook delivery; when absent, events are only counted. */
  deliverEvents?: ArticleEventSink;
  /** Tells the page pass which feeds' pages are due (the pages queue); when absent, the pass runs in this one. */
  pagesDue?: (due: PagesDue) => Promise<void>;
  /** The pull channel (`GET /events`): appends the same events, idempotently, in order. */
  recordEvents?: (events: readonly ArticleEvent[]) => Promise<void>;
  /** The whole article for an image whose body lives in S3 (`bodyRef`). */
  readFullArticle: (bodyRef: string) => Promise<Article>;
  warn: (message: string, details: Record<string, unknown>) => void;
}

export interface PublishOutcome {
  /** Sequence numbers of the records to retry. */
  failed: string[];
  feedsRendered: FeedKey[];
  filesWritten: string[];
  filesUnchanged: number;
  hubNotified: string[];
  events: ArticleEvent[];
}


export async function publishChanges(changes: readonly ArticleChangeRecord[], deps: PublishDependencies): Promise<PublishOutcome> {
  const touchers = new Map<FeedKey, string[]>();
  /** The old and new images of the articles touching each feed: they name and date a feed they emptied. */
  const history = new Map<FeedKey, Article[]>();
  for (const change of changes) {
    const images = [change.before?.article, change.after?.article].filter((a): a is Article => !!a);
    for (const feed of feedsTouchedBy(change.before?.article, change.after?.article)) {
      touchers.set(feed, [...(touchers.get(feed) ?? []), change.sequenceNumber]);
      history.set(feed, [...(history.get(feed) ?? []), ...images]);
    }
  }

  const failed = new Set<string>();
  const handedOver = handOverEvents(changes, deps, (sequenceNumbers) => sequenceNumbers.forEach((s) => failed.add(s)));
  handedOver.catch(() => undefined); // awaited below; a throw before then fails the whole batch, which is retried
  // The feed index first: every render below reads it (feed-entries.ts).
  for (const sequenceNumber of await updateFeedEntries(changes, deps.feedEntries, deps.warn)) failed.add(sequenceNumber);
  // The batch's own images (in order, the last wins): renders need not read the articles it changed (article-cache.ts).
  for (const change of changes) {
    const id = (change.after ?? change.before)?.article.id;
    if (id) deps.source.remember?.(id, change.after);
  }
  const writer = new FileWriter(deps.files, FEED_CACHE_CONTROL);
  await ensureBrandAssets(deps.files, deps.warn);
  const changedUrls: string[] = [];
  const feeds = [...touchers.keys()].sort();
  const limit = deps.settings.itemLimit ?? DEFAULT_ITEM_LIMIT;

  /** A feed's documents are read and written under its lease (when there are leases: the deployed and local runtimes). */
  const holding = <T>(feed: FeedKey, work: (lease?: HeldLease) => Promise<T>): Promise<T> => (deps.leases ? deps.leases.hold(feed, work) : work());
  const writePage = (page: RenderedPage, known: KnownHash, hashes: FileHashes) =>
    writer.write({ key: page.key, body: page.body, contentType: page.contentType, ...(page.status !== 200 ? { status: page.status } : {}) }, known, hashes);
  const archives = { settings: deps.settings, source: deps.source, state: deps.feedState, writer, pageSize: limit };
  const labels: PagesDue['labels'] = {};

  await inBatches(feeds, FEED_CONCURRENCY, async (feed) => {
    try {
      await holding(feed, async (lease) => {
        // The state came with the lease (one write took it and read the state) and is written under its fence;
        // every file write first checks the lease is still ours.
        const [read, latest] = await Promise.all([lease?.state ?? deps.feedState.read(feed), deps.source.latest(feed, limit)]);
        const state = await keepArchivePages(feed, read, latest, history.get(feed) ?? [], archives);
        const newest = state.pages > 0 && state.lastTo !== undefined ? { number: state.pages, to: state.lastTo } : undefined;
        const view = withPrevArchive(feedView(feed, latest, deps.settings, history.get(feed)), deps.settings, newest);
        // A file the state has no hash for was written before hashes were kept in the table: S3 is asked once.
        const known: KnownHash = async (key) => {
          const hash = key in state.files ? state.files[key] : await deps.files.storedHash(key);
          lease?.check();
          return hash;
        };
        // Hashes of the gzip twins kept before edge-media-types.ts are dropped: no twin is written any more.
        const hashes: FileHashes = Object.fromEntries(Object.entries(state.files).filter(([key]) => !key.endsWith('.gz')));
        for (const rendered of renderFeedView(view)) {
          const key = `${feedObjectBase(feed)}.${rendered.format}`;
          if (await writer.write({ key, body: rendered.body, contentType: rendered.contentType }, known, hashes)) changedUrls.push(feedUrl(deps.settings, feed, rendered.format));
        }
        // An emptied feed is named from the articles that left it; the page pass sees only the index, so it is told.
        if (view.entries.length === 0) labels[feed] = view.label;
        // Written only when something changed, with this lease's fence, giving the lease back in the same write
        // (an unchanged render gives it back on its own, feed-leases.ts).
        if (state !== read || Object.entries(hashes).some(([key, hash]) => state.files[key] !== hash)) {
          lease?.check();
          await deps.feedState.saveFiles(feed, state, hashes);
          lease?.released();
        }
      });
    } catch (error) {
      deps.warn('feed not published; its records will be retried', { feed, error: String(error) });
      for (const sequenceNumber of touchers.get(feed) ?? []) failed.add(sequenceNumber);
    }
  });

  // Each article's page from its last state in the batch; records of one item arrive in order.
  const lastChange = new Map<string, ArticleChangeRecord>();
  const recordsOf = new Map<string, string[]>();
  for (const change of changes) {
    const id = (change.after ?? change.before)?.article.id;
    if (!id) continue;
    lastChange.set(id, change);
    recordsOf.set(id, [...(recordsOf.get(id) ?? []), change.sequenceNumber]);
  }
  await inBatches([...lastChange.entries()], FEED_CONCURRENCY, async ([id, change]) => {
    try {
      const article = await fullArticle(change.after, deps);
      const page = article && renderArticleSitePage(article, deps.settings);
      // One S3 HEAD per changed article: its page is written at most once per change, so no hash is kept for it.
      if (page) await writePage(page, (key) => deps.files.storedHash(key), {});
    } catch (error) {
      deps.warn('article page not published; its records will be retried', { articleId: id, error: String(error) });
      for (const sequenceNumber of recordsOf.get(id) ?? []) failed.add(sequenceNumber);
    }
  });

  // Every touched feed's page, even one whose render failed: the index is up to date (step 0), and the page pass reads it.
  // Told after the article pages are written, so a listing page never links an article page not there yet.
  const pagesWritten: string[] = [];
  const failPages = (pages: readonly FeedKey[]) => pages.forEach((feed) => touchers.get(feed)?.forEach((s) => failed.add(s)));
  if (feeds.length > 0) {
    try {
      if (deps.pagesDue) await deps.pagesDue({ feeds, labels });
      else {
        const pass = await renderListingPages({ feeds, labels }, deps);
        pagesWritten.push(...pass.written);
        failPages(pass.failed);
      }
    } catch (error) {
      deps.warn('listing pages not handed to the page pass; their records will be retried', { feeds: feeds.length, error: String(error) });
      failPages(feeds);
    }
  }

  const hubNotified: string[] = [];
  if (deps.hub) {
    for (const url of changedUrls.sort()) {
      try {
        await deps.hub.published(url);
        hubNotified.push(url);
      } catch (error) {
        // The feed itself is published; a retry would find its bytes unchanged and not ping again, so do not fail the record.
        deps.warn('WebSub hub not notified', { url, error: String(error) });
      }
    }
  }

  const events = await handedOver;

  return { failed: [...failed], feedsRendered: feeds, filesWritten: [...writer.written, ...pagesWritten].sort(), filesUnchanged: writer.unchanged, hubNotified, events };
}

async function fullArticle(image: StoredImage | undefined, deps: PublishDependencies): Promise<Article | undefined> {
  if (!image) return undefined;
  return image.bodyRef ? deps.readFullArticle(image.bodyRef) : image.article;
}

async function handOverEvents(
  changes: readonly ArticleChangeRecord[],
  deps: PublishDependencies,
  fail: (sequenceNumbers: string[]) => void,
): Promise<ArticleEvent[]> {
  const events: ArticleEvent[] = [];
  const sources: string[] = [];
  for (const change of changes) {
    // Decided on the images first (cheap); the body is fetched only for an event that will be sent.
    if (!articleEventFromChange(change.before?.article, change.after?.article)) continue;
    try {
      const event = articleEventFromChange(change.before?.article, await fullArticle(change.after, deps));
      if (event) {
        events.push(event);
        sources.push(change.sequenceNumber);
      }
    } catch (error) {
      deps.warn('article body not readable for its event; the record will be retried', { sequenceNumber: change.sequenceNumber, error: String(error) });
      fail([change.sequenceNumber]);
    }
  }
  if (events.length === 0) return events;
  if (deps.recordEvents) {
    try {
      await deps.recordEvents(events);
    } catch (error) {
      // Appends are idempotent (one id item per event): retrying the records appends only what is missing.
      deps.warn('events not appended to the pull channel; their records will be retried', { error: String(error) });
      fail(sources);
    }
  }
  if (!deps.deliverEvents) return events;
  try {
    // Each event stands alone: only the records of events that are neither queued nor dead-lettered are retried.
    const stuck = new Set((await deps.deliverEvents(events)) ?? []);
    fail(sources.filter((_, i) => stuck.has(events[i]!)));
  } catch (error) {
    deps.warn('events not handed to webhook delivery; their records will be retried', { error: String(error) });
    fail(sources);
  }
  return events;
}
