/**
 * Custom headers a partner asks us to send with every webhook (a static
 * token their gateway checks, a routing key). We refuse, by name, every header
 * that would break what the request means or how it is checked:
 *
 * - `webhook-*`: the Standard Webhooks id, timestamp and signature are ours;
 * - `content-type`, `content-length`, `content-encoding`, `transfer-encoding`:
 *   they describe the signed body, which we alone write;
 * - `host`, `connection`, `keep-alive`, `te`, `trailer`, `upgrade`, `expect`,
 *   `proxy-*`: routing and hop-by-hop headers, set by the HTTP client;
 * - `user-agent`: tells receivers the request came from us;
 * - `cookie`: a session credential has no place in a server-to-server call.
 *
 * `authorization` is allowed on purpose: a receiver behind an API gateway
 * often needs a static bearer token, and it does not take part in signing.
 * Values are stored sealed like signing secrets and never shown back.
 */

export const MAX_CUSTOM_HEADERS = 20;
export const MAX_HEADER_VALUE_CHARS = 1000;

const reservedExact = new Set([
  'content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'host', 'connection', 'keep-alive',
  'te', 'trailer', 'upgrade', 'expect', 'user-agent', 'cookie',
]);
const reservedPrefixes = ['webhook-', 'proxy-'];

/** RFC 9110 token characters. */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Visible ASCII, space and tab inside; no CR, LF or other controls (header injection). */
const headerValue = /^[\t\x20-\x7E]*$/;

export type CustomHeaders = Record<string, string>;

/** Why a header is refused, or undefined when it is allowed. */
export function headerRefusal(name: string, value: unknown): string | undefined {
  if (!headerName.test(name)) return `header name ${JSON.stringify(name.slice(0, 100))} is not an HTTP token`;
  const lower = name.toLowerCase();
  if (reservedExact.has(lower) || reservedPrefixes.some((p) => lower.startsWith(p))) {
    return `header ${lower} is set by the webhook sender and cannot be overridden`;
  }
  if (typeof value !== 'string') return `header ${lower} must have a string value`;
  if (value.length > MAX_HEADER_VALUE_CHARS) return `header ${lower} is longer than ${MAX_HEADER_VALUE_CHARS} characters`;
  if (!headerValue.test(value) || value !== value.trim()) {
    return `header ${lower} may hold only printable ASCII, with no control characters or surrounding spaces`;
  }
  return undefined;
}

/** Checks a headers object; returns it with lower-cased names, or the first reason it is refused. */
export function checkCustomHeaders(input: Record<string, unknown>): { headers: CustomHeaders } | { refused: string } {
  const entries = Object.entries(input);
  if (entries.length > MAX_CUSTOM_HEADERS) return { refused: `at most ${MAX_CUSTOM_HEADERS} custom headers` };
  const headers: CustomHeaders = {};
  for (const [name, value] of entries) {
    const refused = headerRefusal(name, value);
    if (refused) return { refused };
    const lower = name.toLowerCase();
    if (lower in headers) return { refused: `header ${lower} is given twice` };
    headers[lower] = value as string;
  }
  return { headers };
}
