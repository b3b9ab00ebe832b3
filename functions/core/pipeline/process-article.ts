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
import type { Article, InputFormat, Publisher } from '../article/schema.ts';
import { fingerprintOf } from '../fingerprint.ts';
import { normalise, type NormalisedArticle } from '../normalise/normalise.ts';
import { parseArticle } from '../parse/index.ts';
import { publisherLineTest } from '../parse/publisher-line.ts';
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

/** The refusal when nobody says whose article it is, telling how to say it in the format sent. */
export function noPublisher(format: InputFormat): ArticleRefused {
  const how =
    format === 'text'
      ? 'the first line of the text does not name a publisher we know, so it was read as the headline. Put the publisher on the first line, then a blank line, then the headline; the publisher must be one the taxonomy knows (e.g. OpsLens) or registered first with POST /publishers {"id", "name"}; or send the article with that publisher\'s own key'
      : format === 'html'
        ? 'the page names none: set <meta property="og:site_name" content="…">, or send the article with the publisher\'s own key'
        : format === 'json'
          ? 'the JSON names none: set "publisher", or send the article with the publisher\'s own key'
          : 'the ninjs item names none: set infosources [{"name": "…", "role": "publisher"}] or copyrightholder, or send it with the publisher\'s own key';
  return new ArticleRefused('no_publisher', `no publisher: ${how}`);
}

function settlePublisher(article: NormalisedArticle, tagger: Tagger, authenticated: Publisher | undefined): Publisher {
  if (authenticated) return authenticated;
  if (article.publisherName) return tagger.resolvePublisher(article.publisherName);
  throw noPublisher(article.format);
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
  // The rule the API applies too (../parse/publisher-line.ts); only the registered publishers are the API's to add.
  const isPublisherLine = publisherLineTest({ own: options.publisher });
  const normalised = normalise(parseArticle(input, { contentType: options.contentType, isPublisherLine }));
  const publisher = settlePublisher(normalised, options.tagger, options.publisher);
  return assembleArticle(normalised, { publisher, tagger: options.tagger, now: options.now });
}
