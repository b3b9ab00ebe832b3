/**
 * HTTP answers in one place: the JSON shapes of the contract and the mapping
 * from every named failure to its status and `{"error": {code, message}}`.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ArticleRefused } from '#core/article/errors.ts';
import type { Article } from '#core/article/schema.ts';
import { InvalidCursor } from '#adapters/article-repository.ts';
import { InvalidCursor as InvalidKeyCursor } from '#adapters/cursor.ts';
import { AuthFailure } from '#adapters/auth.ts';
import { env } from '#infra/definitions.ts';
import type { WriteOutcome } from './correct-article.ts';
import { IngestError } from './errors.ts';
import { ArticleWithdrawn } from './read-articles.ts';
import type { WithdrawOutcome } from './withdraw-article.ts';

export type HttpResult = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResponse(statusCode: number, code: string, message: string): HttpResult {
  return json(statusCode, { error: { code, message } });
}

/** A failure a caller can act on: what it is called, and the status it answers with. */
export interface Failure {
  status: number;
  code: string;
  message: string;
}

/** The named failure behind an error; undefined for anything unexpected (a 500, logged by the caller). */
export function failureOf(error: unknown): Failure | undefined {
  if (error instanceof ArticleRefused || error instanceof AuthFailure || error instanceof IngestError) {
    return { status: error.status, code: error.code, message: error.message };
  }
  if (error instanceof ArticleWithdrawn) return { status: 410, code: 'article_withdrawn', message: error.message };
  if (error instanceof InvalidCursor || error instanceof InvalidKeyCursor) return { status: 400, code: 'invalid_cursor', message: error.message };
  return undefined;
}

export function failureResponse(failure: Failure): HttpResult {
  const result = errorResponse(failure.status, failure.code, failure.message);
  if (failure.status === 401) result.headers = { ...result.headers, 'www-authenticate': 'Bearer' };
  return result;
}

export function articleLinks(id: string): { self: string; ninjs: string } {
  const base = (process.env[env.publicBaseUrl] ?? '').replace(/\/$/, '');
  const self = `${base}/articles/${encodeURIComponent(id)}`;
  return { self, ninjs: `${self}.ninjs` };
}

export const versionLink = (id: string, version: number): string => `${articleLinks(id).self}/versions/${version}`;

/**
 * What a write returns: what the request did (`outcome`: created, corrected,
 * unchanged or withdrawn; the status code alone cannot tell a correction from
 * a duplicate) and enough for a publisher to check what was understood,
 * without echoing the body.
 */
export function writeSummary({ kind, article }: WriteOutcome | WithdrawOutcome) {
  return {
    outcome: kind,
    id: article.id,
    version: article.version,
    status: article.status,
    publisher: article.publisher,
    headline: article.headline,
    tags: article.tags,
    notes: article.notes,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    ...(article.embargoUntil ? { embargoUntil: article.embargoUntil } : {}),
    ...(article.withdrawnAt ? { withdrawnAt: article.withdrawnAt } : {}),
    links: articleLinks(article.id),
  };
}

/** A list entry: the article without its body. */
export function listEntry(article: Article) {
  const { body: _body, bodyHtml: _html, ...rest } = article;
  return { ...rest, links: articleLinks(article.id) };
}
