/**
 * HEAD wherever GET works, on AWS as locally (RFC 9110 §9.3.2: the GET's status and headers, no body).
 * API Gateway gives every GET route a HEAD twin (infra/constructs/http-api.ts) and sends it to the same
 * function, which answers it through the GET code path so the two can never disagree.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

type Result = APIGatewayProxyStructuredResultV2;

export async function answeringHead(event: APIGatewayProxyEventV2, handle: (event: APIGatewayProxyEventV2) => Promise<Result>): Promise<Result> {
  if (event.requestContext?.http?.method !== 'HEAD') return handle(event);
  const asGet: APIGatewayProxyEventV2 = {
    ...event,
    routeKey: event.routeKey.replace(/^HEAD /, 'GET '),
    requestContext: { ...event.requestContext, routeKey: event.requestContext.routeKey.replace(/^HEAD /, 'GET '), http: { ...event.requestContext.http, method: 'GET' } },
  };
  const result = await handle(asGet);
  const body = result.body ?? '';
  const length = result.isBase64Encoded ? Buffer.from(body, 'base64').length : Buffer.byteLength(body);
  return { ...result, headers: { ...result.headers, 'content-length': String(length) }, body: '', isBase64Encoded: false };
}
