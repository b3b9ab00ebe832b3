/**
 * The backstop behind the field limits: an assembled article whose fields
 * other than the body (which moves to S3 when large) would not fit a DynamoDB
 * item is refused here, before anything is written, rather than failing in
 * the transaction with a 5xx that every retry repeats.
 */
import { ArticleRefused } from '../article/errors.ts';
import { MAX_STORED_BYTES_WITHOUT_BODY } from '../article/limits.ts';
import type { Article } from '../article/schema.ts';

export function checkStoredSize(article: Article): void {
  const bytes = Buffer.byteLength(JSON.stringify({ ...article, body: [], bodyHtml: '' }));
  if (bytes > MAX_STORED_BYTES_WITHOUT_BODY) {
    throw new ArticleRefused(
      'article_too_large',
      `the article without its body is ${bytes} bytes (headline, standfirst, tags, media, notes…); the limit is ${MAX_STORED_BYTES_WITHOUT_BODY}`,
    );
  }
}
