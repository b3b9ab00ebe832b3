/** The README's limits table says what functions/core/article/limits.ts enforces. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldLimits } from '#core/article/limits.ts';
import { repoRoot } from '../../support/shared.ts';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const rows = new Map(
  [...readme.matchAll(/^\| ([^|]+?) \| ([\d,]+) \| ([\d,]*) \|/gm)].map((m) => [m[1]!.trim(), [m[2]!, m[3]!].map((n) => Number(n.replace(/,/g, '')))]),
);
const names: Record<keyof typeof fieldLimits, string> = {
  publisher: 'publisher', headline: 'headline', standfirst: 'standfirst', byline: 'byline', paragraph: 'one body paragraph',
  body: 'body', sourceId: 'sourceId', canonicalUrl: 'canonicalUrl', language: 'language',
  mediaCaption: 'image caption', mediaCredit: 'image credit', mediaAlt: 'image alt text',
};

describe('README limits', () => {
  it.each(Object.keys(fieldLimits) as (keyof typeof fieldLimits)[])('%s matches the table in code', (field) => {
    expect(rows.get(names[field])).toEqual([fieldLimits[field].chars, fieldLimits[field].bytes]);
  });
});
