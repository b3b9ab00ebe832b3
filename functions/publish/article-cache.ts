/**
 * The articles a feed render needs, read from the table at most once per state, per container.
 *
 * A batch renders many feeds whose newest pages share most of their articles, and the next batch
 * renders them again with one or two articles more. Each feed-index entry names the state of its
 * article it was written from (its stamp, functions/adapters/article-stamp.ts), so an article held
 * here under the stamp its entry carries is known to be the one the index lists, and is not read
 * again. What a render reads is then only what changed: its feed's index Query, and the articles
 * whose listed state this container has not seen.
 *
 * Why a correction or a takedown is never served from here:
 * - a correction writes the article's entries again with a new stamp (before any render of its batch,
 *   functions/publish/feed-entries.ts): the held state no longer matches, and the article is read;
 * - a takedown (or an embargo) deletes the article's entries: no render lists it at all;
 * - the batch's own images are remembered first (`remember`): a state the batch replaced is dropped
 *   even where the index could not be written yet (the record is then retried), so this container
 *   reads the article again and leaves it out while it is not published.
 * An article is read once however many feeds of a batch want it at the same moment (in-flight reads
 * are shared). Entries written before stamps existed are held under "no stamp" until the article
 * next changes (its new entries then carry one). The cache is bounded by an estimate of its bytes,
 * least recently used out first.
 */
import type { Article } from '../core/article/schema.ts';
import { articleStamp } from '../adapters/article-stamp.ts';
import type { StoredArticle } from '../adapters/article-item.ts';
import type { IndexEntry } from '../adapters/feed-index.ts';

/** What entries written before stamps existed are held under. */
const UNSTAMPED = '';

/** Enough for the newest pages of thousands of feeds at a few KB an article, and a small part of publish's memory. */
export const ARTICLE_CACHE_BYTES = 64 * 1024 * 1024;

interface Held {
  stamp: string;
  stored: StoredArticle;
  bytes: number;
}

/** A rough size: the text fields dominate; the rest of an article is well under 2 KB. */
const sizeOf = (article: Article) => 2048 + article.headline.length + (article.bodyHtml?.length ?? 0) + article.body.reduce((n, p) => n + p.length, 0);

export class ArticleCache {
  private readonly held = new Map<string, Held>();
  private readonly inFlight = new Map<string, { stamp: string; read: Promise<StoredArticle | undefined> }>();
  private bytes = 0;
  /** Articles read through this cache (tests and the cost model count them). */
  reads = 0;

  constructor(private readonly maxBytes = ARTICLE_CACHE_BYTES) {}

  /** The state a batch just gave the article (undefined or not published: nothing is held for it). */
  remember(articleId: string, stored: StoredArticle | undefined): void {
    if (stored?.article.status === 'published') this.hold(articleId, articleStamp(stored.article), stored);
    else this.drop(articleId);
  }

  /**
   * The published articles of `entries`, in their order, reading through `read` (one call for
   * everything missing) only those not held under the stamp their entry carries.
   */
  async articles(entries: readonly IndexEntry[], read: (ids: string[]) => Promise<Map<string, StoredArticle>>): Promise<StoredArticle[]> {
    const found = new Map<string, Promise<StoredArticle | undefined>>();
    const missing: { id: string; stamp: string }[] = [];
    for (const { articleId: id, stamp = UNSTAMPED } of entries) {
      if (found.has(id)) continue;
      const held = this.held.get(id);
      const flying = this.inFlight.get(id);
      if (held?.stamp === stamp) {
        this.held.delete(id); // most recently used goes last
        this.held.set(id, held);
        found.set(id, Promise.resolve(held.stored));
      } else if (flying?.stamp === stamp) {
        found.set(id, flying.read);
      } else {
        missing.push({ id, stamp });
      }
    }
    if (missing.length > 0) {
      this.reads += missing.length;
      const batch = read(missing.map((m) => m.id));
      for (const { id, stamp } of missing) {
        const one = batch.then((all) => all.get(id));
        one.catch(() => undefined); // awaited below; other renders sharing it await it too
        this.inFlight.set(id, { stamp, read: one });
        found.set(id, one);
      }
      try {
        const all = await batch;
        // Held under the stamp the index listed: what was read is that state or a newer one (a strongly consistent read).
        for (const { id, stamp } of missing) {
          const stored = all.get(id);
          if (stored) this.hold(id, stamp, stored);
          else this.drop(id);
        }
      } finally {
        for (const { id, stamp } of missing) if (this.inFlight.get(id)?.stamp === stamp) this.inFlight.delete(id);
      }
    }
    const resolved = await Promise.all(entries.map((e) => found.get(e.articleId)!));
    return resolved.filter((stored): stored is StoredArticle => stored?.article.status === 'published');
  }

  private hold(id: string, stamp: string, stored: StoredArticle): void {
    this.drop(id);
    const bytes = sizeOf(stored.article);
    this.held.set(id, { stamp, stored, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.held) {
      if (this.bytes <= this.maxBytes) break;
      this.held.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  private drop(id: string): void {
    const held = this.held.get(id);
    if (!held) return;
    this.held.delete(id);
    this.bytes -= held.bytes;
  }
}
