/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of the HTTP API (functions/contract/openapi.ts), with
 * the API's base URL as its server. Served by the console function, the one that answers with what was
 * deployed and reads no table: building the document needs zod's JSON Schema writer and the whole
 * contract (~40 KB bundled), which ingest, where every article is posted, would otherwise carry (and load
 * on each cold start) for a route few clients call.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { env } from '#infra/definitions.ts';
import { openApiDocument } from '../contract/openapi.ts';

let served: string | undefined;

/** Built once per container: it depends only on the code and the API's base URL. */
export function openApiAnswer(environment: Readonly<Record<string, string | undefined>> = process.env): APIGatewayProxyStructuredResultV2 {
  const base = environment[env.publicBaseUrl];
  served ??= JSON.stringify(openApiDocument(base ? { serverUrl: base.replace(/\/+$/, '') } : {}));
  return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' }, body: served };
}
