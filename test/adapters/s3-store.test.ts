import { describe, expect, it } from 'vitest';
import { S3ContentStore, versionObjectKeys } from '../../functions/adapters/s3-store.ts';
import { s3Objects } from '../../functions/commons/clients/s3-objects.ts';
import { useLocalServices } from '../support/services.ts';
import { sampleArticle } from '../support/articles.ts';

const services = await useLocalServices('s3-store');
const raw = { bytes: Buffer.from('Harbour News\n\nFerry service resumes\n\nThe first crossing left at dawn.\n'), contentType: 'text/plain; charset=utf-8' };

describe('the S3 content store on s3rver, through the signed S3 calls every function makes', () => {
  const store = new S3ContentStore(s3Objects(services.bucketName));
  it('stores a version under keys derived from its id, version and original bytes', async () => {
    const article = sampleArticle({ id: 'art_store1', version: 3 });
    const keys = await store.putVersion(article, { uri: 'ninjs-doc' }, raw);
    expect(keys).toEqual(versionObjectKeys(article, raw));
    expect(keys.json).toBe('articles/art_store1/v3.json');
    expect(keys.ninjs).toBe('articles/art_store1/v3.ninjs.json');
    expect(keys.raw).toMatch(new RegExp(`^raw/art_store1/v3-[0-9a-f]{16}\\.txt$`));
    expect(await store.readArticle(keys.json)).toEqual(article);
    expect(Buffer.from((await store.get(keys.raw))!.bytes).equals(raw.bytes)).toBe(true);
    expect((await store.get(keys.raw))!.contentType).toBe('text/plain; charset=utf-8');

    // A retry writes the very same keys, so nothing accumulates.
    await store.putVersion(article, { uri: 'ninjs-doc' }, raw);
    expect(await services.listKeys('raw/art_store1/')).toEqual([keys.raw]);
  });

  it('moves an object and deletes objects, missing ones included', async () => {
    // Spaces, reserved and non-ASCII characters: keys are escaped once, as S3 signs them. (No `+`:
    // s3rver reads the copy source with decodeURI, which leaves `%2B` encoded; S3 decodes it.)
    const from = `inbox/batch one/a (1)*'Ünï'.txt`;
    const to = `inbox-done/batch one/a (1)*'Ünï'.txt`;
    await store.put(from, 'hello', 'text/plain');
    await store.move(from, to);
    expect(await store.get(from)).toBeUndefined();
    const moved = await store.get(to);
    expect(Buffer.from(moved!.bytes).toString()).toBe('hello');
    expect(moved!.contentType).toBe('text/plain');
    await store.delete([to, 'never/existed.json']);
    expect(await services.listKeys(`inbox-done/batch`)).toEqual([]);
  });
});
