/**
 * One entry point for the three feed formats: what a caller needs to render a
 * feed and store it (bytes, media type, file extension).
 */
import type { Article } from '../article/schema.ts';
import type { FeedKey } from './keys.ts';
import { ATOM_CONTENT_TYPE, renderAtom } from './atom.ts';
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from './json-feed.ts';
import { RSS_CONTENT_TYPE, renderRss } from './rss.ts';
import { feedFormats, feedView, type FeedFormat, type FeedSettings, type FeedView } from './view.ts';

export interface RenderedFeed {
  format: FeedFormat;
  contentType: string;
  body: string;
}

export const feedRenderers: Record<FeedFormat, { contentType: string; render: (view: FeedView) => string }> = {
  rss: { contentType: RSS_CONTENT_TYPE, render: renderRss },
  atom: { contentType: ATOM_CONTENT_TYPE, render: renderAtom },
  json: { contentType: JSON_FEED_CONTENT_TYPE, render: renderJsonFeed },
};

/** Feed `key` over `articles` in every format, from one shared view. */
export function renderFeed(key: FeedKey, articles: readonly Article[], settings: FeedSettings, history: readonly Article[] = []): RenderedFeed[] {
  return renderFeedView(feedView(key, articles, settings, history));
}

/** A view in every format (the publish step also renders the feed's page from the same view). */
export function renderFeedView(view: FeedView): RenderedFeed[] {
  return feedFormats.map((format) => ({
    format,
    contentType: feedRenderers[format].contentType,
    body: feedRenderers[format].render(view),
  }));
}
