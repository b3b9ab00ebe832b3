/**
 * An article's versions, `GET /articles/{id}/versions` and `/versions/{n}`:
 * 1. load the article's current state: unknown, or embargoed and the reader is neither the admin nor its
 *    publisher → 404 (as for the article itself); withdrawn → 410 for the public, readable by the admin and
 *    its publisher (an audit trail of what was sent out);
 * 2. the list is one Query of its `V#` items, oldest first: number, time, kind of change, status written with;
 * 3. one version is its `V#` item, then its JSON document from S3 (the article as that version was stored).
 */
import type { Principal } from '#adapters/auth.ts';
import type { StoredVersion } from '#adapters/article-listings.ts';
import type { Article } from '#core/article/schema.ts';
import { IngestError } from './errors.ts';
import type { IngestDependencies } from './ports.ts';
import { ArticleWithdrawn, mayReadEmbargoed } from './read-articles.ts';

export const maxVersionsPage = 100;

export interface VersionEntry {
  version: number;
  at: string;
  change: 'created' | 'corrected';
  status?: Article['status'];
  headline: string;
}

async function readable(deps: IngestDependencies, id: string, reader: Principal | undefined): Promise<Article> {
  const stored = await deps.articles.get(id);
  const privileged = stored !== undefined && mayReadEmbargoed(reader, stored.article);
  if (!stored || (stored.article.status === 'embargoed' && !privileged)) throw new IngestError('not_found', `no article ${id}`);
  if (stored.article.status === 'withdrawn' && !privileged) throw new ArticleWithdrawn(stored.article);
  return stored.article;
}

const entryOf = (v: StoredVersion): VersionEntry => ({
  version: v.version,
  at: v.updatedAt,
  // A version is written only by a creation (1) or a correction (every later one); withdrawals and releases change the status alone.
  change: v.version === 1 ? 'created' : 'corrected',
  ...(v.status ? { status: v.status } : {}),
  headline: v.headline,
});

export async function listVersions(
  deps: IngestDependencies,
  id: string,
  query: { limit?: string | undefined; cursor?: string | undefined },
  reader: Principal | undefined,
): Promise<{ article: Article; versions: VersionEntry[]; nextCursor?: string }> {
  const limit = query.limit === undefined ? maxVersionsPage : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxVersionsPage) {
    throw new IngestError('invalid_request', `limit must be a whole number from 1 to ${maxVersionsPage}`);
  }
  if (query.cursor !== undefined && query.cursor.length > 200) throw new IngestError('invalid_request', 'cursor must be at most 200 characters');
  const article = await readable(deps, id, reader);
  const page = await deps.listings.versions(id, { limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) });
  return { article, versions: page.items.map(entryOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** `n` as the path carries it: a whole number from 1, written without a sign or leading zeros. */
export function versionNumber(text: string): number {
  if (!/^[1-9]\d{0,5}$/.test(text)) throw new IngestError('invalid_request', `version must be a whole number from 1 (got ${JSON.stringify(text.slice(0, 20))})`);
  return Number(text);
}

export async function readVersion(deps: IngestDependencies, id: string, n: string, reader: Principal | undefined): Promise<Article> {
  const version = versionNumber(n);
  const current = await readable(deps, id, reader);
  const stored = version <= current.version ? await deps.listings.version(id, version) : undefined;
  if (!stored) throw new IngestError('not_found', `article ${id} has no version ${version}; it has ${current.version}`);
  return deps.content.readArticle(stored.objects.json);
}
