/**
 * The one-off backfill (`npx syndicate gzip-feeds`) against s3rver: feeds
 * written before gzip twins existed get theirs, with the plain file's media
 * type, Cache-Control and hash; RSS and pages (compressed by CloudFront) get
 * none; a second run has nothing to do.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { backfillGzipTwins } from '../../functions/publish/backfill-gzip-twins.ts';
import { HASH_METADATA } from '../../functions/publish/s3-feed-files.ts';
import { run } from '../../cli/commands/gzip-feeds.ts';
import { useLocalServices } from '../support/services.ts';

const services = await useLocalServices('gzip-backfill');
const put = (key: string, body: string, contentType: string) =>
  services.s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: key, Body: body, ContentType: contentType, CacheControl: 'public, max-age=60, s-maxage=0', Metadata: { [HASH_METADATA]: `hash-of-${key}` } }));

describe('backfilling gzip twins', () => {
  it('stores a twin for each Atom and JSON Feed file without one, and nothing on a second run', async () => {
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>old</title></feed>';
    await put('feeds/all.atom', atom, 'application/atom+xml; charset=utf-8');
    await put('feeds/archive/all/2024-03.json', '{"version":"https://jsonfeed.org/version/1.1","title":"old","items":[]}', 'application/feed+json; charset=utf-8');
    await put('feeds/all.rss', '<rss version="2.0"/>', 'application/rss+xml; charset=utf-8');
    await put('pages/index.html', '<!doctype html>', 'text/html; charset=utf-8');

    expect((await backfillGzipTwins(services.s3, services.bucketName)).sort()).toEqual(['feeds/all.atom.gz', 'feeds/archive/all/2024-03.json.gz']);
    const twin = await services.s3.send(new GetObjectCommand({ Bucket: services.bucketName, Key: 'feeds/all.atom.gz' }));
    expect(twin).toMatchObject({ ContentEncoding: 'gzip', ContentType: 'application/atom+xml; charset=utf-8', CacheControl: 'public, max-age=60, s-maxage=0' });
    expect(twin.Metadata?.[HASH_METADATA]).toBe('hash-of-feeds/all.atom+gzip');
    expect(gunzipSync(await twin.Body!.transformToByteArray()).toString('utf8')).toBe(atom);
    expect(await services.listKeys('feeds/all.rss')).toEqual(['feeds/all.rss']);

    expect(await backfillGzipTwins(services.s3, services.bucketName)).toEqual([]);
  });

  it('refuses arguments and a missing BUCKET_NAME with exit code 2', async () => {
    const saved = process.env.BUCKET_NAME;
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errors.push(chunk), true)) as typeof process.stderr.write;
    try {
      expect(await run(['--bucket', 'x'])).toBe(2);
      delete process.env.BUCKET_NAME;
      expect(await run([])).toBe(2);
    } finally {
      process.stderr.write = write;
      if (saved !== undefined) process.env.BUCKET_NAME = saved;
    }
    expect(errors.join('')).toMatch(/takes no arguments[\s\S]*BUCKET_NAME is not set/);
  });
});
