/**
 * The page of a feed: the home page (everything), a tag's page or a publisher's
 * page, rendered from the very view its feeds are rendered from, so the page and
 * its feeds list the same articles in the same order. Each lists the latest
 * articles (headline linking to our article page, publisher, date, summary) and
 * offers the feed in all three formats, in the head for readers' autodiscovery
 * and in the page for people.
 */
import type { FeedSettings, FeedView } from '../feeds/view.ts';
import { cachedPart } from '../feeds/entry-cache.ts';
import { timeElement } from './dates.ts';
import { element, link, voidElement } from './html.ts';
import { autodiscovery, feedList, page } from './layout.ts';
import { feedPageUrl } from './paths.ts';

const heading = (view: FeedView) => (view.key === 'all' ? 'Latest articles' : view.label);

export function renderListingPage(view: FeedView, settings: FeedSettings): string {
  const feed = { title: view.title, urls: view.selfUrls };
  const publisherPage = view.key.startsWith('publisher/');
  // A line depends on its article, the base URL (its links) and whether the page is a publisher's (which names no publisher).
  const part = `li\n${publisherPage}\n${settings.feedsBaseUrl}`;
  const items = view.entries.map((entry) =>
    cachedPart(view.entryCache, entry.article, part, () => {
      const { article } = entry;
      const publisher = publisherPage ? '' : `${link(feedPageUrl(settings, `publisher/${article.publisher.id}`), article.publisher.name)} · `;
      return (
        '<li>' +
        `<h2>${link(entry.pageUrl, entry.title)}</h2>` +
        `<p class="meta">${publisher}${timeElement(entry.published)}</p>` +
        (entry.summary ? element('p', entry.summary) : '') +
        '</li>'
      );
    }),
  );
  const kind = view.key === 'all' ? '' : view.key.startsWith('tag/') ? '<p class="meta">Tag</p>' : '<p class="meta">Publisher</p>';
  const main =
    kind +
    element('h1', heading(view)) +
    element('p', view.description) +
    feedList(feed, `Feeds of ${view.label}`) +
    (items.length ? `<ul class="items">${items.join('')}</ul>` : '<p>There are no articles here at the moment.</p>');
  const head =
    voidElement('meta', { name: 'description', content: view.description }) +
    voidElement('link', { rel: 'canonical', href: view.homeUrl }) +
    autodiscovery([feed]);
  return page({ lang: view.language, title: view.key === 'all' ? `${settings.siteTitle}: latest articles` : `${view.label} – ${settings.siteTitle}`, head, main, settings });
}
