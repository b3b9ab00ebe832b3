/**
 * What feed renders built for each entry (its view entry, RSS item, Atom entry, JSON Feed item and
 * listing-page line: functions/core/feeds/entry-cache.ts), kept per container across renders and
 * batches. A batch renders a dozen feeds, each from the newest page of its index, and an article's
 * entry is the same text in every one of them; the next batch renders them again with one or two
 * articles more. Each entry is then serialised once per state of its article, not once per feed,
 * format and batch.
 *
 * Parts are held for the article object they were built from and handed out only for that very
 * object. The article cache (article-cache.ts) hands out one object per listed state (the stamp on
 * the feed-index entry), so a held part is reused exactly while the index lists the state it was
 * built from; a correction or withdrawal is a new object (from the stream, or read again under its
 * new stamp), for which everything is built afresh. Articles are never mutated after they are read.
 *
 * Bounded by an estimate of the bytes held, least recently used article out first.
 */
import type { Article } from '../core/article/schema.ts';
import type { EntryCache } from '../core/feeds/entry-cache.ts';

/** A few thousand articles' parts (five per article, each about the size of its body): a small part of publish's memory. */
export const ENTRY_CACHE_BYTES = 48 * 1024 * 1024;

interface Held {
  article: Article;
  parts: Map<string, object | string>;
  bytes: number;
}

/** Two bytes a character (strings with any non-Latin-1 text are stored so); an entry object about its body plus its other fields. */
const sizeOf = (value: object | string, article: Article) => (typeof value === 'string' ? 64 + 2 * value.length : 1024 + 2 * (article.bodyHtml?.length ?? 0));

export class EntryFragmentCache implements EntryCache {
  private readonly held = new Map<string, Held>();
  private bytes = 0;
  /** Parts built (misses) and handed out again (hits): tests and benchmarks count them. */
  built = 0;
  reused = 0;

  constructor(private readonly maxBytes = ENTRY_CACHE_BYTES) {}

  part<T extends object | string>(article: Article, part: string, build: () => T): T {
    let held = this.held.get(article.id);
    if (held && held.article !== article) {
      this.drop(article.id);
      held = undefined;
    }
    const found = held?.parts.get(part);
    if (found !== undefined) {
      this.reused += 1;
      this.held.delete(article.id); // most recently used goes last
      this.held.set(article.id, held!);
      return found as T;
    }
    const value = build();
    this.built += 1;
    held ??= { article, parts: new Map(), bytes: 0 };
    const bytes = sizeOf(value, article);
    held.parts.set(part, value);
    held.bytes += bytes;
    this.bytes += bytes;
    this.held.delete(article.id);
    this.held.set(article.id, held);
    for (const [oldest, entry] of this.held) {
      if (this.bytes <= this.maxBytes || oldest === article.id) break;
      this.held.delete(oldest);
      this.bytes -= entry.bytes;
    }
    return value;
  }

  /** Articles held (tests). */
  get size(): number {
    return this.held.size;
  }

  private drop(id: string): void {
    const held = this.held.get(id);
    if (!held) return;
    this.held.delete(id);
    this.bytes -= held.bytes;
  }
}
