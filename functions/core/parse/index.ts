/**
 * Any accepted input to a `ParsedArticle`:
 * 1. decode (size limit, strict UTF-8, not empty);
 * 2. choose the reader from the content type, else from the content;
 * 3. read it (text format, HTML, our JSON, ninjs 2.x or 3.x);
 * 4. hold every field to the limits table (../article/limits.ts).
 * Every failure is an `ArticleRefused` naming the problem.
 */
import type { ParsedArticle } from '../article/schema.ts';
import { decodeInput } from './decode.ts';
import { declaredKind, detectKind } from './detect.ts';
import { parseHtml } from './html.ts';
import { parseJson } from './json.ts';
import { enforceLimits } from './limits.ts';
import { parseText } from './text.ts';

export interface ParseOptions {
  /** The request's Content-Type (or one implied by a file name); absent means "look at the content". */
  contentType?: string | undefined;
}

export function parseArticle(input: Uint8Array | string, options: ParseOptions = {}): ParsedArticle {
  declaredKind(options.contentType);
  const text = decodeInput(input, options.contentType);
  return enforceLimits(readAs(detectKind(text, options.contentType), text));
}

function readAs(kind: ReturnType<typeof detectKind>, text: string): ParsedArticle {
  switch (kind) {
    case 'html':
      return parseHtml(text);
    case 'json':
      return parseJson(text);
    default:
      return parseText(text);
  }
}
