/**
 * `npm run schema`: writes the article contract as JSON Schema (draft 2020-12)
 * for partners, from the same zod/mini definitions the code validates with, so
 * the published schema cannot drift from what the API accepts and returns.
 * A test (test/core/article/schema-files.test.ts) fails when the committed files are stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { Article, ArticleInput } from '../../functions/core/article/schema.ts';

export const schemasDir = dirname(fileURLToPath(import.meta.url));

const documents = {
  'article-input.schema.json': {
    schema: ArticleInput,
    title: 'Article input',
    description: 'An article as a publisher may POST it as application/json (our own format; ninjs 2.x/3.x, HTML and the text format are accepted too).',
  },
  'article.schema.json': {
    schema: Article,
    title: 'Article',
    description: 'One stored version of an article, as GET /articles/{id} returns it and webhooks carry it.',
  },
} as const;

/** File name → file content, exactly as committed. */
export function schemaFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(documents).map(([file, { schema, title, description }]) => {
      const json = z.toJSONSchema(schema, { io: file.includes('input') ? 'input' : 'output' });
      const document = { ...json, $id: `https://syndicate.example/schemas/${file}`, title, description };
      return [file, `${JSON.stringify(document, null, 2)}\n`];
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, content] of Object.entries(schemaFiles())) {
    writeFileSync(join(schemasDir, file), content);
    console.log(`wrote events/schemas/${file}`);
  }
}
