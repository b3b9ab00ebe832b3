/**
 * The ingest function's HTTP routes (API Gateway HTTP API, payload v2): find
 * the route in infra/routes.ts, authenticate as its access level says, run
 * the use case, answer per the contract. `/articles/{id}.ninjs` arrives on the
 * `/articles/{id}` route and is told apart here.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ArticleRefused, MAX_INPUT_BYTES } from '#core/article/errors.ts';
import { requireAccess, type Authenticator, type Principal } from '#adapters/auth.ts';
import type { RawOriginal } from '#adapters/s3-store.ts';
import { checkPathParameters, matchPath, PathRefused, routes, routeKey, type Route } from '#infra/routes.ts';
import { decodeContentEncoding } from './body-encoding.ts';
import { correctArticle } from './correct-article.ts';
import type { WriteOutcome } from './correct-article.ts';
import { IngestError } from './errors.ts';
import type { IngestDependencies } from './ports.ts';
import { publishArticle } from './publish-article.ts';
import { listPublishers, registerPublisher, rotatePublisherKey } from './publishers.ts';
import { listVersions, readVersion } from './article-versions.ts';
import { pullEvents } from './pull-events.ts';
import { listArticles, readArticle, readArticleNinjs } from './read-articles.ts';
import { articleLinks, versionLink, errorResponse, failureOf, failureResponse, json, listEntry, writeSummary, type HttpResult } from './responses.ts';
import { withdrawArticle, type WithdrawOutcome } from './withdraw-article.ts';

export interface ApiDependencies extends IngestDependencies {
  auth: Authenticator;
}

const ingestRoutes = routes.filter((r) => r.function === 'ingest');

export async function handleApiRequest(deps: ApiDependencies, event: APIGatewayProxyEventV2): Promise<HttpResult> {
  let found: ReturnType<typeof findRoute>;
  try {
    found = findRoute(event);
  } catch (error) {
    if (error instanceof PathRefused) return errorResponse(error.status, error.code, error.message);
    throw error;
  }
  if (!found) return errorResponse(404, 'no_route', `no route for ${event.requestContext.http.method} ${event.rawPath}`);
  const { route, params } = found;
  try {
    const principal = route.access === 'public' ? await optionalPrincipal(deps, event) : await deps.auth.authenticate(event.headers);
    if (principal) requireAccess(principal, route.access);
    return await dispatch(deps, routeKey(route), params, event, principal);
  } catch (error) {
    const failure = failureOf(error);
    if (failure) {
      deps.metrics.refused(failure.code);
      deps.log.info('request refused', { route: routeKey(route), status: failure.status, code: failure.code, reason: failure.message });
      return failureResponse(failure);
    }
    deps.log.error('request failed', { route: routeKey(route), error: error as Error });
    return errorResponse(500, 'internal_error', 'the request could not be completed; it is safe to retry');
  }
}

async function dispatch(
  deps: ApiDependencies,
  key: string,
  params: Record<string, string>,
  event: APIGatewayProxyEventV2,
  principal: Principal | undefined,
): Promise<HttpResult> {
  const id = params.id ?? '';
  switch (key) {
    case 'GET /health':
      return json(200, { status: 'ok' });
    case 'POST /articles':
      return written(deps, await publishArticle(deps, principal!, rawBody(event)));
    case 'PUT /articles/{id}':
      return written(deps, await correctArticle(deps, principal!, id, rawBody(event)));
    case 'DELETE /articles/{id}':
      return withdrawn(deps, await withdrawArticle(deps, principal!, id));
    case 'GET /articles/{id}':
      if (id.endsWith('.ninjs')) {
        return json(200, await readArticleNinjs(deps, id.slice(0, -'.ninjs'.length), principal));
      }
      {
        const article = await readArticle(deps, id, principal);
        return json(200, { ...article, links: articleLinks(article.id) });
      }
    case 'GET /articles': {
      const page = await listArticles(deps, event.queryStringParameters ?? {}, principal);
      return json(200, { articles: page.articles.map(listEntry), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
    }
    case 'GET /articles/{id}/versions': {
      const listed = await listVersions(deps, id, event.queryStringParameters ?? {}, principal);
      const { status, withdrawnAt } = listed.article;
      return json(200, {
        id,
        status,
        ...(withdrawnAt ? { withdrawnAt } : {}),
        versions: listed.versions.map((v) => ({ ...v, links: { self: versionLink(id, v.version) } })),
        ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}),
      });
    }
    case 'GET /articles/{id}/versions/{n}': {
      const version = await readVersion(deps, id, params.n ?? '', principal);
      return json(200, { ...version, links: { self: versionLink(id, version.version), article: articleLinks(id).self } });
    }
    case 'GET /events':
      return notModifiedOr(event, json(200, await pullEvents(deps.events, event.queryStringParameters ?? {}), { 'cache-control': 'no-store' }));
    case 'GET /publishers':
      return json(200, await listPublishers(deps, event.queryStringParameters ?? {}));
    case 'POST /publishers':
      return json(201, await registerPublisher(deps, jsonBody(event)));
    case 'POST /publishers/{id}/rotate-key':
      return json(200, await rotatePublisherKey(deps, id));
    default:
      return errorResponse(404, 'no_route', `route ${key} is not served by the ingest function`);
  }
}

/** ETag on a page of events: a poller that sends it back as If-None-Match gets 304 while nothing is new. */
function notModifiedOr(event: APIGatewayProxyEventV2, result: HttpResult): HttpResult {
  const etag = `"${createHash('sha256').update(result.body ?? '').digest('base64url').slice(0, 27)}"`;
  const sent = headerOf(event, 'if-none-match');
  if (sent !== undefined && sent.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return { statusCode: 304, headers: { etag, 'cache-control': 'no-store' } };
  }
  return { ...result, headers: { ...result.headers, etag } };
}

