/**
 * Reading articles: one by id (JSON or its stored ninjs) and lists, which are
 * one Query on a feed-index partition (`all`, a tag's, a publisher's), newest first
 * (with `distinct=true`, near-duplicates filtered out by the Query itself).
 * An embargoed article is visible only to its publisher and the admin; a
 * withdrawn one answers 410 with its withdrawal time.
 */
import type { Article } from '#core/article/schema.ts';
import type { Principal } from '#adapters/auth.ts';
import type { FeedKey } from '#core/feeds/keys.ts';
import { fullArticle } from './article-writer.ts';
import { IngestError } from './errors.ts';
import type { IngestDependencies } from './ports.ts';

export class ArticleWithdrawn extends Error {
  override readonly name = 'ArticleWithdrawn';
  constructor(readonly article: Article) {
    super(`article ${article.id} was withdrawn at ${article.withdrawnAt}`);
  }
}

export async function readArticle(deps: IngestDependencies, id: string, reader: Principal | undefined): Promise<Article> {
  const stored = await deps.articles.get(id);
  if (!stored || (stored.article.status === 'embargoed' && !mayReadEmbargoed(reader, stored.article))) {
    throw new IngestError('not_found', `no article ${id}`);
  }
  if (stored.article.status === 'withdrawn') throw new ArticleWithdrawn(stored.article);
  return fullArticle(deps, stored);
}

/**
 * The current state as ninjs, rendered from the article rather than read from the version's stored
 * document: that one is the archive of the version as created, while `pubstatus` follows releases.
 */
export async function readArticleNinjs(deps: IngestDependencies, id: string, reader: Principal | undefined): Promise<unknown> {
  return deps.core.ninjs(await readArticle(deps, id, reader));
}

export interface ListQuery {
  tag?: string;
  publisher?: string;
  limit?: string;
  cursor?: string;
  /** `true`: leave near-duplicates out (articles carrying `nearDuplicateOf`); the first of each cluster stays. */
  distinct?: string;
}

export const defaultListLimit = 20;
export const maxListLimit = 100;
const maxQueryValueChars = 200;

export async function listArticles(deps: IngestDependencies, query: ListQuery): Promise<{ articles: Article[]; nextCursor?: string }> {
  if (query.tag && query.publisher) {
    throw new IngestError('invalid_request', 'filter by tag or by publisher, not both: each list is one feed');
  }
  for (const [name, value] of Object.entries({ tag: query.tag, publisher: query.publisher, cursor: query.cursor })) {
    // Each becomes part of a table key (partition keys stop at 2,048 bytes): no id or cursor we issue comes near the limit.
    if (value !== undefined && (value.length > maxQueryValueChars || /[\u0000-\u001F\u007F-\u009F]/.test(value))) {
      throw new IngestError('invalid_request', `${name} must be at most ${maxQueryValueChars} characters, without control characters`);
    }
  }
  const feed: FeedKey = query.tag ? `tag/${query.tag}` : query.publisher ? `publisher/${query.publisher}` : 'all';
  const limit = query.limit === undefined ? defaultListLimit : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxListLimit) {
    throw new IngestError('invalid_request', `limit must be a whole number from 1 to ${maxListLimit}`);
  }
  if (query.distinct !== undefined && query.distinct !== 'true' && query.distinct !== 'false') {
    throw new IngestError('invalid_request', 'distinct must be true or false');
  }
  const page = await deps.articles.feed(feed, {
    limit,
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    ...(query.distinct === 'true' ? { distinct: true } : {}),
  });
  return { articles: page.entries.map((e) => e.article), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

function mayReadEmbargoed(reader: Principal | undefined, article: Article): boolean {
  return reader?.kind === 'admin' || (reader?.kind === 'publisher' && reader.publisherId === article.publisher.id);
}
