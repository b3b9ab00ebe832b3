/**
 * Which parser reads a body: the declared content type decides when there is
 * one we know; no content type (or a generic binary one, as S3 uploads often
 * have) means we look at the content. A declared type we do not read is refused.
 */
import { ArticleRefused } from '../article/errors.ts';

export type SourceKind = 'text' | 'html' | 'json';

/** Media type without parameters, lower-cased: `Text/HTML; charset=utf-8` → `text/html`. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

const sniffedTypes = new Set(['application/octet-stream', 'binary/octet-stream']);

/** True for the generic binary types whose content we look at rather than trust (S3 uploads often have them). */
export const isSniffedType = (contentType: string | undefined): boolean => {
  const type = mediaTypeOf(contentType);
  return type === undefined || sniffedTypes.has(type);
};

function kindFromMediaType(type: string): SourceKind | undefined {
  if (type === 'text/plain' || type === 'text/markdown') return 'text';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'application/json' || type === 'text/json' || /^application\/[\w.+-]*\+json$/.test(type)) return 'json';
  return undefined;
}

const htmlStart = /^<(?:!doctype\s+html|html|head|body|article|main|section|div|p|h[1-6]|meta|title|header|!--)[\s>/]/i;

/**
 * Content sniffing: JSON starts with `{` or `[`, HTML with a recognisable tag
 * (or is XHTML), other markup (RSS, NewsML, SVG…) is refused rather than read
 * as text, anything else is the text format.
 */
export function sniffKind(text: string): SourceKind {
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (htmlStart.test(start)) return 'html';
  if (/^<(?:\?xml|[A-Za-z][\w:-]*)[\s>/]/.test(start)) {
    if (/<html[\s>]/i.test(start.slice(0, 2048))) return 'html';
    const root = /^<(?:\?xml[^>]*>\s*(?:<!--[\s\S]*?-->\s*)*)?<?([\w:-]+)/.exec(start)?.[1] ?? 'xml';
    throw new ArticleRefused('unrecognised_format', `unrecognised format: the content is <${root}> markup, not HTML; send the text format, HTML or JSON`);
  }
  return 'text';
}

/**
 * The reader a declared content type asks for; undefined when the content
 * decides. A type we do not read (a PDF, an image, CSV) is refused 415 before
 * its bytes are decoded, so binary content is never reported as bad UTF-8.
 */
export function declaredKind(contentType: string | undefined): SourceKind | undefined {
  if (isSniffedType(contentType)) return undefined;
  const type = mediaTypeOf(contentType)!;
  const kind = kindFromMediaType(type);
  if (!kind) {
    throw new ArticleRefused(
      'unsupported_content_type',
      `unsupported content type ${type.slice(0, 100)} (send text/plain, text/html or application/json)`,
    );
  }
  return kind;
}

export function detectKind(text: string, contentType?: string): SourceKind {
  return declaredKind(contentType) ?? sniffKind(text);
}

/** Content type implied by a file name, for the CLI and the S3 inbox; undefined means "look at the content". */
export function contentTypeForFileName(name: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  switch (ext) {
    case 'txt':
    case 'text':
      return 'text/plain';
    case 'html':
    case 'htm':
    case 'xhtml':
      return 'text/html';
    case 'json':
      return 'application/json';
    default:
      return undefined;
  }
}
