/**
 * Reading articles: one by id (JSON or its stored ninjs) and lists, which are
 * one Query on a feed-index partition (`all`, a tag's, a publisher's), newest first
 * (with `distinct=true`, near-duplicates filtered out by the Query itself).
 * An embargoed article is visible only to its publisher and the admin; a
 * withdrawn one answers 410 with its withdrawal time.
 */
import type { Article } from '#core/article/schema.ts';
import { AuthFailure, type Principal } from '#adapters/auth.ts';
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
  /** `published` (the default: the feeds), `withdrawn` (newest withdrawal first) or `embargoed` (soonest release first); the last two need the admin key. */
  status?: string;
}

export const defaultListLimit = 20;
export const maxListLimit = 100;
const maxQueryValueChars = 200;

const listStatuses = ['published', 'withdrawn', 'embargoed'] as const;

export async function listArticles(deps: IngestDependencies, query: ListQuery, reader?: Principal): Promise<{ articles: Article[]; nextCursor?: string }> {
  const status = query.status ?? 'published';
  if (!(listStatuses as readonly string[]).includes(status)) {
    throw new IngestError('invalid_request', `status must be one of ${listStatuses.join(', ')} (got ${JSON.stringify(status.slice(0, 40))})`);
  }
  if (query.tag && query.publisher) {
    throw new IngestError('invalid_request', 'filter by tag or by publisher, not both: each list is one feed');
  }
  for (const [name, value] of Object.entries({ tag: query.tag, publisher: query.publisher, cursor: query.cursor })) {
    // Each becomes part of a table key (partition keys stop at 2,048 bytes): no id or cursor we issue comes near the limit.
    if (value !== undefined && (value.length > maxQueryValueChars || /[\u0000-\u001F\u007F-\u009F]/.test(value))) {
      throw new IngestError('invalid_request', `${name} must be at most ${maxQueryValueChars} characters, without control characters`);
    }
  }
  if (status !== 'published') return listByStatus(deps, status as 'withdrawn' | 'embargoed', query, limitOf(query), reader);
  const feed: FeedKey = query.tag ? `tag/${query.tag}` : query.publisher ? `publisher/${query.publisher}` : 'all';
  const limit = limitOf(query);
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

function limitOf(query: ListQuery): number {
  const limit = query.limit === undefined ? defaultListLimit : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxListLimit) {
    throw new IngestError('invalid_request', `limit must be a whole number from 1 to ${maxListLimit}`);
  }
  return limit;
}

/**
 * Withdrawn and embargoed articles are not public (a kill may be for legal reasons; an embargo is a
 * promise to the publisher), so only the admin lists them; partners learn of withdrawals from
 * GET /events and webhooks. The lists are not feeds: no tag, publisher or distinct filter.
 */
async function listByStatus(
  deps: IngestDependencies,
  status: 'withdrawn' | 'embargoed',
  query: ListQuery,
  limit: number,
  reader: Principal | undefined,
): Promise<{ articles: Article[]; nextCursor?: string }> {
  if (!reader) throw new AuthFailure(401, 'unauthorized', `status=${status} needs the admin key: send "Authorization: Bearer <admin key>"`);
  if (reader.kind !== 'admin') throw new AuthFailure(403, 'forbidden', `status=${status} needs the admin key`);
  if (query.tag || query.publisher || query.distinct !== undefined) {
    throw new IngestError('invalid_request', `tag, publisher and distinct filter published articles only; status=${status} lists them all`);
  }
  const page = await deps.listings.byStatus(status, { limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) });
  return { articles: page.items.map((e) => e.article), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** The admin, or the article's own publisher: who may read what the public may not (embargoed, withdrawn versions). */
export function mayReadEmbargoed(reader: Principal | undefined, article: Article): boolean {
  return reader?.kind === 'admin' || (reader?.kind === 'publisher' && reader.publisherId === article.publisher.id);
}
