/**
 * Turns what GetRecords returns (SDK objects: Date, Uint8Array) into the JSON
 * shape Lambda hands a function in a DynamoDBStreamEvent (epoch seconds,
 * base64 binaries), so the publish handler sees on this machine exactly the
 * record it sees on AWS.
 */
import type { AttributeValue as SdkAttributeValue, _Record as SdkRecord } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { localRegion } from '../sqs/broker.ts';

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

export function attributeValueOf(value: SdkAttributeValue): AttributeValue {
  if (value.M) return { M: streamImageOf(value.M) };
  if (value.L) return { L: value.L.map(attributeValueOf) };
  if (value.B) return { B: base64(value.B) };
  if (value.BS) return { BS: value.BS.map(base64) };
  return value as AttributeValue;
}

/** An image (or an item as GetItem returns it) in the stream event's JSON form. */
export function streamImageOf(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, attributeValueOf(v)]));
}

export function lambdaRecordOf(record: SdkRecord, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: localRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      ...(d.Keys ? { Keys: streamImageOf(d.Keys) } : {}),
      ...(d.NewImage ? { NewImage: streamImageOf(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: streamImageOf(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as NonNullable<DynamoDBRecord['dynamodb']>['StreamViewType'],
    },
    ...(record.userIdentity ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } } : {}),
  };
}
