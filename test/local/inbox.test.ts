import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeS3EventKey, InboxWatcher } from '../../infra/local/inbox.ts';
import { s3ClientFor } from '../../infra/local/services.ts';

/** A private s3rver: its events are in-process, so this test needs the instance itself. */
interface S3rver extends EventEmitter {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rverClass = createRequire(import.meta.url)('s3rver') as new (o: object) => S3rver;

let s3rver: S3rver;
let s3: S3Client;
const dir = mkdtempSync(join(tmpdir(), 'inbox-test-'));
const bucket = 'inbox-test';

beforeAll(async () => {
  s3rver = new S3rverClass({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await s3rver.run();
  s3 = s3ClientFor(`http://127.0.0.1:${port}`);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  await s3rver.close();
  rmSync(dir, { recursive: true, force: true });
});

const put = (Key: string, Body = 'OpsLens\n\nA headline\n\nA body.') => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
const keysOf = (events: S3Event[]) => events.flatMap((e) => e.Records.map((r) => r.s3.object.key));

describe('the inbox watcher', () => {
  it('encodes keys as S3 notifications do', () => {
    expect(encodeS3EventKey('inbox/my article (1).txt')).toBe('inbox/my+article+%281%29.txt');
  });

  it('invokes ingest with an S3 ObjectCreated event for objects written under inbox/ only', async () => {
    const events: S3Event[] = [];
    const watcher = new InboxWatcher({ s3, bucket, objectEvents: s3rver, invoke: async (e) => void events.push(e) });
    await watcher.start();
    await put('inbox/first story.txt');
    await put('raw/not-for-ingest.txt');
    await watcher.idle();
    await watcher.stop();
    expect(keysOf(events)).toEqual(['inbox/first+story.txt']);
    expect(events[0]!.Records[0]).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { size: expect.any(Number), eTag: expect.stringMatching(/^[0-9a-f]{32}$/) } },
    });
  });

  it('hands over objects that were already waiting in inbox/ when it starts', async () => {
    const events: S3Event[] = [];
    await put('inbox/while-down.txt');
    const watcher = new InboxWatcher({ s3, bucket, invoke: async (e) => void events.push(e) });
    await watcher.start();
    await watcher.idle();
    await watcher.stop();
    expect(keysOf(events)).toContain('inbox/while-down.txt');
  });

  it('retries a failed invocation twice, as Lambda does for asynchronous invocations', async () => {
    let calls = 0;
    const log: string[] = [];
    const watcher = new InboxWatcher({
      s3,
      bucket: 'other-bucket',
      objectEvents: s3rver,
      invoke: async () => {
        calls++;
        throw new Error('ingest is down');
      },
      log: (line) => log.push(line),
    });
    // A bucket nobody writes to keeps catch-up empty; the event below is emitted as s3rver would.
    await s3.send(new CreateBucketCommand({ Bucket: 'other-bucket' }));
    await watcher.start();
    await s3.send(new PutObjectCommand({ Bucket: 'other-bucket', Key: 'inbox/x.txt', Body: 'x' }));
    await watcher.idle();
    await watcher.stop();
    expect(calls).toBe(3);
    expect(log.at(-1)).toMatch(/gave up on inbox\/x.txt/);
  });

  it('without object events, lists inbox/ on a timer and hands each object over once while it is being ingested', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'polled-bucket' }));
    const keys: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const watcher = new InboxWatcher({
      s3,
      bucket: 'polled-bucket',
      pollIntervalMs: 20,
      invoke: async (e) => {
        keys.push(...keysOf([e]));
        await slow; // still "ingesting" while several listings pass
      },
    });
    await watcher.start();
    await s3.send(new PutObjectCommand({ Bucket: 'polled-bucket', Key: 'inbox/late.txt', Body: 'x' }));
    for (let i = 0; i < 50 && keys.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    release();
    await watcher.stop();
    expect(keys).toEqual(['inbox/late.txt']);
  });
});
