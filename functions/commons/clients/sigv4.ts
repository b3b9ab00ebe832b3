/**
 * AWS Signature Version 4 for one request with a header-borne signature, on node:crypto.
 *
 * Written here rather than taken from a package: the SDK's signer (`@smithy/signature-v4`) brings
 * ~35 KB of the SDK's shared modules into a bundle that has no other use for them (its provider and
 * serde helpers, the protocol module for one escaping function), and `aws4` rewrites the requests it
 * signs (a form content type on any body without one, `+` in S3 paths read as a space). The algorithm
 * is AWS's, step by step as its documentation gives it; test/commons/clients/sigv4.test.ts holds every
 * header this produces equal to the SDK signer's for generated requests.
 */
import { createHash, createHmac } from 'node:crypto';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RequestToSign {
  method: string;
  /** From the root, escaped once as sent; no query string (no call of ours has one). */
  path: string;
  /** Must include `host`. */
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface SigningScope {
  service: string;
  region: string;
  /** S3 signs the path as sent; every other service escapes it once more. */
  uriEscapePath: boolean;
}

/** Headers the SDK never signs: hop-by-hop, or changed by proxies on the way (its `ALWAYS_UNSIGNABLE_HEADERS`, plus `proxy-*` and `sec-*`). */
const unsignable = new Set([
  'authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards', 'pragma',
  'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id',
]);
const isSigned = (name: string) => !unsignable.has(name) && !name.startsWith('proxy-') && !name.startsWith('sec-');

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 escaping: encodeURIComponent leaves `!'()*` as they are. */
const escape = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalPath(path: string, uriEscapePath: boolean): string {
  if (!uriEscapePath) return path;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escape(normalised).replace(/%2F/g, '/');
}

/** The signing key changes once a day per region and service; the last one is kept. */
let lastKey: { id: string; key: Buffer } | undefined;
function signingKey(secret: string, day: string, scope: SigningScope): Buffer {
  const id = `${secret}\n${day}\n${scope.region}\n${scope.service}`;
  if (lastKey?.id !== id) {
    lastKey = { id, key: hmac(hmac(hmac(hmac(`AWS4${secret}`, day), scope.region), scope.service), 'aws4_request') };
  }
  return lastKey.key;
}

/**
 * The request's headers with the signature's added (`x-amz-date`, `x-amz-content-sha256`, the session
 * token, `authorization`), all names lower case.
 */
export function signedHeaders(request: RequestToSign, scope: SigningScope, credentials: Credentials, now: Date): Record<string, string> {
  if (request.path.includes('?')) throw new Error('sigv4: query strings are not signed here');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'authorization' && lower !== 'x-amz-date' && lower !== 'date') headers[lower] = value;
  }
  const longDate = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  const day = longDate.slice(0, 8);
  headers['x-amz-date'] = longDate;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const payloadHash = headers['x-amz-content-sha256'] ?? sha256Hex(request.body ?? '');
  headers['x-amz-content-sha256'] = payloadHash;

  const names = Object.keys(headers).filter(isSigned).sort();
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '')}`);
  const signedNames = names.join(';');
  const canonicalRequest = [request.method, canonicalPath(request.path, scope.uriEscapePath), '', ...canonicalHeaders, '', signedNames, payloadHash].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', longDate, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day, scope)).update(stringToSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedNames}, Signature=${signature}`;
  return headers;
}
