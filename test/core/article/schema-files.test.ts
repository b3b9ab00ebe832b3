import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { processArticle } from '#core/pipeline/process-article.ts';
import { schemaFiles, schemasDir } from '../../../events/schemas/generate.ts';
import { readReferenceArticle, repoRoot } from '../../support/shared.ts';
import { createTagger } from '#core/tagging/tagger.ts';

const tagger = createTagger();

const committed = (file: string) => readFileSync(join(schemasDir, file), 'utf8');

describe('JSON Schema files in events/schemas', () => {
  const generated = schemaFiles();

  it.each(Object.keys(generated))('%s is up to date (run `npm run schema` after changing the model)', (file) => {
    expect(committed(file)).toBe(generated[file]);
  });

  const ajv = new Ajv2020.default({ strict: false });
  addFormats.default(ajv);

  it('accepts the JSON sample article as input and rejects one without a headline', () => {
    const validate = ajv.compile(JSON.parse(committed('article-input.schema.json')));
    const sample = JSON.parse(readFileSync(join(repoRoot, 'events', 'articles', 'sentry-kobani.json'), 'utf8'));
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...sample, headline: undefined })).toBe(false);
  });

  it('describes the articles the pipeline produces', () => {
    const validate = ajv.compile(JSON.parse(committed('article.schema.json')));
    const article = processArticle(readReferenceArticle(), { tagger: tagger, now: '2024-05-01T10:00:00.000Z' });
    expect(validate(JSON.parse(JSON.stringify(article))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...article, fingerprint: 'nope' })).toBe(false);
  });
});
