/**
 * `Content-Encoding` on article writes: gzip is decoded, with the decoded size
 * held to the input limit while decoding, so a small bomb that inflates to
 * gigabytes is refused (413) after at most 1 MiB of output, not after filling
 * memory. Other encodings are refused (415) rather than read as text.
 */
import { gunzipSync } from 'node:zlib';
import { ArticleRefused, MAX_INPUT_BYTES } from '#core/article/errors.ts';

export function decodeContentEncoding(bytes: Buffer, contentEncoding: string | undefined): Buffer {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return bytes;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new ArticleRefused('unsupported_content_encoding', `unsupported Content-Encoding ${JSON.stringify(encoding.slice(0, 50))}: send the body as is, or gzip it once`);
  }
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_INPUT_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new ArticleRefused('body_too_large', `the gzip body decodes to more than ${MAX_INPUT_BYTES} bytes (1 MiB), the limit`);
    }
    throw new ArticleRefused('invalid_content_encoding', 'the body is not valid gzip although Content-Encoding says gzip');
  }
}
