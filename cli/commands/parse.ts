/**
 * `syndicate parse FILE`: the pipeline's core on one file, nothing stored.
 * 1. read the file; its extension gives the content type (else the content decides);
 * 2. parse, normalise, tag and fingerprint it exactly as POST /articles would;
 * 3. print the article (or its ninjs with --ninjs) as JSON, or the API's error body and exit 1.
 */
import { readFileSync } from 'node:fs';
import { ArticleRefused, refusalBody } from '#core/article/errors.ts';
import { toNinjs } from '#core/ninjs/to-ninjs.ts';
import { contentTypeForFileName } from '#core/parse/detect.ts';
import { processArticle } from '#core/pipeline/process-article.ts';
import { createTagger } from '#core/tagging/tagger.ts';
import { parseCommandArgs, usageError, usageOnly } from '../args.ts';

export const summary = 'parse FILE [--publisher NAME] [--ninjs [--base-url URL]] [--now ISO]: print the normalised, tagged article as JSON';

const usage = `usage: syndicate parse FILE [options]

Parses, normalises, tags and fingerprints one article file (text format, HTML,
our JSON, ninjs 2.x or 3.x) and prints it as JSON. Nothing is stored.

options:
  --publisher NAME   publish as this publisher (as an authenticated request would)
  --ninjs            print IPTC ninjs 2.2 instead of our article JSON
  --base-url URL     base of the ninjs uri (default http://localhost:3000)
  --now ISO          the clock (default: the current time)
`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('parse', usage, argv, {
    publisher: { type: 'string' },
    ninjs: { type: 'boolean', default: false },
    'base-url': { type: 'string', default: 'http://localhost:3000' },
    now: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) return usageOnly(usage);
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) return usageError('parse', `--now ${values.now} is not a date`);

  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return usageError('parse', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }

  const tagger = createTagger();
  try {
    const article = processArticle(bytes, {
      contentType: contentTypeForFileName(file),
      tagger,
      publisher: values.publisher ? tagger.resolvePublisher(values.publisher) : undefined,
      now,
    });
    const output = values.ninjs ? toNinjs(article, { baseUrl: values['base-url'] }) : article;
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ArticleRefused)) throw error;
    process.stderr.write(`${JSON.stringify(refusalBody(error))}\n`);
    return 1;
  }
}
