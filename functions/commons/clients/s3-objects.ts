/**
 * S3 object calls (get, head, put, copy, delete) as signed requests (signed-requests.ts says why not
 * `@aws-sdk/client-s3`: its schemas, endpoint rules, XML serialiser and checksum middleware were
 * ~130 KB of ingest's bundle and ~75 KB of publish's, for five calls). Every function that touches the
 * bucket calls it this way: ingest (originals, versions, the inbox), publish (feed files and pages,
 * article bodies). Endpoint from the SDK's own `AWS_ENDPOINT_URL_S3` (s3rver), path-style with
 * `S3_FORCE_PATH_STYLE=true`, as the S3 client reads them; virtual-hosted on AWS.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsCallFailed, endpointFromEnvironment, regionFromEnvironment, SignedRequests, xmlElementOf as elementOf, xmlErrorOf, type Answer } from './signed-requests.ts';

/** An object as read back. */
export interface ObjectBytes {
  bytes: Uint8Array;
  contentType?: string;
}

/** What a HEAD tells of an object without its bytes. */
export interface ObjectHead {
  /** User metadata (`x-amz-meta-*`), keys lower-cased and without the prefix, as the S3 client gives them. */
  metadata: Record<string, string>;
  contentType?: string;
}

/** What a PUT may set besides the body and its type. */
export interface PutOptions {
  cacheControl?: string;
  /** User metadata, sent as `x-amz-meta-<key>`: US-ASCII values (S3 returns others mangled). */
  metadata?: Readonly<Record<string, string>>;
}

export interface S3ObjectsOptions {
  bucket: string;
  region: string;
  /** e.g. `http://127.0.0.1:4569` (s3rver); unset on AWS: the regional endpoint. */
  endpoint?: string;
  /** Path-style (`/{bucket}/{key}`) rather than virtual-hosted addressing: s3rver needs it. */
  forcePathStyle?: boolean;
  credentials?: AwsCredentialIdentityProvider;
  maxAttempts?: number;
}

/** RFC 3986 escaping of each key segment, as S3 signs and routes paths (`/` kept, everything else reserved escaped). */
const escapeKey = (key: string): string =>
  key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

const metadataPrefix = 'x-amz-meta-';

export class S3Objects {
  private readonly requests: SignedRequests;
  private readonly hostname: string;

  constructor(private readonly options: S3ObjectsOptions) {
    // uriEscapePath off: the key is escaped once, here; S3 signs the path as sent.
    this.requests = new SignedRequests({
      service: 's3',
      region: options.region,
      endpoint: options.endpoint ?? `https://s3.${options.region}.amazonaws.com`,
      uriEscapePath: false,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    });
    const base = this.requests.base.hostname;
    this.hostname = options.forcePathStyle ? base : `${options.bucket}.${base}`;
  }

  /** The object's bytes and type; undefined when there is no such key. */
  async getObject(key: string): Promise<ObjectBytes | undefined> {
    try {
      const { headers, body } = await this.send('GetObject', 'GET', key);
      const contentType = headers['content-type'];
      return contentType ? { bytes: body, contentType } : { bytes: body };
    } catch (error) {
      if (error instanceof AwsCallFailed && error.code === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  /** The object's user metadata and type; undefined when there is no such key. */
  async headObject(key: string): Promise<ObjectHead | undefined> {
    try {
      const { headers } = await this.send('HeadObject', 'HEAD', key);
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers)) {
        if (name.toLowerCase().startsWith(metadataPrefix)) metadata[name.toLowerCase().slice(metadataPrefix.length)] = value;
      }
      const contentType = headers['content-type'];
      return contentType ? { metadata, contentType } : { metadata };
    } catch (error) {
      if (error instanceof AwsCallFailed && error.code === 'NotFound') return undefined;
      throw error;
    }
  }

  async putObject(key: string, body: Uint8Array | string, contentType: string, options: PutOptions = {}): Promise<void> {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (options.cacheControl) headers['cache-control'] = options.cacheControl;
    for (const [name, value] of Object.entries(options.metadata ?? {})) headers[`${metadataPrefix}${name.toLowerCase()}`] = value;
    await this.send('PutObject', 'PUT', key, headers, typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  }

  /** A server-side copy within the bucket, metadata and content type included. */
  async copyObject(from: string, to: string): Promise<void> {
    const { body } = await this.send('CopyObject', 'PUT', to, { 'x-amz-copy-source': `/${this.options.bucket}/${escapeKey(from)}` });
    // S3 may answer a copy 200 and report its failure in the body.
    const text = Buffer.from(body).toString('utf8');
    if (text.includes('<Error>')) throw new AwsCallFailed('CopyObject', elementOf(text, 'Code') ?? 'Unknown', 200, elementOf(text, 'Message') ?? text);
  }

  /** Deletes one key; a missing key is not an error (S3 answers 204 either way). */
  async deleteObject(key: string): Promise<void> {
    await this.send('DeleteObject', 'DELETE', key);
  }

  /** Where a key's object is addressed (virtual-hosted, or path-style with the bucket first). */
  urlOf(key: string): string {
    const { protocol, port } = this.requests.base;
    return `${protocol}//${this.hostname}${port ? `:${port}` : ''}${this.pathOf(key)}`;
  }

  private pathOf(key: string): string {
    return `${this.options.forcePathStyle ? `/${this.options.bucket}` : ''}/${escapeKey(key)}`;
  }

  private send(operation: string, method: string, key: string, headers: Record<string, string> = {}, body?: Uint8Array): Promise<Answer> {
    return this.requests.send(operation, { method, path: this.pathOf(key), hostname: this.hostname, headers, ...(body ? { body } : {}) }, xmlErrorOf);
  }
}

/** One per container and bucket, from the environment the SDK clients read. */
const byBucket = new Map<string, S3Objects>();
export function s3Objects(bucket: string): S3Objects {
  let objects = byBucket.get(bucket);
  if (!objects) {
    objects = new S3Objects({ bucket, region: regionFromEnvironment(), ...endpointFromEnvironment('S3'), forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
    byBucket.set(bucket, objects);
  }
  return objects;
}
