/** The HTTP contract's error shape, `{"error": {"code", "message"}}`, for answers the runtime gives itself. */
import type { HttpResult } from './apigw.ts';

export function errorResult(status: number, code: string, message: string, headers: Record<string, string> = {}): HttpResult {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify({ error: { code, message } })),
  };
}
