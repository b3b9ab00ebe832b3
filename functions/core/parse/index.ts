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
import type { PublisherLineTest } from './publisher-line.ts';
import { parseText, publisherLineCandidate } from './text.ts';

export interface ParseOptions {
  /** The request's Content-Type (or one implied by a file name); absent means "look at the content". */
  contentType?: string | undefined;
  /** Which first lines of a text name a publisher (./publisher-line.ts); by default the taxonomy's publishers. */
  isPublisherLine?: PublisherLineTest | undefined;
}

export function parseArticle(input: Uint8Array | string, options: ParseOptions = {}): ParsedArticle {
  declaredKind(options.contentType);
  const text = decodeInput(input, options.contentType);
  return enforceLimits(readAs(detectKind(text, options.contentType), text, options.isPublisherLine));
}

/**
 * The first line of a text-format body when it could be a publisher line, else undefined (other
 * formats, unreadable bodies): what a caller looks up among registered publishers before parsing.
 */
export function textPublisherCandidate(input: Uint8Array | string, contentType?: string): string | undefined {
  try {
    const text = decodeInput(input, contentType);
    return detectKind(text, contentType) === 'text' ? publisherLineCandidate(text) : undefined;
  } catch {
    return undefined;
  }
}

function readAs(kind: ReturnType<typeof detectKind>, text: string, isPublisherLine: PublisherLineTest | undefined): ParsedArticle {
  switch (kind) {
    case 'html':
      return parseHtml(text);
    case 'json':
      return parseJson(text);
    default:
      return parseText(text, isPublisherLine ? { isPublisherLine } : {});
  }
}
