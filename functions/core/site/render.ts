/**
 * The public site's one entry point for the publish step: which object a page
 * is stored as, its bytes, and the HTTP status it is served with.
 *
 * - an article's page while it is published, the withdrawn page (410) after a
 *   kill, and nothing while it is embargoed (its address must not leak it);
 * - a feed's page (home, tag, publisher) from that feed's view.
 */
import type { Article } from '../article/schema.ts';
import type { FeedSettings, FeedView } from '../feeds/view.ts';
import { renderArticlePage } from './article-page.ts';
import { PAGE_CONTENT_TYPE } from './csp.ts';
import { renderListingPage } from './listing-page.ts';
import { articlePageKey, feedPageKey } from './paths.ts';
import { renderWithdrawnPage, WITHDRAWN_STATUS } from './withdrawn-page.ts';

export interface RenderedPage {
  key: string;
  contentType: string;
  body: string;
  /** The status to serve it with: 200, or 410 for a withdrawn article. */
  status: 200 | 410;
}

export function renderArticleSitePage(article: Article, settings: FeedSettings): RenderedPage | undefined {
  const key = articlePageKey(article.id);
  if (article.status === 'published') return { key, contentType: PAGE_CONTENT_TYPE, body: renderArticlePage(article, settings), status: 200 };
  if (article.status === 'withdrawn') return { key, contentType: PAGE_CONTENT_TYPE, body: renderWithdrawnPage(article, settings), status: WITHDRAWN_STATUS };
  return undefined;
}

export function renderFeedSitePage(view: FeedView, settings: FeedSettings): RenderedPage {
  return { key: feedPageKey(view.key), contentType: PAGE_CONTENT_TYPE, body: renderListingPage(view, settings), status: 200 };
}
