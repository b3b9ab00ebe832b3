/**
 * `npm run bench -- pipeline`: the whole article core on the reference article,
 * on one core: parse + normalise + tag + fingerprint + ninjs (want ≥ 2,000/s).
 * Baseline in the same run: a JSON round trip of the finished article, so the
 * figure can be read relative to this machine's speed. Per-stage costs show
 * where the time goes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprintOf } from '../../functions/core/fingerprint.ts';
import { toNinjs } from '../../functions/core/ninjs/to-ninjs.ts';
import { normalise } from '../../functions/core/normalise/normalise.ts';
import { parseArticle } from '../../functions/core/parse/index.ts';
import { assembleArticle, processArticle } from '../../functions/core/pipeline/process-article.ts';
import { createTagger } from '../../functions/core/tagging/tagger.ts';

const sharedDir = process.env.SYNDICATE_SHARED_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');
const now = '2024-05-01T10:00:00.000Z';
const baseUrl = 'https://api.example.com';

/** Operations per second of `work`, after a warm-up, over about `seconds`. */
function rate(work: () => unknown, seconds = 1.5): number {
  for (let i = 0; i < 300; i++) work();
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < 50; i++) work();
    runs += 50;
    elapsed = performance.now() - start;
  }
  return runs / (elapsed / 1000);
}

const microseconds = (perSecond: number) => 1e6 / perSecond;

export async function run(): Promise<Record<string, number | string>> {
  const raw = readFileSync(join(sharedDir, 'seed', 'opslens-raqqa.txt'));
  const tagger = createTagger();
  const whole = () => toNinjs(processArticle(raw, { tagger, now, contentType: 'text/plain' }), { baseUrl });

  const parsed = parseArticle(raw, { contentType: 'text/plain' });
  const normalised = normalise(parsed);
  const publisher = tagger.resolvePublisher('OpsLens');
  const article = assembleArticle(normalised, { publisher, tagger, now });
  const articlesPerSec = rate(whole, 3);
  const baselinePerSec = rate(() => JSON.parse(JSON.stringify(article)));

  return {
    'pipeline.articlesPerSec': Math.round(articlesPerSec),
    'pipeline.baseline.jsonRoundTripPerSec': Math.round(baselinePerSec),
    'pipeline.vsJsonRoundTrip': articlesPerSec / baselinePerSec,
    'pipeline.stage.parseMicros': microseconds(rate(() => parseArticle(raw, { contentType: 'text/plain' }))),
    'pipeline.stage.normaliseMicros': microseconds(rate(() => normalise(parsed))),
    'pipeline.stage.tagMicros': microseconds(rate(() => tagger.tag(normalised, publisher))),
    'pipeline.stage.fingerprintMicros': microseconds(rate(() => fingerprintOf(normalised))),
    'pipeline.stage.assembleInclTagMicros': microseconds(rate(() => assembleArticle(normalised, { publisher, tagger, now }))),
    'pipeline.stage.ninjsMicros': microseconds(rate(() => toNinjs(article, { baseUrl }))),
  };
}
