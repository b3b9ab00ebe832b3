/**
 * A range of one shard of a DynamoDB stream read back, for `syndicate redrive --events`: the records an
 * on-failure record names (first to last sequence number), in the shape Lambda hands the publish function.
 * Works the same on AWS and against DynamoDB Local (AWS_ENDPOINT_URL_DYNAMODB_STREAMS).
 */
import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { GaveUpBatch } from '../functions/publish/redrive-batch.ts';
import { lambdaRecordOf } from '../infra/local/stream/records.ts';

/** An open shard answers empty pages past its newest record: this many in a row end the read. */
const EMPTY_PAGES = 5;

const sequence = (value: string | undefined) => BigInt(value ?? '0');

/** The records from `startSequenceNumber` to `endSequenceNumber`; undefined when the stream no longer holds them (24 h retention). */
export async function readStreamRange(streams: DynamoDBStreamsClient, batch: GaveUpBatch): Promise<DynamoDBRecord[] | undefined> {
  const end = sequence(batch.endSequenceNumber);
  const records: DynamoDBRecord[] = [];
  try {
    let { ShardIterator: iterator } = await streams.send(new GetShardIteratorCommand({
      StreamArn: batch.streamArn,
      ShardId: batch.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: batch.startSequenceNumber,
    }));
    for (let empty = 0; iterator && empty < EMPTY_PAGES;) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      iterator = page.NextShardIterator;
      const got = page.Records ?? [];
      empty = got.length === 0 ? empty + 1 : 0;
      for (const record of got) {
        if (sequence(record.dynamodb?.SequenceNumber) > end) return records;
        records.push(lambdaRecordOf(record, batch.streamArn));
      }
      if (records.length > 0 && sequence(records.at(-1)!.dynamodb?.SequenceNumber) >= end) return records;
    }
  } catch (error) {
    if (error instanceof TrimmedDataAccessException || error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
  // The shard ended, or stopped answering, before the range's last record: report what is missing rather than publish half.
  return undefined;
}
