/**
 * Publishing again a stream batch the publish mapping gave up on (`syndicate redrive --events`).
 * The on-failure record names a range of one shard, not the records: feed entries are written by
 * publish from the stream, so without this the batch's articles would be missing from their feeds
 * for good, however often their events were redriven.
 *
 * 1. Read the range's records back from the stream (kept 24 hours on AWS; the DLQ alarm fires at once).
 * 2. For each article whose item changed after the batch, add a record from the batch's last image
 *    to the current one: the feed index then ends at the article's current state (an old record
 *    alone would put back entries a later correction or withdrawal removed).
 * 3. Run the whole publish on them, as the mapping would: feed entries, renders, pages, events. The
 *    events come from the records' own images, so their webhook-ids and pull-channel ids are the
 *    ones the first attempt would have used, and receivers deduplicate anything sent twice.
 * 4. Done only when publish reports no failed record; otherwise the message stays for the next redrive.
 */
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { isArticleRecord } from './stream-records.ts';

/** What Lambda's on-failure record says about the batch (`DDBStreamBatchInfo`). */
export interface GaveUpBatch {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  streamArn: string;
}

/** The batch an on-failure message describes, or undefined for any other message. */
export function gaveUpBatchOf(body: string): GaveUpBatch | undefined {
  try {
    const info = (JSON.parse(body) as { DDBStreamBatchInfo?: Partial<GaveUpBatch> }).DDBStreamBatchInfo;
    const { shardId, startSequenceNumber, endSequenceNumber, streamArn } = info ?? {};
    if (shardId && startSequenceNumber && endSequenceNumber && streamArn) return { shardId, startSequenceNumber, endSequenceNumber, streamArn };
  } catch {
    // not JSON: not an on-failure record
  }
  return undefined;
}

export interface RedriveBatchDependencies {
  /** The batch's records, in order; undefined when the stream no longer holds them. */
  records(batch: GaveUpBatch): Promise<DynamoDBRecord[] | undefined>;
  /** The item's current image, as a stream image; undefined when it is gone. */
  currentImage(keys: Record<string, AttributeValue>): Promise<Record<string, AttributeValue> | undefined>;
  /** The publish handler's use case on a stream event. */
  publish(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse>;
}

export type RedriveBatchOutcome = { published: true; records: number } | { published: false; reason: string };

/** What tells one state of an article item from a later one. */
const stateOf = (image: Record<string, AttributeValue> | undefined) =>
  image ? [image.version?.N, image.status?.S, image.updatedAt?.S, image.withdrawnAt?.S].join('|') : '';

export async function redriveBatch(batch: GaveUpBatch, deps: RedriveBatchDependencies): Promise<RedriveBatchOutcome> {
  const read = await deps.records(batch);
  if (!read) return { published: false, reason: `the stream no longer holds ${batch.startSequenceNumber}..${batch.endSequenceNumber} of ${batch.shardId}` };
  const records = read.filter(isArticleRecord);
  const last = new Map<string, DynamoDBRecord>();
  for (const record of records) last.set(JSON.stringify(record.dynamodb!.Keys), record);
  const catchUp: DynamoDBRecord[] = [];
  for (const record of last.values()) {
    const { Keys, NewImage, SequenceNumber } = record.dynamodb!;
    const current = await deps.currentImage(Keys!);
    // Article items are never deleted (a withdrawal keeps the item), so a missing one has nothing to catch up to.
    if (!current || stateOf(current) === stateOf(NewImage)) continue;
    catchUp.push({
      ...record,
      eventID: `${record.eventID ?? ''}-current`,
      eventName: 'MODIFY',
      dynamodb: { ...record.dynamodb, ...(NewImage ? { OldImage: NewImage } : {}), NewImage: current, SequenceNumber: `${SequenceNumber}-current` },
    });
  }
  const event = { Records: [...records, ...catchUp] };
  if (event.Records.length === 0) return { published: true, records: 0 };
  const { batchItemFailures } = await deps.publish(event);
  if (batchItemFailures.length > 0) return { published: false, reason: `publish failed ${batchItemFailures.length} of its ${event.Records.length} record(s) again` };
  return { published: true, records: event.Records.length };
}
