import { beforeAll, describe, expect, it } from 'vitest';
import { lambdas, type LambdaName } from '#infra/definitions.ts';
import { leadingKeyPatterns, tableAccess, tableGrants } from '#infra/table-access.ts';
import { requiredActions, requiredPartitionActions, requiredPartitions } from '../iam-actions.ts';
import { sdkCallsOf, type SdkCalls } from '../sdk-calls.ts';
import { actionsOf, functionAccess, synthSyndicate } from '../synth.ts';

const names = Object.keys(lambdas) as LambdaName[];

/**
 * Granted by the platform around the code rather than called by it, each with why. Anything else in a
 * policy must be an action the function's own code calls.
 */
const platform = {
  everyFunction: ['logs:CreateLogStream', 'logs:PutLogEvents'], // its own log group only (syndicate-function.test.ts)
  readsObjects: ['s3:ListBucket'], // a missing key then answers 404, not 403
  sendsToEncryptedQueue: ['kms:GenerateDataKey', 'kms:Decrypt'], // SQS asks KMS for the data key on the sender's behalf
  publishesToEncryptedTopic: ['kms:GenerateDataKey', 'kms:Decrypt'], // so does SNS for the publisher (the alarm topic)
  /** What the event source mappings need from the function's role. */
  sources: {
    // Asynchronous-invocation failure destination (infra/constructs/embargo-scheduler.ts).
    ingest: ['sqs:SendMessage', 'kms:GenerateDataKey', 'kms:Decrypt'],
    // The stream, its on-failure destination, and the pages queue the page pass consumes (ReceiveMessage and the rest).
    publish: [
      'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'sqs:SendMessage', 'kms:GenerateDataKey', 'kms:Decrypt',
      'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl',
    ],
    deliver: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'kms:Decrypt'],
  } as Partial<Record<LambdaName, string[]>>,
};
const streamActions = new Set(platform.sources.publish!.filter((action) => action.startsWith('dynamodb:')));

