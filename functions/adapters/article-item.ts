/**
 * How an Article becomes DynamoDB items and back. The LATEST item holds the
 * Article's own fields as top-level attributes, so the stream's old and new
 * images are articles (feeds and webhooks read them with `articleFromItem`).
 * FEED# items are slim: the article id (and `nearDuplicateOf`, which `distinct`
 * lists filter on) under the feed's key; readers take the article from its
 * LATEST item (./feed-index.ts). Repeating the whole article in each of the
 * 20-odd feeds a tagged report belongs to made every article cost hundreds of
 * write units. They are not part of the article's transaction either: publish
 * writes them from the stream (./feed-entries.ts), 1 unit each instead of 2.
 *
 * A body whose HTML is the one built from its paragraphs (every text article's: `paragraphsToHtml`) is
 * stored once: the item leaves `bodyHtml` out and says `bodyHtmlFromBody`, and reading builds it again.
 * The body was otherwise on the item twice, a third of the reference article's LATEST item (about 3 KB of
 * 10.6, 6 of its 22 write units in the transaction, and a read unit of each feed render's BatchGetItem).
 *
 * DynamoDB items stop at 400 KB and a transaction at 4 MB. A long article
 * (inputs go up to 1 MiB) therefore keeps its body in S3: `body` and
 * `bodyHtml` are emptied and `bodyRef` names the version's JSON object
 * (`articles/{id}/v{n}.json`), which holds the whole Article. */
import type { Article } from '#core/article/schema.ts';
import { feedsOf, type FeedKey } from '#core/feeds/keys.ts';
import { paragraphsToHtml } from '#core/normalise/html.ts';
import { articleStamp } from './article-stamp.ts';
import { articleKey, articleVersionKey, embargoKey, feedIndexKey, withdrawnKey } from './keys.ts';

/** Bookkeeping attributes that live beside the Article's fields; never part of the Article. */
const bookkeeping = ['pk', 'sk', 'entity', 'feed', 'bodyRef', 'sourceHash', 'objects', 'bodyHtmlFromBody'] as const;

/** Where one version's objects live in the bucket. */
export interface VersionObjects {
  raw: string;
  json: string;
  ninjs: string;
}

export interface StoredArticle {
  /** The article; when `bodyRef` is set its `body` and `bodyHtml` are empty and live in that S3 object. */
  article: Article;
  bodyRef?: string;
}

/** Below DynamoDB's 400 KB item limit with room for attribute names and overhead. */
export const maxInlineItemBytes = 300_000;

export const itemBytes = (item: object): number => Buffer.byteLength(JSON.stringify(item));

/** Reads an item (LATEST, or an unmarshalled stream image) back into an Article. */
export function articleFromItem(item: Record<string, unknown>): StoredArticle {
  const fields: Record<string, unknown> = { ...item };
  for (const key of bookkeeping) delete fields[key];
  if (item.bodyHtmlFromBody === true && fields.bodyHtml === undefined && Array.isArray(fields.body)) fields.bodyHtml = paragraphsToHtml(fields.body as string[]);
  const bodyRef = typeof item.bodyRef === 'string' ? item.bodyRef : undefined;
  return bodyRef ? { article: fields as unknown as Article, bodyRef } : { article: fields as unknown as Article };
}

/** Feeds the article is listed in right now: none unless it is published. */
export function listedFeeds(article: Article | undefined): FeedKey[] {
  return article?.status === 'published' ? feedsOf(article) : [];
}

export interface ArticleItems {
  latest: Record<string, unknown>;
  version: Record<string, unknown>;
  embargo?: Record<string, unknown>;
  withdrawn?: Record<string, unknown>;
}

/** Every item that represents the article's state `article`, bodies offloaded when they would not fit. */
export function articleItems(article: Article, objects: VersionObjects, sourceHash?: string): ArticleItems {
  const latestFields = itemBytes(article) <= maxInlineItemBytes ? withoutDerivedHtml(article) : { ...article, body: [], bodyHtml: '', bodyRef: objects.json };

  return {
    latest: { ...latestFields, ...articleKey(article.id), entity: 'article', objects, ...(sourceHash ? { sourceHash } : {}) },
    version: {
      ...articleVersionKey(article.id, article.version),
      entity: 'article-version',
      id: article.id,
      version: article.version,
      fingerprint: article.fingerprint,
      headline: article.headline,
      updatedAt: article.updatedAt,
      /** As written (published or embargoed): `GET /articles/{id}/versions` shows it. */
      status: article.status,
      objects,
    },
    ...(article.status === 'embargoed' && article.embargoUntil
      ? { embargo: { ...embargoKey(article.embargoUntil, article.id), entity: 'embargo', articleId: article.id, embargoUntil: article.embargoUntil } }
      : {}),
    ...(article.status === 'withdrawn' && article.withdrawnAt
      ? { withdrawn: { ...withdrawnKey(article.withdrawnAt, article.id), entity: 'withdrawn', articleId: article.id, withdrawnAt: article.withdrawnAt } }
      : {}),
  };
}

/** The article's fields as the item holds them: `bodyHtml` left out when reading can build it from `body`. */
function withoutDerivedHtml(article: Article): Record<string, unknown> {
  if (article.body.length === 0 || article.bodyHtml !== paragraphsToHtml(article.body)) return article;
  const { bodyHtml: _derived, ...fields } = article;
  return { ...fields, bodyHtmlFromBody: true };
}

/** The feed-index entries of the article's state `article`: one per feed it is listed in, none unless published. */
export function feedEntryItems(article: Article | undefined): { feed: FeedKey; item: Record<string, unknown> & { pk: string; sk: string } }[] {
  if (!article) return [];
  const stamp = articleStamp(article);
  return listedFeeds(article).map((feed) => ({
    feed,
    item: {
      ...feedIndexKey(feed, article.publishedAt, article.id),
      entity: 'feed-entry',
      articleId: article.id,
      // Which state of the article the entry was written from (./article-stamp.ts): readers that hold it need not read it again.
      stamp,
      ...(article.nearDuplicateOf ? { nearDuplicateOf: article.nearDuplicateOf } : {}),
    },
  }));
}

/** Opaque to clients: the sort key to continue after, base64url-encoded. */
export const encodeCursor = (sk: string): string => Buffer.from(sk, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string | undefined {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  // A feed sort key is `{ISO time}#{articleId}`; anything else was not issued by us.
  return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[\w-]+$/.test(sk) ? sk : undefined;
}
