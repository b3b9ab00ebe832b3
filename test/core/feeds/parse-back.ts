/**
 * Independent readers for the feed tests: fast-xml-parser's validator for
 * well-formedness, jing for the RFC 4287 RELAX NG schema, Ajv for our strict
 * JSON Feed 1.1 schema (schemas/json-feed-1.1.schema.json), and two unrelated
 * feed parsers (rss-parser, feedsmith) for what readers actually get.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { sharedPath } from '../../support/shared.ts';

const forbiddenInXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `true`, or what is wrong. fast-xml-parser's validator checks structure but
 * not characters, so the two XML 1.0 rules it skips are checked here: no
 * forbidden character anywhere, no `]]>` in character data (we never emit CDATA).
 */
export function wellFormed(xml: string): true | string {
  const forbidden = forbiddenInXml.exec(xml);
  if (forbidden) return `forbidden character U+${forbidden[0].charCodeAt(0).toString(16)} at ${forbidden.index}`;
  if (xml.includes(']]>')) return `"]]>" in character data at ${xml.indexOf(']]>')}`;
  const result = XMLValidator.validate(xml);
  return result === true ? true : `${result.err.code}: ${result.err.msg} (line ${result.err.line})`;
}

const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const jsonFeedSchema = ajv.compile(JSON.parse(readFileSync(fileURLToPath(new URL('./schemas/json-feed-1.1.schema.json', import.meta.url)), 'utf8')) as object);

/** Ajv's complaints about each JSON Feed document against the JSON Feed 1.1 schema; empty when all are valid. */
export function jsonFeedSchemaErrors(documents: readonly string[]): string {
  return documents
    .flatMap((doc, i) => (jsonFeedSchema(JSON.parse(doc)) ? [] : [`document ${i}: ${ajv.errorsText(jsonFeedSchema.errors, { separator: '; ' })}`]))
    .join('\n');
}

export const jingAvailable = (() => {
  try {
    execFileSync('which', ['jing'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
export const jingMissingMessage =
  'jing is not installed: skipping the RELAX NG checks (RFC 4287 schema, strict XML 1.0). Debian: apt-get install jing; .ci/run installs it';

/** jing's complaints about each document against ../shared/schemas/atom.rnc; empty when all are valid. One JVM for all. */
export function atomSchemaErrors(documents: readonly string[]): string {
  return jing(sharedPath('schemas', 'atom.rnc'), documents);
}

/**
 * A schema that accepts any element tree: through jing (a real XML 1.0 parser)
 * it checks well-formedness strictly, for documents without a schema (RSS).
 */
const anyXml = 'start = any\nany = element * { attribute * { text }*, (text | any)* }\n';

export function strictXmlErrors(documents: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'anyxml-'));
  try {
    const schema = join(dir, 'any.rnc');
    writeFileSync(schema, anyXml);
    return jing(schema, documents);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function jing(schema: string, documents: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'atom-'));
  try {
    const files = documents.map((doc, i) => {
      const file = join(dir, `feed-${i}.xml`);
      writeFileSync(file, doc);
      return file;
    });
    const run = spawnSync('jing', ['-c', schema, ...files], { encoding: 'utf8' });
    return run.status === 0 ? '' : `${run.stdout}${run.stderr}`.trim() || `jing exited with ${run.status}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReadItem {
  id: string | undefined;
  title: string | undefined;
  link: string | undefined;
  date: string | undefined;
}

const rssParser = new Parser();

/** Items as rss-parser reads an RSS or Atom document. */
export async function readWithRssParser(xml: string): Promise<ReadItem[]> {
  const feed = await rssParser.parseString(xml);
  return feed.items.map((item) => ({
    id: item.guid ?? (item as { id?: string }).id,
    title: item.title,
    link: item.link,
    date: item.isoDate,
  }));
}

const textOf = (t: string | { value: string } | undefined) => (typeof t === 'string' ? t : t?.value);
const iso = (date: string | undefined) => (date ? new Date(date).toISOString() : undefined);

/** Items as feedsmith reads each format. */
export function readWithFeedsmith(format: 'rss' | 'atom' | 'json', body: string): ReadItem[] {
  if (format === 'rss') {
    return (parseRssFeed(body).items ?? []).map((i) => ({ id: i.guid?.value, title: i.title, link: i.link, date: iso(i.pubDate) }));
  }
  if (format === 'atom') {
    return (parseAtomFeed(body).entries ?? []).map((e) => ({
      id: e.id,
      title: textOf(e.title),
      link: e.links?.find((l) => l.rel === 'alternate')?.href,
      date: iso(e.published),
    }));
  }
  return (parseJsonFeed(body).items ?? []).map((i) => ({ id: i.id, title: i.title, link: i.url, date: iso(i.date_published) }));
}
