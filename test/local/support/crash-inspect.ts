/**
 * What a failed crash run prints for each missing (partner, article) pair, to tell a loss from a
 * delivery that is still on its way or was given up on: every table item naming the article (the
 * payload item and its hand-over mark, `DELIVERY#` records, attempt entries), the messages left in
 * the deliveries queue and its DLQ that name it, and the publish DLQ's depth.
 */
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StartedRuntime } from './npm-start.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';

/** Each pair is `partner articleId`; returns the report (empty when nothing is missing). */
export async function inspectMissing(runtime: StartedRuntime, missing: readonly string[]): Promise<string> {
  if (missing.length === 0) return '';
  const info = runtime.info();
  const articles = new Set(missing.map((pair) => pair.split(' ')[1]!));
  const naming = (text: string) => [...articles].filter((id) => text.includes(id));
  const lines: string[] = [`missing pairs: ${missing.join(', ')}`];

  const sqs = new SQSClient({ endpoint: info.sqsEndpoint, region, credentials });
  try {
    for (const url of [info.deliveriesQueueUrl, info.deliveriesDlqUrl, ...(info.publishDlqUrl ? [info.publishDlqUrl] : [])]) {
      const { Attributes: a = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
      lines.push(`queue ${url.split('/').pop()}: visible ${a.ApproximateNumberOfMessages}, in flight ${a.ApproximateNumberOfMessagesNotVisible}, delayed ${a.ApproximateNumberOfMessagesDelayed}`);
      // Hidden for the rest of the run once read: the run is over.
      for (let page = 0; page < 100; page++) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
        if (Messages.length === 0) break;
        for (const m of Messages.filter((x) => naming(x.Body ?? '').length > 0)) {
          const { body: _body, ...fields } = JSON.parse(m.Body ?? '{}') as Record<string, unknown>;
          lines.push(`  message ${JSON.stringify(fields)} receives ${m.Attributes?.ApproximateReceiveCount} attributes ${JSON.stringify(m.MessageAttributes ?? {})}`);
        }
      }
    }
  } finally {
    sqs.destroy();
  }

  const db = new DynamoDBClient({ endpoint: info.dynamoDbEndpoint, region, credentials });
  try {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName: info.tableName, ExclusiveStartKey: start }));
      for (const raw of page.Items ?? []) {
        const item = unmarshall(raw) as Record<string, unknown>;
        const [pk, sk] = [String(item.pk ?? ''), String(item.sk ?? '')];
        // The subscriptions (partners are numbered in the order they subscribed), without their secrets.
        if (pk.startsWith('SUBSCRIPTION#') && sk === 'PROFILE') lines.push(`  subscription ${JSON.stringify({ pk, createdAt: item.createdAt, url: item.url, status: item.status, circuit: item.circuit, failingSince: item.failingSince })}`);
        if (!(pk.startsWith('SUBSCRIPTION#') || pk.startsWith('EVENT#')) || naming(JSON.stringify(item)).length === 0) continue;
        // Bodies and rendered pages are left out: keys, states, marks and attempt outcomes tell the story.
        lines.push(`  item ${JSON.stringify(item, (k, v: unknown) => (k === 'body' || k === 'payload' || k === 'response' ? '…' : v)).slice(0, 600)}`);
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    db.destroy();
  }
  return lines.join('\n');
}
