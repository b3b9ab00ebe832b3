/**
 * A file dropped under `inbox/` (S3 ObjectCreated):
 * 1. read it; its stored content type decides the format (a generic one means the content is sniffed);
 * 2. publish it exactly as an admin `POST /articles` would (the bucket's writers are operators);
 * 3. accepted → moved to `inbox-done/…`; refused → moved to `inbox-failed/…` with `….error.json` beside it
 *    holding the same `{"error": {code, message}}` the API would have answered;
 * 4. any other failure (S3, DynamoDB) is thrown, so Lambda retries the event; a file already moved is skipped.
 */
import type { S3Event } from 'aws-lambda';
import { ArticleRefused, MAX_INPUT_BYTES } from '#core/article/errors.ts';
import { bucket } from '#infra/definitions.ts';
import { publishArticle } from './publish-article.ts';
import type { IngestDependencies } from './ports.ts';
import { failureOf } from './responses.ts';

export type InboxOutcome =
  | { key: string; result: 'done'; articleId: string; kind: string }
  | { key: string; result: 'failed'; code: string }
  | { key: string; result: 'skipped' };

export async function handleInboxEvent(deps: IngestDependencies, event: S3Event): Promise<InboxOutcome[]> {
  const outcomes: InboxOutcome[] = [];
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    outcomes.push(await ingestInboxFile(deps, key));
  }
  return outcomes;
}

export async function ingestInboxFile(deps: IngestDependencies, key: string): Promise<InboxOutcome> {
  if (!key.startsWith(bucket.prefixes.inbox) || key.endsWith('/')) return { key, result: 'skipped' };
  const name = key.slice(bucket.prefixes.inbox.length);
  const object = await deps.content.get(key);
  if (!object) return { key, result: 'skipped' }; // a retried event for a file already moved

  try {
    if (object.bytes.length > MAX_INPUT_BYTES) {
      throw new ArticleRefused('body_too_large', `file is ${object.bytes.length} bytes; the limit is ${MAX_INPUT_BYTES} bytes (1 MiB)`);
    }
    const outcome = await publishArticle(deps, { kind: 'admin' }, { bytes: object.bytes, contentType: object.contentType ?? 'application/octet-stream' });
    if (outcome.kind === 'unchanged') deps.metrics.duplicate();
    else deps.metrics.ingested(outcome.kind);
    await deps.content.move(key, `${bucket.prefixes.inboxDone}${name}`);
    deps.log.info(`inbox file ${outcome.kind}`, { key, articleId: outcome.article.id, version: outcome.article.version });
    return { key, result: 'done', articleId: outcome.article.id, kind: outcome.kind };
  } catch (error) {
    const failure = failureOf(error);
    if (!failure) throw error;
    deps.metrics.refused(failure.code);
    const report = JSON.stringify({ error: { code: failure.code, message: failure.message } });
    await deps.content.put(`${bucket.prefixes.inboxFailed}${name}.error.json`, report, 'application/json');
    await deps.content.move(key, `${bucket.prefixes.inboxFailed}${name}`);
    deps.log.info('inbox file refused', { key, code: failure.code });
    return { key, result: 'failed', code: failure.code };
  }
}
