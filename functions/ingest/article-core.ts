/**
 * The ingest function's view of the pure article core: the real pipeline
 * (parse → normalise → settle publisher → tag → fingerprint → id), run step
 * by step so that the publisher the content names is known beside the
 * publisher of record (a publisher key posting another outlet's text is a 403).
 * The tagger is compiled once per container.
 */
import type { Article, Publisher } from '#core/article/schema.ts';
import { toNinjs } from '#core/ninjs/to-ninjs.ts';
import { normalise } from '#core/normalise/normalise.ts';
import { parseArticle, textPublisherCandidate } from '#core/parse/index.ts';
import { publisherLineTest } from '#core/parse/publisher-line.ts';
import { noPublisher } from '#core/pipeline/process-article.ts';
import { assembleArticle } from '#core/pipeline/process-article.ts';
import type { Tagger } from '#core/tagging/types.ts';
import { env } from '#infra/definitions.ts';
import type { RawOriginal } from '#adapters/s3-store.ts';
import type { ArticleCore, Clock, ProcessResult } from './ports.ts';
import { ArticleRefused } from '#core/article/errors.ts';

export function articleCore(tagger: Tagger, clock: Clock): ArticleCore {
  return {
    process(raw: RawOriginal, publisher: Publisher | undefined, knownPublishers?: ReadonlySet<string>): ProcessResult {
      const isPublisherLine = publisherLineTest({ own: publisher, known: knownPublishers });
      const normalised = normalise(parseArticle(raw.bytes, { contentType: raw.contentType, isPublisherLine }));
      const statedPublisher = normalised.publisherName ? tagger.resolvePublisher(normalised.publisherName) : undefined;
      const ofRecord = publisher ?? statedPublisher;
      if (!ofRecord) throw noPublisher(normalised.format);
      const assembled = assembleArticle(normalised, { publisher: ofRecord, tagger, now: clock.now() });
      const { version: _v, status: _s, updatedAt: _u, publishedAt: _p, ...article } = assembled;
      return {
        article: { ...article, ...(normalised.publishedAt ? { publishedAt: normalised.publishedAt } : {}) },
        ...(statedPublisher ? { statedPublisher } : {}),
      };
    },
    resolvePublisher: (name) => tagger.resolvePublisher(name),
    publisherLine: (raw) => textPublisherCandidate(raw.bytes, raw.contentType),
    ninjs: (article: Article) => toNinjs(article, { baseUrl: process.env[env.publicBaseUrl] ?? 'http://localhost:3000' }),
  };
}
