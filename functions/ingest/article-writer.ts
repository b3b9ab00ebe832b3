/**
 * Stores one article state: S3 objects first, then the one DynamoDB
 * transaction that makes it visible. The table is the only thing readers
 * trust, so until the transaction commits the new objects are invisible; if
 * it does not commit, the objects this attempt wrote are removed (or, when a
 * concurrent twin committed the same version, rewritten from what it stored).
 */
import type { Article } from '#core/article/schema.ts';
import type { VersionObjects } from '#adapters/article-item.ts';
import type { CurrentArticle, NearDuplicateFiling } from '#adapters/article-repository.ts';
import type { RawOriginal } from '#adapters/s3-store.ts';
import type { IngestDependencies } from './ports.ts';

export interface NewState {
  before?: CurrentArticle;
  after: Article;
  sourceHash?: string;
  /** A new version's original; absent when only the status changes (withdrawal, release). */
  raw?: RawOriginal;
  nearDuplicate?: NearDuplicateFiling;
}

export async function writeArticle(deps: IngestDependencies, state: NewState): Promise<VersionObjects> {
  const { after, before, raw } = state;
  let objects: VersionObjects;
  if (raw) {
    objects = await deps.content.putVersion(after, deps.core.ninjs(after), raw).catch(async (error: unknown) => {
      await discardAttempt(deps, after, deps.content.keysFor(after, raw));
      throw error;
    });
  } else {
    objects = before!.objects!;
  }
  try {
    await deps.articles.write({
      before,
      after,
      objects,
      ...(state.sourceHash ? { sourceHash: state.sourceHash } : {}),
      ...(state.nearDuplicate ? { nearDuplicate: state.nearDuplicate } : {}),
    });
  } catch (error) {
    if (raw) await discardAttempt(deps, after, objects);
    throw error;
  }
  return objects;
}

/** The whole article, with its body read back from S3 when the item had to leave it there. */
export async function fullArticle(deps: IngestDependencies, stored: CurrentArticle): Promise<Article> {
  if (!stored.bodyRef) return stored.article;
  const saved = await deps.content.readArticle(stored.bodyRef);
  return { ...stored.article, body: saved.body, bodyHtml: saved.bodyHtml };
}

/**
 * After a failed write: objects of a version nobody stored are deleted; objects of a version a
 * concurrent writer did store are made to match it again (our put may have landed after theirs).
 * Best effort: a failure here is logged and the original error stands.
 */
async function discardAttempt(deps: IngestDependencies, after: Article, objects: VersionObjects): Promise<void> {
  try {
    const owner = await deps.articles.versionObjects(after.id, after.version);
    if (!owner) {
      await deps.content.delete([objects.raw, objects.json, objects.ninjs]);
      return;
    }
    if (owner.raw !== objects.raw) await deps.content.delete([objects.raw]);
    const current = await deps.articles.get(after.id);
    // An offloaded item cannot be the source: its body is the very object being repaired.
    if (current?.article.version === after.version && !current.bodyRef) {
      await deps.content.put(owner.json, JSON.stringify(current.article), 'application/json');
      await deps.content.put(owner.ninjs, JSON.stringify(deps.core.ninjs(current.article)), 'application/json');
    }
  } catch (cleanupError) {
    deps.log.warn('could not clean up after a failed article write', {
      articleId: after.id,
      version: after.version,
      error: (cleanupError as Error).message,
    });
  }
}
