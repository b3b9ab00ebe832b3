import { describe, expect, it } from 'vitest';
import type { S3Event } from 'aws-lambda';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readReferenceArticle } from '../support/shared.ts';
import { apiEvent, bodyOf } from './api-event.ts';
import { ingestHarness } from './ingest-harness.ts';

const { handler, services } = await ingestHarness('inbox');

const s3Event = (key: string): S3Event =>
  ({
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: services.bucketName }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size: 1 } },
      },
    ],
  }) as unknown as S3Event;

const drop = (key: string, body: string, contentType?: string) =>
  services.s3.send(new PutObjectCommand({ Bucket: services.bucketName, Key: key, Body: body, ...(contentType ? { ContentType: contentType } : {}) }));

describe('ingest: files dropped in the inbox', () => {
  it('ingests a file exactly as if posted, then moves it to inbox-done/', async () => {
    await drop('inbox/batch 1/raqqa.txt', readReferenceArticle(), 'text/plain');
    const [outcome] = await handler(s3Event('inbox/batch 1/raqqa.txt'));
    expect(outcome).toMatchObject({ result: 'done', kind: 'created' });
    const id = (outcome as { articleId: string }).articleId;
    expect(bodyOf<{ publisher: { id: string } }>(await handler(apiEvent('GET', `/articles/${id}`))).publisher.id).toBe('opslens');
    expect(await services.listKeys('inbox')).toEqual(['inbox-done/batch 1/raqqa.txt']);

    // The same event delivered again finds nothing left to do.
    expect(await handler(s3Event('inbox/batch 1/raqqa.txt'))).toEqual([{ key: 'inbox/batch 1/raqqa.txt', result: 'skipped' }]);
  });

  it('moves a refused file to inbox-failed/ with the error beside it, storing no article', async () => {
    await drop('inbox/broken.json', '{"headline": ', 'application/json');
    const [outcome] = await handler(s3Event('inbox/broken.json'));
    expect(outcome).toEqual({ key: 'inbox/broken.json', result: 'failed', code: 'invalid_json' });
    expect(await services.listKeys('inbox')).toEqual(['inbox-done/batch 1/raqqa.txt', 'inbox-failed/broken.json', 'inbox-failed/broken.json.error.json']);
    const error = await services.s3.send(new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket: services.bucketName, Key: 'inbox-failed/broken.json.error.json' }));
    expect(JSON.parse(await error.Body!.transformToString())).toMatchObject({ error: { code: 'invalid_json', message: expect.any(String) } });
    expect((await services.listKeys('articles/')).length).toBe(2);
  });
});
