/**
 * What publishing feeds needs from the outside world, as small interfaces so
 * the use case runs the same against AWS, the local runtime and tests.
 */
import type { ArticleEvent } from '../core/article/events.ts';
import type { Article } from '../core/article/schema.ts';
import type { FeedKey } from '#core/feeds/keys.ts';

/** The latest articles of one feed, newest first: one Query of its feed index. */
export interface FeedSource {
  latest(feed: FeedKey, limit: number): Promise<Article[]>;
  /** Every article of the feed published in `month` (`2024-08`, UTC): one month's archive. */
  month(feed: FeedKey, month: string): Promise<Article[]>;
  /** The nearest months before and after `month` in which the feed has articles: one single-item Query each. */
  neighbourMonths(feed: FeedKey, month: string): Promise<{ previous?: string; next?: string }>;
}

/**
 * Runs `work` while holding feed `feed`'s lease: one holder at a time across every publish invocation,
 * so the feed's documents are always written from the newest read (feed-leases.ts).
 */
export interface FeedLeases {
  hold<T>(feed: FeedKey, work: () => Promise<T>): Promise<T>;
}

/** Rendered feed files and site pages, with a content hash kept beside each so unchanged bytes are never rewritten. */
export interface FeedFileStore {
  /** The content hash stored with `key`, or undefined when the object does not exist. */
  storedHash(key: string): Promise<string | undefined>;
  write(file: FeedFile): Promise<void>;
}

export interface FeedFile {
  key: string;
  /** Text (feeds, pages: written as UTF-8) or bytes (pictures). */
  body: string | Uint8Array;
  contentType: string;
  cacheControl: string;
  /** SHA-256 (hex) of `body` (as UTF-8 when text). */
  hash: string;
  /** HTTP status the file is served with when not 200 (a withdrawn article's page: 410); kept as object metadata. */
  status?: number;
  /** `gzip` for a stored gzip twin (gzip-twins.ts): sent as its Content-Encoding. */
  contentEncoding?: 'gzip';
}

/** Tells a WebSub hub that a feed URL has new content. */
export interface HubNotifier {
  published(feedUrl: string): Promise<void>;
}

/**
 * Hands article events to webhook delivery. Resolves with the events it could
 * neither hand over nor park in a dead-letter queue (their records are retried);
 * nothing (or an empty list) when every event is taken care of.
 */
export type ArticleEventSink = (events: ArticleEvent[]) => Promise<ArticleEvent[] | void>;
