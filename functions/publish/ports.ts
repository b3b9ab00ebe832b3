/**
 * What publishing feeds needs from the outside world, as small interfaces so
 * the use case runs the same against AWS, the local runtime and tests.
 */
import type { ArticleEvent } from '../core/article/events.ts';
import type { Article } from '../core/article/schema.ts';
import type { FeedKey } from '#core/feeds/keys.ts';

/** Where an entry sits in a feed's index: its sort key (`{publishedAt}#{articleId}`) and article. */
export interface IndexPosition {
  sk: string;
  articleId: string;
}

/** The latest articles of one feed, newest first: one Query of its feed index. */
export interface FeedSource {
  latest(feed: FeedKey, limit: number): Promise<Article[]>;
  /** The oldest `limit` index entries of the feed after sort key `after` (from its start when absent), oldest first: where the next archive page ends. */
  oldestAfter(feed: FeedKey, after: string | undefined, limit: number): Promise<IndexPosition[]>;
  /** The published articles of the index entries in (`from`, `to`], newest first: one archive page. */
  between(feed: FeedKey, from: string | undefined, to: string): Promise<Article[]>;
  /** The state a batch just gave an article (absent when it was deleted): a source that keeps articles need not read it (article-cache.ts). */
  remember?(articleId: string, image: { article: Article; bodyRef?: string } | undefined): void;
}

/**
 * Runs `work` while holding feed `feed`'s lease: one holder at a time across every publish invocation,
 * so the feed's documents are always written from the newest read (feed-leases.ts). The lease lives on
 * the feed's state item: taking it reads the state, and the render's last state write gives it back.
 */
export interface FeedLeases {
  hold<T>(feed: FeedKey, work: (lease: HeldLease) => Promise<T>): Promise<T>;
}

/** A lease while its holder works: `check` before every write (throws once the lease may no longer be ours). */
export interface HeldLease {
  /** Grows from holder to holder: the feed state refuses a writer whose fence is older than its own. */
  fence: number;
  /** The feed's state as the lease was taken (strongly consistent: the same write), with this lease's fence. */
  state: FeedState;
  check(): void;
  /** The state write that ended the render (`saveFiles` under this fence) gave the lease back: nothing is left to release. */
  released(): void;
}

/** SHA-256 of each file last written, by object key: what "unchanged bytes" is judged against without asking S3. */
export type FileHashes = Record<string, string>;

/** What publish keeps per feed in the table (functions/publish/dynamo-feed-state.ts). */
export interface FeedState {
  /** Archive pages cut so far (numbered 1..pages). */
  pages: number;
  /** Sort key of the newest page's newest entry; absent before the first page. */
  lastTo?: string;
  /** The feed's own files (three formats, its site page). */
  files: FileHashes;
  /** The fence of the lease it was written (or is being written) under; absent when written without one. */
  fence?: number;
}

/** One archive page as recorded: its range (`from`, `to`] of the feed index, and its files' hashes. */
export interface ArchivePage {
  number: number;
  /** The previous page's `to`; absent for page 1. */
  from?: string;
  to: string;
  files: FileHashes;
}

/**
 * The feed's state and archive pages, read and written by the holder of the feed's lease. State writes are
 * conditional on the page count read and on the fence (none newer recorded), so a holder whose lease
 * lapsed cannot record a stale view.
 */
export interface FeedStateStore {
  /** One strongly consistent read; an empty state for a feed never rendered with it. */
  read(feed: FeedKey): Promise<FeedState>;
  /**
   * Records the feed's file hashes, if its page count is still `state.pages`; written under a lease
   * (`state.fence`), the same write gives that lease back (the render's last write).
   */
  saveFiles(feed: FeedKey, state: FeedState, files: FileHashes): Promise<void>;
  /** Records page `state.pages + 1` and moves the state to it, in one transaction; false when another invocation recorded that page first. */
  cut(feed: FeedKey, state: FeedState, page: ArchivePage): Promise<boolean>;
  /** The page whose range holds sort key `sk` (the first page ending at or after it); undefined when it is newer than every page. */
  pageHolding(feed: FeedKey, sk: string): Promise<ArchivePage | undefined>;
  /** Records a re-rendered page's file hashes. */
  savePage(feed: FeedKey, page: ArchivePage): Promise<void>;
}

/** Rendered feed files and site pages, with a content hash kept beside each so unchanged bytes are never rewritten. */
export interface FeedFileStore {
  /**
   * The content hash stored with `key`, or undefined when the object does not exist: one S3 HEAD. Feed
   * files are judged against the hashes kept in the table instead (FeedStateStore); this serves files
   * written before those were kept, article pages and the brand pictures.
   */
  storedHash(key: string): Promise<string | undefined>;
  write(file: FeedFile): Promise<void>;
}

export interface FeedFile {
  key: string;
  /** Text (feeds, pages: written as UTF-8) or bytes (pictures). */
  body: string | Uint8Array;
  contentType: string;
  cacheControl: string;
  /** SHA-256 (hex) of what is stored: `body` (as UTF-8 when text), with its media type for rendered files (file-writer.ts). */
  hash: string;
  /** HTTP status the file is served with when not 200 (a withdrawn article's page: 410); kept as object metadata. */
  status?: number;
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
