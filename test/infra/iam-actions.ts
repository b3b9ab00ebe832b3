import * as keys from '#adapters/keys.ts';
import { S3Objects } from '#commons/clients/s3-objects.ts';
import { Schedules } from '#commons/clients/schedules.ts';
import { SecretValues } from '#commons/clients/secret-values.ts';
import { SnsTopics } from '#commons/clients/sns.ts';
import { SqsQueues } from '#commons/clients/sqs.ts';
import { documentCommandsModule, type SdkCalls } from './sdk-calls.ts';

/** DynamoDB's document commands: lib-dynamodb's, and ours of the same names (signed requests, functions/commons/clients/dynamo-commands.ts). */
const documentCommandActions: Record<string, readonly string[]> = {
  GetCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  QueryCommand: ['dynamodb:Query'],
  paginateQuery: ['dynamodb:Query'],
  ScanCommand: ['dynamodb:Scan'],
  paginateScan: ['dynamodb:Scan'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  TransactGetCommand: ['dynamodb:GetItem'],
  TransactWriteCommand: [], // authorised per item: see transactionItemActions
};

/**
 * The IAM actions an SDK call needs, per `@aws-sdk/*` module (and our DynamoDB commands'). Names that are not calls (clients,
 * exceptions, `from`) are ignored; a `...Command` or `paginate...` missing here fails the test that
 * uses this table, so a new call cannot slip past the least-privilege check.
 */
const actionsByModule: Record<string, Record<string, readonly string[]>> = {
  '@aws-sdk/lib-dynamodb': documentCommandActions,
  [documentCommandsModule]: documentCommandActions,
  '@aws-sdk/client-s3': {
    GetObjectCommand: ['s3:GetObject'],
    HeadObjectCommand: ['s3:GetObject'],
    PutObjectCommand: ['s3:PutObject'],
    CopyObjectCommand: ['s3:GetObject', 's3:PutObject'],
    DeleteObjectCommand: ['s3:DeleteObject'],
    DeleteObjectsCommand: ['s3:DeleteObject'],
    ListObjectsV2Command: ['s3:ListBucket'],
  },
  '@aws-sdk/client-sqs': {
    SendMessageCommand: ['sqs:SendMessage'],
    SendMessageBatchCommand: ['sqs:SendMessage'],
    ChangeMessageVisibilityCommand: ['sqs:ChangeMessageVisibility'],
    ChangeMessageVisibilityBatchCommand: ['sqs:ChangeMessageVisibility'],
    ReceiveMessageCommand: ['sqs:ReceiveMessage'],
    DeleteMessageCommand: ['sqs:DeleteMessage'],
    DeleteMessageBatchCommand: ['sqs:DeleteMessage'],
  },
  '@aws-sdk/client-scheduler': {
    // Creating a schedule hands Scheduler the role it runs with.
    CreateScheduleCommand: ['scheduler:CreateSchedule', 'iam:PassRole'],
    UpdateScheduleCommand: ['scheduler:UpdateSchedule', 'iam:PassRole'],
    DeleteScheduleCommand: ['scheduler:DeleteSchedule'],
  },
  '@aws-sdk/client-secrets-manager': { GetSecretValueCommand: ['secretsmanager:GetSecretValue'] },
  '@aws-sdk/client-sns': { PublishCommand: ['sns:Publish'] },
};

/**
 * Calls made without an SDK client, as signed requests (functions/commons/clients/signed-requests.ts):
 * one method each of the classes below, found as live members of their modules. A class's other
 * methods are listed as not calls, so a new method there must be added to one list or the other.
 */
const signedCalls: readonly { file: string; methods: ReadonlySet<string>; actions: Record<string, readonly string[]>; notCalls: readonly string[] }[] = [
  {
    file: 'functions/commons/clients/s3-objects.ts',
    methods: new Set(Object.getOwnPropertyNames(S3Objects.prototype)),
    actions: { getObject: ['s3:GetObject'], headObject: ['s3:GetObject'], putObject: ['s3:PutObject'], copyObject: ['s3:GetObject', 's3:PutObject'], deleteObject: ['s3:DeleteObject'] },
    notCalls: ['constructor', 'urlOf', 'pathOf', 'send'],
  },
  {
    file: 'functions/commons/clients/sqs.ts',
    methods: new Set(Object.getOwnPropertyNames(SqsQueues.prototype)),
    actions: {
      sendMessage: ['sqs:SendMessage'],
      sendMessageBatch: ['sqs:SendMessage'],
      changeMessageVisibility: ['sqs:ChangeMessageVisibility'],
      receiveMessage: ['sqs:ReceiveMessage'],
      deleteMessage: ['sqs:DeleteMessage'],
    },
    notCalls: ['constructor', 'intercept', 'call', 'request', 'checksumFailed'],
  },
  {
    file: 'functions/commons/clients/sns.ts',
    methods: new Set(Object.getOwnPropertyNames(SnsTopics.prototype)),
    actions: { publish: ['sns:Publish'] },
    notCalls: ['constructor'],
  },
  {
    file: 'functions/commons/clients/secret-values.ts',
    methods: new Set(Object.getOwnPropertyNames(SecretValues.prototype)),
    actions: { getSecretString: ['secretsmanager:GetSecretValue'] },
    notCalls: ['constructor'],
  },
  {
    file: 'functions/commons/clients/schedules.ts',
    methods: new Set(Object.getOwnPropertyNames(Schedules.prototype)),
    // Creating a schedule hands Scheduler the role it runs with.
    actions: { createSchedule: ['scheduler:CreateSchedule', 'iam:PassRole'] },
    notCalls: ['constructor'],
  },
];

const transactionItemActions: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

const isCall = (name: string) => name.endsWith('Command') || name.startsWith('paginate');

/** Every IAM action the calls need, sorted; throws on a call this table does not know. */
export function requiredActions(calls: SdkCalls): string[] {
  const actions = new Set<string>();
  for (const [module, names] of calls.sdk) {
    for (const name of names) {
      if (!isCall(name)) continue;
      const known = actionsByModule[module]?.[name];
      if (!known) throw new Error(`${module} ${name}: add the IAM actions it needs to test/infra/iam-actions.ts`);
      for (const action of known) actions.add(action);
    }
  }
  for (const kind of calls.transactionItems) actions.add(transactionItemActions[kind]!);
  for (const reached of calls.reached) {
    const [file, member] = reached.split('#') as [string, string];
    const module = signedCalls.find((m) => m.file === file);
    if (!module || !module.methods.has(member) || module.notCalls.includes(member)) continue; // options, helpers: not calls
    const known = module.actions[member];
    if (!known) throw new Error(`${file} ${member}: add the IAM actions it needs to test/infra/iam-actions.ts`);
    for (const action of known) actions.add(action);
  }
  return [...actions].sort();
}

/** The partition each key builder of functions/adapters/keys.ts addresses: `ARTICLE#` for `ARTICLE#{id}`, or the whole key. */
function partitionOf(builder: unknown): string | undefined {
  const built = typeof builder === 'function' ? (builder as (...args: string[]) => unknown)('x', 'x', 'x', 'x') : builder;
  const value = Array.isArray(built) ? built[0] : built; // every shard partition of a feed
  const pk = typeof value === 'string' ? value : (value as { pk?: unknown } | undefined)?.pk;
  if (typeof pk !== 'string') return undefined;
  const hash = pk.indexOf('#');
  return hash < 0 ? pk : pk.slice(0, hash + 1);
}

/** The partitions a handler's live code builds keys for, sorted. */
export function requiredPartitions(calls: SdkCalls): string[] {
  const partitions = new Set<string>();
  for (const [name, builder] of Object.entries(keys)) {
    if (!calls.reached.has(`functions/adapters/keys.ts#${name}`)) continue;
    const partition = partitionOf(builder);
    if (partition) partitions.add(partition);
  }
  return [...partitions].sort();
}

/**
 * What the code does in each partition: every table action a call site names, on the partitions of the key
 * builders it reaches (sdk-calls.ts `callSites`), sorted. An action named where no key is reached is listed
 * under `?`, so the caller sees what it could not place.
 */
export function requiredPartitionActions(calls: SdkCalls): Record<string, string[]> {
  const byPartition = new Map<string, Set<string>>();
  for (const site of calls.callSites) {
    const actions = new Set<string>();
    for (const [module, name] of site.sdk) {
      if (!isCall(name) || actionsByModule[module] !== documentCommandActions) continue;
      for (const action of actionsByModule[module]?.[name] ?? []) actions.add(action);
    }
    for (const kind of site.transactionItems) actions.add(transactionItemActions[kind]!);
    if (actions.size === 0) continue;
    const partitions = site.keyBuilders.map((name) => partitionOf((keys as Record<string, unknown>)[name])).filter((p): p is string => !!p);
    for (const partition of partitions.length > 0 ? partitions : ['?']) {
      const set = byPartition.get(partition) ?? new Set<string>();
      for (const action of actions) set.add(action);
      byPartition.set(partition, set);
    }
  }
  return Object.fromEntries([...byPartition].sort(([a], [b]) => a.localeCompare(b)).map(([partition, actions]) => [partition, [...actions].sort()]));
}
