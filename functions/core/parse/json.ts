/**
 * JSON bodies: parsed once, then routed by shape to our schema, ninjs 2.x or
 * ninjs 3.x. A syntax error is reported with its position (line and column
 * too), so a publisher can find it.
 */
import { ArticleRefused } from '../article/errors.ts';
import type { InputFormat, ParsedArticle } from '../article/schema.ts';
import { parseArticleInput } from './article-input.ts';
import { parseNinjs2 } from './ninjs2.ts';
import { parseNinjs3 } from './ninjs3.ts';

export type JsonFormat = Extract<InputFormat, 'json' | 'ninjs2' | 'ninjs3'>;

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    throw new ArticleRefused('invalid_json', `invalid JSON at position ${position} (${lineAndColumn(text, position)}): ${reason}`);
  }
}

/** Field names only ninjs 3.x uses (2.x spells them all lower-case). */
const ninjs3Fields = ['versionCreated', 'firstCreated', 'contentCreated', 'infoSources', 'pubStatus', 'representationType', 'copyrightHolder', 'copyrightNotice', 'usageTerms', 'altIds', 'trustIndicators', 'rightsInfo', 'digitalSourceType'];
const ninjs2Fields = ['uri', 'versioncreated', 'firstcreated', 'contentcreated', 'infosources', 'pubstatus', 'headlines', 'bodies', 'body_html', 'body_text', 'description_text', 'representationtype', 'copyrightholder', 'altids'];

const hasCamelContentType = (list: unknown) =>
  Array.isArray(list) && list.some((item) => item && typeof item === 'object' && 'contentType' in item);

/** Which JSON dialect an object speaks: the `standard` declaration first, then field names. */
export function detectJsonFormat(data: Record<string, unknown>): JsonFormat {
  const standard = data.standard as { name?: unknown; version?: unknown } | undefined;
  if (standard && typeof standard === 'object' && String(standard.name).toLowerCase() === 'ninjs') {
    return String(standard.version).startsWith('3') ? 'ninjs3' : 'ninjs2';
  }
  if (ninjs3Fields.some((f) => f in data) || hasCamelContentType(data.bodies) || hasCamelContentType(data.headlines)) return 'ninjs3';
  if (ninjs2Fields.some((f) => f in data)) return 'ninjs2';
  return 'json';
}

export function parseJson(text: string): ParsedArticle {
  const data = parseJsonText(text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ArticleRefused('invalid_article', `invalid article: the JSON body must be an object, not ${Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`}`);
  }
  const record = data as Record<string, unknown>;
  switch (detectJsonFormat(record)) {
    case 'ninjs3':
      return parseNinjs3(record);
    case 'ninjs2':
      return parseNinjs2(record);
    default:
      return parseArticleInput(record);
  }
}
