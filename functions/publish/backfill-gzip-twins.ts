/**
 * Stores the gzip twin (gzip-twins.ts) of every Atom and JSON Feed file that
 * lacks one. Publish writes twins whenever it writes a feed, but a feed
 * written before twins existed gets one only when an article next touches
 * it, and CloudFront sends gzip-accepting readers to the twin: after the
 * first deploy with twins, run `npx syndicate gzip-feeds` once so no reader
 * asks for a twin that is not there yet.
 *
 * 1. List `feeds/` (one paged listing).
 * 2. For each file that needs a twin and has none, read it and store its
 *    twin, keeping its media type, Cache-Control and content hash.
 * Running it again finds nothing to do.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { FEED_CACHE_CONTROL } from './publish-changes.ts';
import { GZIP_TWIN_SUFFIX, gzipTwinOf, needsGzipTwin } from './gzip-twins.ts';
import { HASH_METADATA, S3FeedFiles } from './s3-feed-files.ts';

async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Writes the missing twins; resolves with the keys of the twins it stored. */
export async function backfillGzipTwins(s3: S3Client, bucket: string): Promise<string[]> {
  const keys = await keysUnder(s3, bucket, 'feeds/');
  const present = new Set(keys);
  const files = new S3FeedFiles(s3, bucket);
  const stored: string[] = [];
  for (const key of keys) {
    if (key.endsWith(GZIP_TWIN_SUFFIX) || present.has(`${key}${GZIP_TWIN_SUFFIX}`)) continue;
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const contentType = object.ContentType ?? 'application/octet-stream';
    if (object.ContentEncoding || !needsGzipTwin({ body: '', contentType })) continue;
    const body = await object.Body!.transformToString('utf8');
    const hash = object.Metadata?.[HASH_METADATA] ?? createHash('sha256').update(body).digest('hex');
    const twin = gzipTwinOf({ key, body, contentType, hash });
    await files.write({ ...twin, cacheControl: object.CacheControl ?? FEED_CACHE_CONTROL });
    stored.push(twin.key);
  }
  return stored;
}
