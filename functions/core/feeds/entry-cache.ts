/**
 * A memo of what a render builds for one entry (its `FeedEntry`, its RSS item, Atom entry, JSON Feed
 * item, its line on a listing page), passed in by the caller and kept by it across renders: a batch
 * renders a dozen feeds whose newest pages share most of their articles, and the next batch renders
 * them again, so almost every entry a render serialises was serialised just before.
 *
 * What a part depends on besides the article is in its name (`part`): the settings or view values it
 * reads (base URL, id authority, feed language, taxonomy scheme, which kind of page). The article
 * itself is matched by identity: a keeper returns a held part only for the very object it was built
 * from, so a correction, a withdrawal or any other new state (a new object) is built afresh, and what
 * a render produces with a memo is byte for byte what it produces without one.
 *
 * The core only asks; holding, bounding and evicting are the keeper's (functions/publish/entry-cache.ts).
 */
import type { Article } from '../article/schema.ts';

export interface EntryCache {
  /** What `build` returns for `article`'s `part`, built now unless held for this very object. */
  part<T extends object | string>(article: Article, part: string, build: () => T): T;
}

/** `build()` through `cache` when there is one. */
export const cachedPart = <T extends object | string>(cache: EntryCache | undefined, article: Article, part: string, build: () => T): T =>
  cache ? cache.part(article, part, build) : build();