describe('least privilege: each function may do exactly what its code calls', () => {
  const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
  let calls: Map<LambdaName, SdkCalls>;
  beforeAll(async () => {
    calls = await sdkCallsOf(names);
  }, 120_000);

  it('finds calls behind the ports, lazy imports and transactions, and not in code the handler never runs', () => {
    const publish = requiredActions(calls.get('publish')!);
    expect(publish).toContain('dynamodb:Query'); // deps.source.latest(...) through the FeedSource port
    expect(publish).toContain('sqs:SendMessage'); // the enqueue callback passed as a parameter default
    // The subscription repository's class is bundled whole, but publish calls only its reads; its
    // writes are the event body that every subscriber's delivery shares, the feed state items (updates, which
    // also take and give back the feed render leases) and the pull channel's append (which reads the channel's
    // counter first: its one GetItem), and the feed index (one BatchWriteItem of an article's entries).
    expect(publish.filter((action) => action.startsWith('dynamodb:'))).toEqual(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    const ingest = requiredActions(calls.get('ingest')!);
    expect(ingest).toContain('scheduler:CreateSchedule'); // a signed request (schedules.ts) behind the EmbargoScheduler port
    expect(ingest).toContain('dynamodb:DeleteItem'); // { Delete: { TableName, ... } } inside TransactWriteItems
    expect(requiredPartitions(calls.get('ingest')!)).toContain('EMBARGO');
  });

  describe.each(names)('%s', (name) => {
    const { statements } = functionAccess(template, `qa-syndicate-${name}`);
    const granted = new Set(actionsOf(statements));
    const tableStatements = statements.filter((s) => actionsOf([s]).every((a) => a.startsWith('dynamodb:') && !streamActions.has(a)));

    it('infra/table-access.ts lists the table actions and partitions its code needs, no more', () => {
      const needed = requiredActions(calls.get(name)!).filter((action) => action.startsWith('dynamodb:'));
      expect(tableAccess[name].actions.map((action) => `dynamodb:${action}`).sort()).toEqual(needed);
      expect([...tableAccess[name].partitions].sort()).toEqual(requiredPartitions(calls.get(name)!));
    });

    it('granted partition by partition, is granted in each partition what its code does there', () => {
      const access = tableAccess[name];
      if (!access.byPartition) return;
      const prefixed = (actions: readonly string[]) => actions.map((action) => `dynamodb:${action}`).sort();
      expect(Object.fromEntries(Object.entries(access.byPartition).map(([p, actions]) => [p, prefixed(actions)]))).toEqual(requiredPartitionActions(calls.get(name)!));
      // The parts add up to the whole: every action granted somewhere, every partition given something.
      expect([...new Set(Object.values(access.byPartition).flat())].sort()).toEqual([...access.actions].sort());
      expect(Object.keys(access.byPartition).sort()).toEqual([...access.partitions].sort());
    });

    it('is granted those table actions in one statement per set of actions, limited to its partitions by dynamodb:LeadingKeys', () => {
      // A function without table access (the console's) gets no table statement at all.
      const grants = tableGrants(tableAccess[name]);
      expect(tableStatements).toHaveLength(grants.length);
      const described = (actions: readonly string[], condition: unknown) => `${[...actions].sort().join(',')} ${JSON.stringify(condition)}`;
      expect(tableStatements.map((s) => described(actionsOf([s]), s.Condition)).sort()).toEqual(
        grants.map((g) => described(g.actions.map((a) => `dynamodb:${a}`), { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeyPatterns(g) } })).sort(),
      );
    });

    it('is granted every action its code calls', () => {
      expect(requiredActions(calls.get(name)!).filter((action) => !granted.has(action))).toEqual([]);
    });

    it('is granted nothing else but what the platform around its code needs', () => {
      const needed = new Set(requiredActions(calls.get(name)!));
      const allowed = new Set([
        ...needed,
        ...platform.everyFunction,
        ...(needed.has('s3:GetObject') ? platform.readsObjects : []),
        ...(needed.has('sqs:SendMessage') ? platform.sendsToEncryptedQueue : []),
        ...(needed.has('sns:Publish') ? platform.publishesToEncryptedTopic : []),
        ...(platform.sources[name] ?? []),
      ]);
      expect([...granted].filter((action) => !allowed.has(action)).sort()).toEqual([]);
    });
  });

  it('grants no function Scan or table administration, batch writes to deliver and publish alone and batch reads to the readers of lists', () => {
    for (const name of names) {
      const actions = actionsOf(functionAccess(template, `qa-syndicate-${name}`).statements);
      expect(actions.filter((a) => /^dynamodb:(Scan|DescribeTable|CreateTable|DeleteTable|UpdateTable)$/.test(a)), name).toEqual([]);
      // A batch item is authorised like its PutItem/GetItem, on the same leading keys; deliver needs them for
      // its lean path (one BatchGetItem of a batch's endpoints, one BatchWriteItem of its attempt entries),
      // publish for the feed index it writes from the stream (an article's entries, 25 a call).
      if (!['deliver', 'publish'].includes(name)) expect(actions.filter((a) => a === 'dynamodb:BatchWriteItem'), name).toEqual([]);
      // Feeds (publish) and lists (ingest) read the articles their slim index names with BatchGetItem.
      if (!['deliver', 'publish', 'ingest'].includes(name)) expect(actions.filter((a) => a === 'dynamodb:BatchGetItem'), name).toEqual([]);
    }
  });

  it('publish deletes nothing and uses the queue key only to send', () => {
    const actions = actionsOf(functionAccess(template, 'qa-syndicate-publish').statements);
    expect(actions).not.toContain('s3:DeleteObject');
    expect([...new Set(actions.filter((a) => a.startsWith('kms:')))].sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('publish deletes no item (its leases live on the feed state items), batch-writes only the feed index, and touch articles and subscriptions only to read them', () => {
    const { statements } = functionAccess(template, 'qa-syndicate-publish');
    const where = (action: string) =>
      statements.filter((s) => actionsOf([s]).includes(action))
        .flatMap((s) => (s.Condition as { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': string[] } })['ForAllValues:StringLike']['dynamodb:LeadingKeys']).sort();
    expect(where('dynamodb:DeleteItem')).toEqual([]);
    expect(where('dynamodb:BatchWriteItem')).toEqual(['FEED#*']);
    expect(where('dynamodb:BatchGetItem')).toEqual(['ARTICLE#*']);
    for (const write of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
      expect(where(write).filter((keys) => ['ARTICLE#*', 'SUBSCRIBERS#*'].includes(keys)), write).toEqual([]);
    }
  });

  it('ingest passes the scheduler role to EventBridge Scheduler only, and only creates schedules', () => {
    const { statements } = functionAccess(template, 'qa-syndicate-ingest');
    const passRole = statements.filter((s) => actionsOf([s]).includes('iam:PassRole'));
    expect(passRole).toHaveLength(1);
    expect(passRole[0]!.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    expect(actionsOf(statements).filter((a) => a.startsWith('scheduler:'))).toEqual(['scheduler:CreateSchedule']);
  });
});
