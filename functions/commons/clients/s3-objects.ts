/**
 * S3 object calls (get, put, copy, delete) made with the pinned SDK's own parts: its SigV4 signer,
 * credential chain, Node HTTP handler and standard retry strategy. Endpoint from the SDK's own
 * `AWS_ENDPOINT_URL_S3` (s3rver), path-style with `S3_FORCE_PATH_STYLE=true`, as the S3 client reads them.
 *
 * Why not `@aws-sdk/client-s3`: for these four calls, each one signed HTTP request, it bundles the
 * schemas of every S3 operation (~70 KB esbuild cannot drop: their keys are computed), the endpoint
 * rules, the XML (de)serialiser and checksum middleware: about 130 KB of ingest's bundle, compiled on
 * every cold start. The libraries that sign plain requests (aws4fetch, aws-lite) bring a second signer
 * and credential handling beside the SDK's; these parts are already in every bundle that talks to
 * DynamoDB, so this module adds about 2 KB.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { isThrottlingError, isTransientError, StandardRetryStrategy } from '@smithy/core/retry';
import { HttpRequest, type HttpResponse } from '@smithy/core/transport';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, SdkError } from '@smithy/types';

/** An object as read back. */
export interface ObjectBytes {
  bytes: Uint8Array;
  contentType?: string;
}

/** S3 refused a call: its error code (`AccessDenied`, `SlowDown`, ...) and HTTP status, as S3 sent them. */
export class S3CallFailed extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(`S3 ${operation} failed: ${status} ${code}: ${message}`);
    this.name = 'S3CallFailed';
  }
}

export interface S3ObjectsOptions {
  bucket: string;
  region: string;
  /** e.g. `http://127.0.0.1:4569` (s3rver); unset on AWS: the regional endpoint. */
  endpoint?: string;
  /** Path-style (`/{bucket}/{key}`) rather than virtual-hosted addressing: s3rver needs it. */
  forcePathStyle?: boolean;
  credentials?: AwsCredentialIdentityProvider;
  /** The SDK's default is 3 attempts (standard mode). */
  maxAttempts?: number;
}

/** RFC 3986 escaping of each key segment, as S3 signs and routes paths (`/` kept, everything else reserved escaped). */
const escapeKey = (key: string): string =>
  key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

/** S3's error document is `<Error><Code>…</Code><Message>…</Message></Error>`; nothing else in it is read. */
const elementOf = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/**
 * The SDK's own classification (what its retry middleware asks): throttling, or transient (500, 502,
 * 503, 504, timeouts, reset connections); undefined: not worth retrying, as the SDK would not.
 */
function retryableType(error: unknown): 'THROTTLING' | 'TRANSIENT' | undefined {
  const shape: SdkError =
    error instanceof S3CallFailed ? ({ name: error.code, message: error.message, $metadata: { httpStatusCode: error.status } } as SdkError) : (error as SdkError);
  if (isThrottlingError(shape)) return 'THROTTLING';
  if (isTransientError(shape)) return 'TRANSIENT';
  return undefined;
}

export class S3Objects {
  private readonly signer: SignatureV4;
  private readonly http = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 });
  private readonly retry: StandardRetryStrategy;
  private readonly base: URL;

  constructor(private readonly options: S3ObjectsOptions) {
    // uriEscapePath off: the path is escaped once, here; S3 signs it as sent (no second escaping, unlike other services).
    this.signer = new SignatureV4({ service: 's3', region: options.region, credentials: options.credentials ?? defaultProvider(), sha256: Sha256, uriEscapePath: false });
    this.retry = new StandardRetryStrategy(options.maxAttempts ?? 3);
    this.base = new URL(options.endpoint ?? `https://s3.${options.region}.amazonaws.com`);
    if (!options.forcePathStyle) this.base.hostname = `${options.bucket}.${this.base.hostname}`;
  }

  /** The object's bytes and type; undefined when there is no such key. */
  async getObject(key: string): Promise<ObjectBytes | undefined> {
    try {
      const { response, body } = await this.call('GetObject', 'GET', key);
      const contentType = response.headers['content-type'];
      return contentType ? { bytes: body, contentType } : { bytes: body };
    } catch (error) {
      if (error instanceof S3CallFailed && error.code === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async putObject(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.call('PutObject', 'PUT', key, { 'content-type': contentType }, typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  }

  /** A server-side copy within the bucket, metadata and content type included. */
  async copyObject(from: string, to: string): Promise<void> {
    const { body } = await this.call('CopyObject', 'PUT', to, { 'x-amz-copy-source': `/${this.options.bucket}/${escapeKey(from)}` });
    // S3 may answer a copy 200 and report its failure in the body.
    const text = Buffer.from(body).toString('utf8');
    if (text.includes('<Error>')) throw new S3CallFailed('CopyObject', elementOf(text, 'Code') ?? 'Unknown', 200, elementOf(text, 'Message') ?? text);
  }

  /** Deletes one key; a missing key is not an error (S3 answers 204 either way). */
  async deleteObject(key: string): Promise<void> {
    await this.call('DeleteObject', 'DELETE', key);
  }

  private async call(operation: string, method: string, key: string, headers: Record<string, string> = {}, body?: Uint8Array) {
    let token = await this.retry.acquireInitialRetryToken('s3');
    for (;;) {
      try {
        const answer = await this.send(operation, method, key, headers, body);
        this.retry.recordSuccess(token);
        return answer;
      } catch (error) {
        const errorType = retryableType(error);
        if (!errorType) throw error;
        try {
          token = await this.retry.refreshRetryTokenForRetry(token, { errorType }); // waits the backoff
        } catch {
          throw error; // attempts or retry capacity used up: the last failure is the answer
        }
      }
    }
  }

  /** Where a key's object is addressed (virtual-hosted, or path-style with the bucket first). */
  urlOf(key: string): string {
    return `${this.base.protocol}//${this.base.host}${this.pathOf(key)}`;
  }

  private pathOf(key: string): string {
    const prefix = this.options.forcePathStyle ? `/${this.options.bucket}` : '';
    return `${this.base.pathname.replace(/\/$/, '')}${prefix}/${escapeKey(key)}`;
  }

  private async send(operation: string, method: string, key: string, headers: Record<string, string>, body?: Uint8Array) {
    const request = new HttpRequest({
      protocol: this.base.protocol,
      hostname: this.base.hostname,
      ...(this.base.port ? { port: Number(this.base.port) } : {}),
      method,
      path: this.pathOf(key),
      headers: { host: this.base.host, ...headers, ...(body ? { 'content-length': String(body.byteLength) } : {}) },
      ...(body ? { body } : {}),
    });
    const signed = await this.signer.sign(request);
    const { response } = await this.http.handle(signed as HttpRequest);
    const bytes = await streamCollector((response as HttpResponse).body);
    if (response.statusCode >= 300) {
      const text = Buffer.from(bytes).toString('utf8');
      throw new S3CallFailed(operation, elementOf(text, 'Code') ?? `Http${response.statusCode}`, response.statusCode, elementOf(text, 'Message') ?? (text || 'no message'));
    }
    return { response: response as HttpResponse, body: bytes };
  }
}

/** One per container and bucket, from the environment the SDK clients read. */
const byBucket = new Map<string, S3Objects>();
export function s3Objects(bucket: string): S3Objects {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('AWS_REGION is not set: S3 calls are signed for a region');
  const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  let objects = byBucket.get(bucket);
  if (!objects) {
    objects = new S3Objects({ bucket, region, ...(endpoint ? { endpoint } : {}), forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
    byBucket.set(bucket, objects);
  }
  return objects;
}
