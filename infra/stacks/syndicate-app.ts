import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defaultStage, pagesQueueSource, publishStream, resourceName } from '#infra/definitions.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack, type FeedPictures } from './stateless-stack.ts';

export interface SyndicateStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Builds both stacks into `app` from its context (`-c stage=prod`, `-c websubHub=https://...`, the feed pictures,
 * `-c alarmEmail=ops@example.com`, `-c publishBatchingWindowSeconds=5`, `-c pagesBatchingWindowSeconds=60`) and
 * applies the cdk-nag AWS Solutions pack. Stacks are environment-agnostic unless the CLI knows an
 * account and region (CDK_DEFAULT_*, or `environment`: infra/adopt.ts), so `cdk synth` needs no credentials.
 */
export function buildSyndicate(app: App, environment?: { account: string; region: string }): SyndicateStacks {
  const stage = contextString(app, 'stage') ?? defaultStage;
  // Lowercase and short: the stage prefixes a globally unique bucket name (at most 63 characters).
  if (!/^[a-z][a-z0-9-]{0,11}$/.test(stage)) throw new Error(`stage must be 1-12 lowercase letters, digits or dashes, got "${stage}"`);
  const websubHub = contextString(app, 'websubHub');
  const operatorWebhookUrl = contextString(app, 'operatorWebhookUrl');
  const alarmEmail = contextString(app, 'alarmEmail');
  const publishBatchingWindowSeconds = batchingWindowFrom(app, 'publishBatchingWindowSeconds', publishStream.maxBatchingWindowSeconds);
  const pagesBatchingWindowSeconds = batchingWindowFrom(app, 'pagesBatchingWindowSeconds', pagesQueueSource.maxBatchingWindowSeconds);
  // Checked here rather than by SNS at deploy time, half-way through the stack.
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) throw new Error(`alarmEmail must be an e-mail address, got "${alarmEmail}"`);
  const feedPictures = feedPicturesFrom(app);
  const account = environment?.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = environment?.region ?? process.env.CDK_DEFAULT_REGION;
  const envProps = account && region ? { env: { account, region } } : {};

  const stateful = new StatefulStack(app, resourceName(stage, 'stateful'), {
    ...envProps,
    stage,
    description: 'syndicate: content bucket, table and admin key (retained)',
    terminationProtection: stage === 'prod',
  });
  const stateless = new StatelessStack(app, resourceName(stage, 'stateless'), {
    ...envProps,
    stage,
    description: 'syndicate: functions, API, queues, scheduler, CDN and alarms',
    websubHub,
    operatorWebhookUrl,
    alarmEmail,
    feedPictures,
    publishBatchingWindowSeconds,
    pagesBatchingWindowSeconds,
  });
  // No references cross between the stacks (derived names, SSM), so the order is stated here.
  stateless.addStackDependency(stateful, 'the stateless stack addresses the table, bucket and secrets by name');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless };
}

/** Context keys of the feed pictures (`-c feedIconUrl=https://...`), each read into its publish setting. */
export const feedPictureContext = { feedIconUrl: 'icon', feedFaviconUrl: 'favicon', feedLogoUrl: 'logo' } as const;

/**
 * The feed pictures a deployment names, checked at synth time: every feed and page links them, so a
 * malformed or plain-http URL would show a broken (or mixed-content) image in every reader.
 */
function feedPicturesFrom(app: App): FeedPictures {
  const pictures: FeedPictures = {};
  for (const [key, picture] of Object.entries(feedPictureContext) as [keyof typeof feedPictureContext, keyof FeedPictures][]) {
    const value = contextString(app, key);
    if (value === undefined) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`${key} must be an absolute https URL, got "${value}"`);
    }
    if (url.protocol !== 'https:') throw new Error(`${key} must be an https URL (feeds and pages are served over HTTPS), got "${value}"`);
    pictures[picture] = url.href;
  }
  return pictures;
}

/**
 * A batching window (`-c publishBatchingWindowSeconds=5`, `-c pagesBatchingWindowSeconds=30`), checked at
 * synth time against Lambda's range (0-300 s); `fallback` when unset.
 */
function batchingWindowFrom(app: App, key: string, fallback: number): number {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === '') return fallback;
  const seconds = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 300) throw new Error(`${key} must be a whole number of seconds from 0 to 300, got "${String(value)}"`);
  return seconds;
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
