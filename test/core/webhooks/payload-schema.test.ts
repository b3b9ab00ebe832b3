/**
 * The committed webhook JSON Schemas (events/schemas/webhook-*.schema.json) describe the bodies the
 * code really sends: built by buildPayload and serialisePayload from articles of every shape, for
 * each event type, cut to fit, and cut down to the bare identity. A body of one type fails another's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { articleEventTypes } from '#core/article/events.ts';
import { processArticle } from '#core/pipeline/process-article.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import { buildPayload, serialisePayload } from '#core/webhooks/payload.ts';
import { schemasDir, webhookSchemaFile } from '../../../events/schemas/generate.ts';
import { readReferenceArticle } from '../../support/shared.ts';
import { sampleArticle, sampleEvent } from './article-fixture.ts';

const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
const validator = (type: string) => ajv.compile(JSON.parse(readFileSync(join(schemasDir, webhookSchemaFile(type)), 'utf8')));
const base = 'https://api.example.org';

const reference = processArticle(readReferenceArticle(), { tagger: createTagger(), now: '2024-05-01T10:00:00.000Z' });
const withImage = sampleArticle({
  media: [{ url: 'https://cdn.example.org/ferry.jpg', mediaType: 'image/jpeg', width: 1600, height: 900, caption: 'The ferry', credit: 'Jo Lens', role: 'lead' }],
  nearDuplicateOf: 'art_00',
  similarity: 0.9,
});

describe.each(articleEventTypes)('webhook-%s.schema.json', (type) => {
  const validate = validator(type);
  const withdrawn = (a: typeof reference) => (type === 'article.withdrawn' ? { ...a, status: 'withdrawn' as const, withdrawnAt: '2024-05-02T10:00:00.000Z' } : a);
  const bodies = {
    reference: serialisePayload(buildPayload(sampleEvent(type, withdrawn(reference)), base)),
    'lead image and near-duplicate': serialisePayload(buildPayload(sampleEvent(type, withdrawn(withImage)), base)),
    'cut to fit': serialisePayload(buildPayload(sampleEvent(type, withdrawn(sampleArticle({ summary: 'word '.repeat(9000) }))), base)),
    'identity only': serialisePayload(buildPayload(sampleEvent(type, withdrawn(sampleArticle({ headline: 'h'.repeat(30_000) }))), base), 600),
  };

  it.each(Object.entries(bodies))('accepts a real body: %s', (_what, body) => {
    const parsed = JSON.parse(body);
    expect(validate(parsed), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('refuses a body of another type, or one missing its links', () => {
    const parsed = JSON.parse(bodies.reference);
    const other = articleEventTypes.find((t) => t !== type)!;
    expect(validate({ ...parsed, type: other })).toBe(false);
    expect(validate({ ...parsed, data: { ...parsed.data, links: undefined } })).toBe(false);
  });
});