function written(deps: ApiDependencies, outcome: WriteOutcome): HttpResult {
  if (outcome.kind === 'unchanged') deps.metrics.duplicate();
  else deps.metrics.ingested(outcome.kind);
  deps.log.info(`article ${outcome.kind}`, { articleId: outcome.article.id, version: outcome.article.version });
  return json(outcome.kind === 'created' ? 201 : 200, writeSummary(outcome));
}

function withdrawn(deps: ApiDependencies, outcome: WithdrawOutcome): HttpResult {
  deps.log.info(`article ${outcome.kind}`, { articleId: outcome.article.id, version: outcome.article.version });
  return json(200, writeSummary(outcome));
}

function findRoute(event: APIGatewayProxyEventV2): { route: Route; params: Record<string, string> } | undefined {
  const byKey = ingestRoutes.find((r) => routeKey(r) === event.routeKey);
  if (byKey) return { route: byKey, params: { ...(matchPath(byKey.path, event.rawPath) ?? {}), ...checkPathParameters(event.pathParameters) } };
  const method = event.requestContext.http.method.toUpperCase();
  for (const route of ingestRoutes) {
    const params = route.method === method ? matchPath(route.path, event.rawPath) : undefined;
    if (params) return { route, params };
  }
  return undefined;
}

async function optionalPrincipal(deps: ApiDependencies, event: APIGatewayProxyEventV2): Promise<Principal | undefined> {
  const hasAuthorization = Object.keys(event.headers ?? {}).some((h) => h.toLowerCase() === 'authorization');
  return hasAuthorization ? deps.auth.authenticate(event.headers) : undefined;
}

function bodyBytes(event: APIGatewayProxyEventV2): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

const headerOf = (event: APIGatewayProxyEventV2, name: string) => Object.entries(event.headers ?? {}).find(([h]) => h.toLowerCase() === name)?.[1];

function rawBody(event: APIGatewayProxyEventV2): RawOriginal {
  const sent = bodyBytes(event);
  if (sent.length > MAX_INPUT_BYTES) {
    throw new ArticleRefused('body_too_large', `body is ${sent.length} bytes; the limit is ${MAX_INPUT_BYTES} bytes (1 MiB)`);
  }
  const bytes = decodeContentEncoding(sent, headerOf(event, 'content-encoding'));
  const contentType = headerOf(event, 'content-type');
  return { bytes, contentType: contentType ?? 'application/octet-stream' };
}

function jsonBody(event: APIGatewayProxyEventV2): unknown {
  try {
    return JSON.parse(bodyBytes(event).toString('utf8'));
  } catch {
    throw new IngestError('invalid_request', 'body must be JSON');
  }
}
