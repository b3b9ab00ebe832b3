/**
 * The rules that turn a processed article into a stored state: its version,
 * its status (embargoed until its time), its dates of record. An embargoed
 * article that states no publication time is dated by its embargo, so it
 * enters feeds in its place in time, not at the moment it was sent.
 */
import { createHash } from 'node:crypto';
import type { Article } from '#core/article/schema.ts';
import { WriteConflict } from '#adapters/article-repository.ts';
import { IngestError } from './errors.ts';
import type { ProcessedArticle } from './ports.ts';

/** What ties a correction to its article: the source id, else the canonical URL. */
export function sourceHashOf(article: Pick<ProcessedArticle, 'source'>): string | undefined {
  const source = article.source.sourceId ?? article.source.canonicalUrl;
  return source === undefined ? undefined : createHash('sha256').update(source).digest('hex');
}

export interface StateOptions {
  version: number;
  now: Date;
  /** The previous version's publication time, kept when the correction does not state one. */
  publishedAt?: string;
  /** The previous version's embargo, kept when the correction does not state one. */
  embargoUntil?: string;
}

export function articleState(processed: ProcessedArticle, options: StateOptions): Article {
  const now = options.now.toISOString();
  const embargoUntil = processed.embargoUntil ?? options.embargoUntil;
  const embargoed = embargoUntil !== undefined && Date.parse(embargoUntil) > options.now.getTime();
  const publishedAt = processed.publishedAt ?? options.publishedAt ?? (embargoed ? embargoUntil : now);
  const { publishedAt: _stated, ...fields } = processed;
  return {
    ...fields,
    version: options.version,
    status: embargoed ? 'embargoed' : 'published',
    publishedAt: new Date(publishedAt).toISOString(),
    updatedAt: now,
    ...(embargoUntil !== undefined ? { embargoUntil: new Date(embargoUntil).toISOString() } : {}),
  };
}

/**
 * Attempts before a write that keeps losing to concurrent writers is reported as a conflict. Near-identical
 * stories arriving together (templated wire copy: scores, drills, results) all touch the same near-duplicate
 * buckets, so a burst of a few of them is serialised on those buckets: enough rounds, with exponential backoff
 * and full jitter, that a burst of that size still gets through instead of answering 409.
 */
const maxAttempts = 10;
const backoffCapMs = 1_000;
const backoffMs = (round: number) => Math.random() * Math.min(backoffCapMs, 25 * 2 ** round);

export async function retryOnConflict<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      if (round >= maxAttempts) {
        throw new IngestError('write_conflict', `${what} kept conflicting with concurrent writes; try again`);
      }
      await new Promise((r) => setTimeout(r, backoffMs(round)));
    }
  }
}
