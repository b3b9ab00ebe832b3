/**
 * What an article's address shows after a withdrawal (served with HTTP 410).
 * A kill is often for legal reasons, so the page repeats nothing of the article
 * (not even its headline): it says the article was withdrawn, by whom and when,
 * and leads back to the latest articles. Search engines are asked to forget it.
 */
import type { Article } from '../article/schema.ts';
import { languageTag, type FeedSettings } from '../feeds/view.ts';
import { timeElement } from './dates.ts';
import { escapeText, link, voidElement } from './html.ts';
import { page } from './layout.ts';
import { feedPageUrl } from './paths.ts';

export const WITHDRAWN_STATUS = 410;

export function renderWithdrawnPage(article: Article, settings: FeedSettings): string {
  const when = article.withdrawnAt ?? article.updatedAt;
  const main =
    '<h1>This article has been withdrawn</h1>' +
    `<p class="notice">${escapeText(article.publisher.name)} withdrew this article on ${timeElement(when)}. It is no longer available here or in any feed.</p>` +
    `<p>${link(feedPageUrl(settings, 'all'), 'See the latest articles')} or ${link(feedPageUrl(settings, `publisher/${article.publisher.id}`), `more from ${article.publisher.name}`)}.</p>`;
  return page({
    lang: languageTag(settings.language) ?? 'en',
    title: `Article withdrawn – ${settings.siteTitle}`,
    head: voidElement('meta', { name: 'robots', content: 'noindex' }),
    main,
    settings,
  });
}
