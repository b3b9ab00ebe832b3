/**
 * Keeps one feed's RFC 5005 archive pages (functions/core/feeds/archive-pages.ts), while its lease
 * is held, from the state read at the start of its render:
 *
 * 1. Re-render each recorded page that a change of the batch falls in: one of its articles corrected
 *    or withdrawn, or a back-dated article joining its range. One Query finds the page, one read of
 *    its range renders it: constant work, however long the history.
 * 2. Cut the next page while `pageSize` entries have gathered after the newest one (at most
 *    `MAX_CUTS_PER_RENDER` a render, so a feed with a long history and no pages yet, as after an
 *    upgrade, catches up over a few renders instead of in one long invocation). A cut writes the
 *    page's files first, then records the page and the new state in one conditional transaction:
 *    - a crash between the two leaves files nothing links to; the next render cuts again (the same
 *      boundary gives the same name, so the same files; another boundary another name);
 *    - two invocations cutting the same page: one transaction wins, the other is refused and its
 *      records are retried; page names carry their boundary, so the loser's files never replace the
 *      winner's.
 *
 * Returns the state after the cuts: the subscription document links `prev-archive` to its newest page.
 */
import type { Article } from '../core/article/schema.ts';
import { archivePageView, pageObjectBase } from '../core/feeds/archive-pages.ts';
import { feedsOf, type FeedKey } from '#core/feeds/keys.ts';
import { renderFeedView } from '../core/feeds/render.ts';
import type { FeedSettings } from '../core/feeds/view.ts';
import { feedIndexSortKey } from '#adapters/keys.ts';
import type { FileWriter, KnownHash } from './file-writer.ts';
import type { ArchivePage, FeedSource, FeedState, FeedStateStore, FileHashes } from './ports.ts';

/** Enough to keep up with any burst a batch of 100 records brings (100 articles fill at most 2 pages of 50, plus one in progress). */
export const MAX_CUTS_PER_RENDER = 4;

export class PageCutRace extends Error {
  override readonly name = 'PageCutRace';
}

export interface ArchiveDependencies {
  settings: FeedSettings;
  source: FeedSource;
  state: FeedStateStore;
  writer: FileWriter;
  /** Entries per page: the feed's item limit, so what no page holds yet is always in the feed itself. */
  pageSize: number;
}

const sortKeyOf = (article: Article) => feedIndexSortKey(article.publishedAt, article.id).sk;

const inRange = (sk: string, page: Pick<ArchivePage, 'from' | 'to'>) => (page.from === undefined || sk > page.from) && sk <= page.to;

/** Renders `page` in three formats from the index entries in its range; the hashes of what is stored afterwards. */
async function renderPage(feed: FeedKey, page: ArchivePage, changed: readonly Article[], deps: ArchiveDependencies, known: KnownHash): Promise<FileHashes> {
  const articles = await deps.source.between(feed, page.from, page.to);
  const previous = page.number > 1 && page.from !== undefined ? { number: page.number - 1, to: page.from } : undefined;
  const history = changed.filter((a) => inRange(sortKeyOf(a), page));
  const hashes: FileHashes = {};
  for (const rendered of renderFeedView(archivePageView(feed, page, previous, articles, deps.settings, history))) {
    await deps.writer.write({ key: `${pageObjectBase(feed, page)}.${rendered.format}`, body: rendered.body, contentType: rendered.contentType }, known, hashes);
  }
  return hashes;
}

/**
 * `latest` is the feed's newest entries as just read for its subscription document; `changed` the
 * batch's old and new images of articles touching the feed.
 */
export async function keepArchivePages(feed: FeedKey, state: FeedState, latest: readonly Article[], changed: readonly Article[], deps: ArchiveDependencies): Promise<FeedState> {
  const listed = changed.filter((a) => a.status === 'published' && feedsOf(a).includes(feed));
  if (state.lastTo !== undefined) {
    const touched = new Map<number, ArchivePage>();
    for (const article of listed) {
      const sk = sortKeyOf(article);
      if (sk > state.lastTo || [...touched.values()].some((p) => inRange(sk, p))) continue;
      const page = await deps.state.pageHolding(feed, sk);
      if (page) touched.set(page.number, page);
    }
    for (const page of touched.values()) {
      const hashes = await renderPage(feed, page, changed, deps, (key) => page.files[key]);
      if (Object.entries(hashes).some(([key, hash]) => page.files[key] !== hash)) await deps.state.savePage(feed, { ...page, files: { ...page.files, ...hashes } });
    }
  }

  // Entries after the newest page: when the feed's newest read shows fewer than a page of them, that is all of them.
  if (latest.filter((a) => state.lastTo === undefined || sortKeyOf(a) > state.lastTo).length < deps.pageSize) return state;
  let current = state;
  for (let cuts = 0; cuts < MAX_CUTS_PER_RENDER; cuts += 1) {
    const next = await deps.source.oldestAfter(feed, current.lastTo, deps.pageSize);
    if (next.length < deps.pageSize) break;
    const page: ArchivePage = { number: current.pages + 1, ...(current.lastTo !== undefined ? { from: current.lastTo } : {}), to: next.at(-1)!.sk, files: {} };
    page.files = await renderPage(feed, page, changed, deps, () => undefined);
    if (!(await deps.state.cut(feed, current, page))) throw new PageCutRace(`${feed}: archive page ${page.number} was cut by another invocation; its records will be retried`);
    current = { ...current, pages: page.number, lastTo: page.to };
  }
  return current;
}
