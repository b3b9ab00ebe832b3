/**
 * S3 event notifications for the bucket's `inbox/` prefix, as the stack wires
 * them to the ingest function: s3rver emits an event for every object written
 * through its API; each ObjectCreated event under `inbox/` becomes an AWS-shaped
 * S3 event (keys URL-encoded as S3 encodes them) and an asynchronous
 * invocation, retried twice on error as Lambda retries async invocations.
 * At start, objects already waiting in `inbox/` (written while the runtime
 * was down) are handed over too.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { bucket as bucketDefinition } from '#infra/definitions.ts';
import type { ObjectEvents } from './services.ts';
import { localRegion } from './sqs/broker.ts';

export interface InboxObject {
  key: string;
  size: number;
  eTag?: string;
  eventName: string;
}

export interface InboxWatcherOptions {
  s3: S3Client;
  bucket: string;
  /** s3rver's notifications (`LocalServices.objectEvents`): each write under `inbox/` is handed over as it happens. */
  objectEvents?: ObjectEvents;
  invoke: (event: S3Event) => Promise<unknown>;
  log?: (line: string) => void;
  /** Lambda retries a failed asynchronous invocation twice. */
  retries?: number;
  /** Only without object events (an S3 endpoint that is not our s3rver): how often to list `inbox/` for new objects. */
  pollIntervalMs?: number;
}

/** S3 writes keys into notifications form-encoded as Java's URLEncoder does (space as `+`, `(` as `%28`), slashes kept. */
export const encodeS3EventKey = (key: string): string =>
  key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');

export function s3EventOf(bucket: string, object: InboxObject, now = new Date()): S3Event {
  const record: S3EventRecord = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: localRegion,
    eventTime: now.toISOString(),
    eventName: object.eventName as S3EventRecord['eventName'],
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'LOCAL', 'x-amz-id-2': 'LOCAL' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'inbox',
      bucket: { name: bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: encodeS3EventKey(object.key),
        size: object.size,
        eTag: object.eTag ?? '',
        sequencer: Date.now().toString(16).toUpperCase(),
      },
    },
  };
  return { Records: [record] };
}

interface S3rverRecord {
  eventName?: string;
  s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number; eTag?: string } };
}

export class InboxWatcher {
  private readonly inFlight = new Set<Promise<void>>();
  /** Keys being handed over now, and objects (key + ETag) given up on: a listing must not start them again. */
  private readonly busyKeys = new Set<string>();
  private readonly givenUp = new Set<string>();
  private pollTimer?: NodeJS.Timeout;
  private readonly listener = (event: { Records?: S3rverRecord[] }) => {
    for (const r of event.Records ?? []) {
      const key = r.s3?.object?.key;
      if (r.s3?.bucket?.name !== this.options.bucket || !key || !r.eventName?.startsWith('ObjectCreated:')) continue;
      if (!key.startsWith(bucketDefinition.prefixes.inbox)) continue;
      this.track(this.deliver({ key, size: r.s3.object?.size ?? 0, eTag: r.s3.object?.eTag, eventName: r.eventName }));
    }
  };
  ready = false;

  constructor(private readonly options: InboxWatcherOptions) {}

  async start(): Promise<void> {
    this.options.objectEvents?.on('event', this.listener);
    await this.catchUp();
    this.ready = true;
    if (!this.options.objectEvents && this.options.pollIntervalMs) this.schedulePoll(this.options.pollIntervalMs);
  }

  /** Stops listening and waits for invocations under way. */
  async stop(): Promise<void> {
    this.ready = false;
    clearTimeout(this.pollTimer);
    this.options.objectEvents?.off('event', this.listener);
    await this.idle();
  }

  private schedulePoll(ms: number): void {
    this.pollTimer = setTimeout(() => {
      this.catchUp()
        .catch((error: unknown) => this.options.log?.(`inbox: listing failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.ready && this.schedulePoll(ms));
    }, ms);
  }

  /** Hands over every object waiting in `inbox/`. */
  async catchUp(): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.options.s3.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: bucketDefinition.prefixes.inbox, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        this.track(this.deliver({ key: o.Key!, size: o.Size ?? 0, eTag: o.ETag?.replace(/"/g, ''), eventName: 'ObjectCreated:Put' }));
      }
      token = page.NextContinuationToken;
    } while (token);
  }

  /** Resolves once every invocation started so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(object: InboxObject): Promise<void> {
    const identity = `${object.key} ${object.eTag ?? ''}`;
    if (this.busyKeys.has(object.key) || this.givenUp.has(identity)) return;
    this.busyKeys.add(object.key);
    try {
      if (!(await this.deliverWithRetries(object))) this.givenUp.add(identity);
    } finally {
      this.busyKeys.delete(object.key);
    }
  }

  /** True when the function accepted the object. */
  private async deliverWithRetries(object: InboxObject): Promise<boolean> {
    const attempts = 1 + (this.options.retries ?? 2);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await this.options.invoke(s3EventOf(this.options.bucket, object));
        return true;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.options.log?.(`inbox: ingest failed on ${object.key} (attempt ${attempt} of ${attempts}): ${reason}`);
      }
    }
    this.options.log?.(`inbox: gave up on ${object.key}; it stays in inbox/ and is retried at the next start`);
    return false;
  }
}
