/**
 * What the ingest use cases need from the world, as small interfaces: the
 * article core (pure), the stores, the scheduler, a clock and a logger.
 * `composition.ts` builds the real ones; tests pass the same real adapters
 * with a clock of their own.
 */
import type { EventReader } from './pull-events.ts';
import type { ArticleListings } from '#adapters/article-listings.ts';
import type { Article, Publisher } from '#core/article/schema.ts';
import type { ArticleRepository } from '#adapters/article-repository.ts';
import type { ContentStore, RawOriginal } from '#adapters/s3-store.ts';
import type { PublisherRepository } from '#adapters/publisher-repository.ts';
import type { EmbargoScheduler } from '#adapters/embargo-scheduler.ts';

/**
 * The article as the core produces it, with the id the core derives (publisher + source id, URL or
 * fingerprint); storage decides version, status and the dates of record. `publishedAt` only when the
 * content states one.
 */
export type ProcessedArticle = Omit<Article, 'version' | 'status' | 'updatedAt' | 'withdrawnAt' | 'publishedAt'> & {
  publishedAt?: string;
};

export interface ProcessResult {
  article: ProcessedArticle;
  /** The publisher the content names (first line, site name, ninjs publisher), when it names one. */
  statedPublisher?: Publisher;
}

export interface ArticleCore {
  /**
   * Parse, normalise, tag, fingerprint. `publisher` is the publisher of record when the caller
   * already knows it (a publisher key, a correction); otherwise the content must name one.
   * Throws `ArticleRefused` for input it cannot accept.
   */
  /**
   * `knownPublishers`: names besides the taxonomy's and the caller's own that count as a text's
   * publisher line (the registered publisher a text's first line names, looked up beforehand).
   */
  process(input: RawOriginal, publisher: Publisher | undefined, knownPublishers?: ReadonlySet<string>): ProcessResult;
  /** The first line of a text-format body that could name a publisher, to look up before `process`. */
  publisherLine(input: RawOriginal): string | undefined;
  /** Resolves a publisher named in content to its id (taxonomy id when known, else a slug). */
  resolvePublisher(name: string): Publisher;
  ninjs(article: Article): unknown;
}

export interface Clock {
  now(): Date;
}

export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** What the ingest function counts; Powertools Metrics behind it in the handler. */
export interface IngestMetrics {
  ingested(kind: 'created' | 'corrected'): void;
  duplicate(): void;
  refused(reason: string): void;
}

export interface IngestDependencies {
  core: ArticleCore;
  articles: ArticleRepository;
  /** Versions and the status lists (withdrawn, embargoed): reads the write path never needs. */
  listings: ArticleListings;
  /** The event pull channel (`GET /events`), read only: publish appends to it. */
  events: EventReader;
  content: ContentStore;
  publishers: PublisherRepository;
  embargoes: EmbargoScheduler;
  clock: Clock;
  log: Log;
  metrics: IngestMetrics;
}
