/**
 * Refusals are values with a stable code and a message a publisher can act on.
 * The HTTP status lives here, in one place, so the API, the S3 inbox and the
 * CLI all report the same problem the same way.
 */
export const refusalStatus = {
  empty_body: 400,
  invalid_utf8: 400,
  invalid_json: 400,
  no_headline: 422,
  no_body: 422,
  invalid_article: 422,
  /** A field over its limit in ./limits.ts. */
  field_too_long: 422,
  /** A date before 1900 or too far ahead (./limits.ts, `dateLimits`). */
  date_out_of_range: 422,
  /** Neither an authenticated publisher nor a publisher named by the content. */
  no_publisher: 422,
  unsupported_content_type: 415,
  unrecognised_format: 415,
  body_too_large: 413,
  /** Content-Encoding other than gzip (decoded by the API) or identity. */
  unsupported_content_encoding: 415,
  /** Content-Encoding gzip on bytes that are not gzip. */
  invalid_content_encoding: 400,
  /** Within every field limit, yet too large to store beside its body (./limits.ts, `MAX_STORED_BYTES_WITHOUT_BODY`). */
  article_too_large: 413,
} as const;

export type RefusalCode = keyof typeof refusalStatus;

export class ArticleRefused extends Error {
  override readonly name = 'ArticleRefused';
  readonly status: number;

  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.status = refusalStatus[code];
  }
}

/** Largest input we accept: a news article is far smaller; more is a mistake or an attack. */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** The HTTP error body for a refusal, `{"error": {"code", "message"}}`: the API and the CLI print the same thing. */
export function refusalBody(refusal: ArticleRefused): { error: { code: RefusalCode; message: string } } {
  return { error: { code: refusal.code, message: refusal.message } };
}
