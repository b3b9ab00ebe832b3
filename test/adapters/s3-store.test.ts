import { describe, expect, it } from 'vitest';
import { S3ContentStore, versionObjectKeys } from '../../functions/adapters/s3-store.ts';
import { useLocalServices } from '../support/services.ts';
import { sampleArticle } from '../support/articles.ts';

const services = await useLocalServices('s3-store');
const store = new S3ContentStore(services.s3, services.bucketName);
const raw = { bytes: Buffer.from('Harbour News\n\nFerry service resumes\n\nThe first crossing left at dawn.\n'), contentType: 'text/plain; charset=utf-8' };

describe('the S3 content store on s3rver', () => {
  it('stores a version under keys derived from its id, version and original bytes', async () => {
    const article = sampleArticle({ id: 'art_store1', version: 3 });
    const keys = await store.putVersion(article, { uri: 'ninjs-doc' }, raw);
    expect(keys).toEqual(versionObjectKeys(article, raw));
    expect(keys.json).toBe('articles/art_store1/v3.json');
    expect(keys.ninjs).toBe('articles/art_store1/v3.ninjs.json');
    expect(keys.raw).toMatch(/^raw\/art_store1\/v3-[0-9a-f]{16}\.txt$/);
    expect(await store.readArticle(keys.json)).toEqual(article);
    expect(Buffer.from((await store.get(keys.raw))!.bytes).equals(raw.bytes)).toBe(true);
    expect((await store.get(keys.raw))!.contentType).toBe('text/plain; charset=utf-8');

    // A retry writes the very same keys, so nothing accumulates.
    await store.putVersion(article, { uri: 'ninjs-doc' }, raw);
    expect(await services.listKeys('raw/art_store1/')).toEqual([keys.raw]);
  });

  it('moves an object and deletes objects, missing ones included', async () => {
    await store.put('inbox/batch one/a.txt', 'hello', 'text/plain');
    await store.move('inbox/batch one/a.txt', 'inbox-done/batch one/a.txt');
    expect(await store.get('inbox/batch one/a.txt')).toBeUndefined();
    expect(Buffer.from((await store.get('inbox-done/batch one/a.txt'))!.bytes).toString()).toBe('hello');
    await store.delete(['inbox-done/batch one/a.txt', 'never/existed.json']);
    expect(await services.listKeys('inbox-done/')).toEqual([]);
  });
});
