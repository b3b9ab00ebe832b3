/**
 * Failures of the ingest use cases a caller can act on, each with a stable
 * code and the HTTP status it maps to. Refusals of the input itself are the
 * core's `ArticleRefused`; authentication failures are `AuthFailure`.
 */
export type IngestErrorCode =
  | 'not_found'
  | 'article_withdrawn'
  | 'duplicate_of_other_article'
  | 'publisher_exists'
  | 'publisher_mismatch'
  | 'write_conflict'
  | 'invalid_request'
  | 'invalid_limit';

const statusOf: Record<IngestErrorCode, number> = {
  not_found: 404,
  article_withdrawn: 409,
  duplicate_of_other_article: 409,
  publisher_exists: 409,
  publisher_mismatch: 403,
  write_conflict: 409,
  invalid_request: 400,
  invalid_limit: 400,
};

export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly status: number;
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
    this.status = statusOf[code];
  }
}
