/**
 * One submitted article, start to finish, without storing anything:
 * 1. parse the body in whatever accepted format it came (`parseArticle`);
 * 2. normalise it (clean text, standfirst, byline, repeated paragraphs, figures);
 * 3. settle the publisher: the authenticated one, else the one the content names, else refuse;
 * 4. tag it with the injected tagger;
 * 5. fingerprint it and derive its permanent id;
 * 6. assemble version 1: embargoed while `embargoUntil` is in the future, else published.
 * Pure: the clock and tagger come in as arguments.
 */
import { ArticleRefused } from '../article/errors.ts';
import type { Article, Publisher } from '../article/schema.ts';
import { fingerprintOf } from '../fingerprint.ts';
import { normalise, type NormalisedArticle } from '../normalise/normalise.ts';
import { parseArticle } from '../parse/index.ts';
import type { Tagger } from '../tagging/types.ts';
import { deriveArticleId } from './article-id.ts';
import { checkedArticle } from './checked-article.ts';
import { checkDateWindow } from './date-window.ts';
import { checkStoredSize } from './stored-size.ts';

export interface ProcessOptions {
  contentType?: string | undefined;
  tagger: Tagger;
  /** The authenticated publisher: wins over whatever the content says. */
  publisher?: Publisher | undefined;
  now: Date | string;
}

function settlePublisher(article: NormalisedArticle, tagger: Tagger, authenticated: Publisher | undefined): Publisher {
  if (authenticated) return authenticated;
  if (article.publisherName) return tagger.resolvePublisher(article.publisherName);
  throw new ArticleRefused('no_publisher', 'no publisher: the content names none (text: first line; HTML: og:site_name; ninjs: infosources) and the request is not authenticated as one');
}

/** Builds the stored article from a normalised one (also used for corrections, with their own id and version). */
export function assembleArticle(
  article: NormalisedArticle,
  options: { id?: string; version?: number; publisher: Publisher; tagger: Tagger; now: Date | string },
): Article {
  const now = new Date(options.now).toISOString();
  checkDateWindow(article, now);
  const fingerprint = fingerprintOf(article);
  const { publisher } = options;
  const id = options.id ?? deriveArticleId({ publisherId: publisher.id, sourceId: article.sourceId, canonicalUrl: article.canonicalUrl, fingerprint });
  const embargoed = article.embargoUntil !== undefined && article.embargoUntil > now;
  const candidate: Article = {
    id,
    version: options.version ?? 1,
    status: embargoed ? 'embargoed' : 'published',
    fingerprint,
    publisher,
    headline: article.headline,
    ...(article.standfirst ? { standfirst: article.standfirst } : {}),
    ...(article.byline ? { byline: article.byline } : {}),
    body: article.paragraphs,
    bodyHtml: article.bodyHtml,
    summary: article.summary,
    language: article.language,
    slug: article.slug,
    wordCount: article.wordCount,
    readingTimeMinutes: article.readingTimeMinutes,
    tags: options.tagger.tag(article, publisher),
    ...(article.media?.length ? { media: article.media } : {}),
    notes: article.notes,
    source: {
      format: article.format,
      ...(article.sourceId ? { sourceId: article.sourceId } : {}),
      ...(article.canonicalUrl ? { canonicalUrl: article.canonicalUrl } : {}),
    },
    publishedAt: article.publishedAt ?? now,
    updatedAt: now,
    ...(article.embargoUntil ? { embargoUntil: article.embargoUntil } : {}),
  };
  // The tagger is injected: check its output against the contract rather than store something malformed.
  const checked = checkedArticle(candidate);
  checkStoredSize(checked);
  return checked;
}

export function processArticle(input: Uint8Array | string, options: ProcessOptions): Article {
  const normalised = normalise(parseArticle(input, { contentType: options.contentType }));
  const publisher = settlePublisher(normalised, options.tagger, options.publisher);
  return assembleArticle(normalised, { publisher, tagger: options.tagger, now: options.now });
}
