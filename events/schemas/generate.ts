/**
 * `npm run schema`: writes the article contract as JSON Schema (draft 2020-12)
 * for partners, from the same zod/mini definitions the code validates with, so
 * the published schema cannot drift from what the API accepts and returns; one
 * schema per webhook event type (webhook-article.*.schema.json); and the HTTP
 * API's OpenAPI 3.1 document (openapi.json, also served at GET /openapi.json).
 * A test (test/core/article/schema-files.test.ts) fails when the committed files are stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { dateLimits, fieldLimits, type LimitedField } from '../../functions/core/article/limits.ts';
import { articleEventTypes } from '../../functions/core/article/events.ts';
import { articleInput } from '../../functions/core/article/input-schema.ts';
import { Article } from '../../functions/core/article/schema.ts';
import { webhookPayloadSchema } from '../../functions/core/webhooks/payload-schema.ts';
import { openApiDocument } from '../../functions/contract/openapi.ts';

export const schemasDir = dirname(fileURLToPath(import.meta.url));

const documents = {
  'article-input.schema.json': {
    schema: articleInput(),
    title: 'Article input',
    description: 'An article as a publisher may POST it as application/json (our own format; ninjs 2.x/3.x, HTML and the text format are accepted too).',
  },
  'article.schema.json': {
    schema: Article,
    title: 'Article',
    description: 'One stored version of an article, as GET /articles/{id} returns it and webhooks carry it.',
  },
} as const;

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; items?: JsonSchema };

const limitText = (field: LimitedField) => {
  const limit = fieldLimits[field];
  return `${limit.what}: at most ${limit.chars} characters (Unicode code points, counted after whitespace runs are collapsed) and ${limit.bytes} bytes of UTF-8`;
};

/** Writes the limits table (functions/core/article/limits.ts) into a string property: maxLength and a description. */
function limitString(schema: JsonSchema | undefined, field: LimitedField): void {
  if (!schema) return;
  schema.maxLength = fieldLimits[field].chars;
  schema.description = limitText(field);
}

function limitBody(schema: JsonSchema | undefined): void {
  if (!schema) return;
  const { body, paragraph } = fieldLimits;
  const variants = schema.anyOf ?? [schema];
  for (const variant of variants) {
    if (variant.type === 'array') {
      variant.maxItems = body.items;
      limitString(variant.items, 'paragraph');
    } else limitString(variant, 'body');
  }
  schema.description = `${body.what}: at most ${body.items} paragraphs of at most ${paragraph.chars} characters each, ${body.bytes} bytes in all`;
}

const dateText = `1900 or later; a publication time at most ${dateLimits.publishedAheadMs / 3_600_000} hours ahead of the time it is sent (or of embargoUntil), an embargo at most ${Math.round(dateLimits.embargoAheadMs / 86_400_000)} days ahead`;

/** The limits table, written into the generated schemas so partners read the same numbers the parser enforces. */
function withLimits(json: JsonSchema, kind: 'input' | 'article'): JsonSchema {
  const props = json.properties ?? {};
  for (const field of ['headline', 'standfirst', 'byline', 'language'] as const) limitString(props[field], field);
  limitBody(props.body);
  const media = props.media?.items?.properties;
  limitString(media?.caption, 'mediaCaption');
  limitString(media?.credit, 'mediaCredit');
  limitString(media?.alt, 'mediaAlt');
  for (const date of ['publishedAt', 'embargoUntil']) if (props[date]) props[date].description = dateText;
  if (kind === 'input') {
    limitString(props.publisher, 'publisher');
    limitString(props.sourceId, 'sourceId');
    limitString(props.canonicalUrl, 'canonicalUrl');
  } else {
    limitString(props.publisher?.properties?.name, 'publisher');
    limitString(props.source?.properties?.sourceId, 'sourceId');
    limitString(props.source?.properties?.canonicalUrl, 'canonicalUrl');
  }
  return json;
}

const text = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

/** One JSON Schema per event type: the body a webhook POSTs (and the `payload` of a pulled event). */
export const webhookSchemaFile = (type: string) => `webhook-${type}.schema.json`;

function webhookSchemaFiles(): [string, string][] {
  return articleEventTypes.map((type) => {
    const file = webhookSchemaFile(type);
    const json = z.toJSONSchema(webhookPayloadSchema(type), { target: 'draft-2020-12', io: 'output' });
    const description = `The JSON body of a ${type} webhook (Standard Webhooks: verify webhook-signature before trusting it).`;
    return [file, text({ ...json, $id: `https://syndicate.example/schemas/${file}`, title: `Webhook ${type}`, description })];
  });
}

/** File name → file content, exactly as committed. */
export function schemaFiles(): Record<string, string> {
  return Object.fromEntries([
    ...Object.entries(documents).map(([file, { schema, title, description }]) => {
      const json = withLimits(z.toJSONSchema(schema, { io: file.includes('input') ? 'input' : 'output' }) as JsonSchema, file.includes('input') ? 'input' : 'article');
      return [file, text({ ...json, $id: `https://syndicate.example/schemas/${file}`, title, description })];
    }),
    ...webhookSchemaFiles(),
    ['openapi.json', text(openApiDocument())],
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, content] of Object.entries(schemaFiles())) {
    writeFileSync(join(schemasDir, file), content);
    console.log(`wrote events/schemas/${file}`);
  }
}
