import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { lambdas, pagesQueueSource, publishStream, queues as queues_ } from '#infra/definitions.ts';
import { buildSyndicate } from '#infra/stacks/syndicate-app.ts';
import { cdkJsonContext, synthSyndicate } from '../synth.ts';

describe('the stage from context', () => {
  it('names the stacks and prefixes resource names', () => {
    const { stateful, stateless, statelessTemplate } = synthSyndicate({ context: { stage: 'prod' } });
    expect([stateful.stackName, stateless.stackName]).toEqual(['prod-syndicate-stateful', 'prod-syndicate-stateless']);
    statelessTemplate.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'prod-syndicate-ingest' });
    statelessTemplate.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'prod-syndicate-Deliveries' });
    expect(stateful.terminationProtection).toBe(true);
  });

  it('defaults to dev, as cdk.json says', () => {
    const { stateful } = synthSyndicate({ context: { stage: undefined } });
    expect(stateful.stackName).toBe(`${cdkJsonContext().stage as string}-syndicate-stateful`);
    expect(stateful.terminationProtection).toBe(false);
  });

  it('refuses a stage that cannot prefix a bucket name', () => {
    const app = new App({ context: { ...cdkJsonContext(), stage: 'Prod_EU' } });
    expect(() => buildSyndicate(app)).toThrow(/stage must be/);
  });
});

describe('the two stacks', () => {
  it('are environment-agnostic without credentials, so synth works offline', () => {
    const { stateful, stateless } = synthSyndicate();
    expect(stateful.environment).toBe('aws://unknown-account/unknown-region');
    expect(stateless.environment).toBe('aws://unknown-account/unknown-region');
  });

  it('depend one way only: stateless on stateful', () => {
    const { stateful, stateless } = synthSyndicate();
    expect(stateless.dependencies).toContain(stateful);
    expect(stateful.dependencies).toEqual([]);
    expect(JSON.stringify(Template.fromStack(stateful).toJSON())).not.toContain('ImportValue');
  });
});

describe('the publish stream batching window (a deploy setting)', () => {
  it('is the mapping’s MaximumBatchingWindowInSeconds, from context, and defaults to a few seconds', () => {
    const mappingOf = (template: Template) => Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).find((m) => m.Properties.StartingPosition);
    expect(mappingOf(synthSyndicate({ context: { publishBatchingWindowSeconds: '7' } }).statelessTemplate)?.Properties.MaximumBatchingWindowInSeconds).toBe(7);
    expect(mappingOf(synthSyndicate().statelessTemplate)?.Properties.MaximumBatchingWindowInSeconds).toBe(publishStream.maxBatchingWindowSeconds);
    expect(publishStream.maxBatchingWindowSeconds).toBeGreaterThan(0);
    expect(publishStream.maxBatchingWindowSeconds).toBeLessThanOrEqual(5);
  });

  it('refuses a window Lambda would refuse, before deploying', () => {
    for (const bad of ['301', '-1', '2.5', 'soon']) {
      expect(() => buildSyndicate(new App({ context: { ...cdkJsonContext(), publishBatchingWindowSeconds: bad } })), bad).toThrow(/publishBatchingWindowSeconds must be/);
    }
  });
});

describe('the page pass (the pages queue and its mapping on publish)', () => {
  const mappingOf = (template: Template) =>
    Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).find((m) => JSON.stringify(m.Properties.EventSourceArn).includes('PagesQueue'));

  it('gathers a minute of publish batches (a deploy setting), many at once, and reports partial failures', () => {
    const { statelessTemplate: template } = synthSyndicate();
    expect(mappingOf(template)?.Properties).toMatchObject({
      MaximumBatchingWindowInSeconds: pagesQueueSource.maxBatchingWindowSeconds,
      BatchSize: pagesQueueSource.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: pagesQueueSource.maxConcurrency },
    });
    expect(JSON.stringify(mappingOf(template)?.Properties.FunctionName)).toContain('PublishFunction');
    expect(mappingOf(synthSyndicate({ context: { pagesBatchingWindowSeconds: '20' } }).statelessTemplate)?.Properties.MaximumBatchingWindowInSeconds).toBe(20);
    for (const bad of ['301', '-1', 'later']) {
      expect(() => buildSyndicate(new App({ context: { ...cdkJsonContext(), pagesBatchingWindowSeconds: bad } })), bad).toThrow(/pagesBatchingWindowSeconds must be/);
    }
  });

  it('is an encrypted queue with a dead-letter queue, whose depth raises an alarm', () => {
    const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });
    const queues = template.findResources('AWS::SQS::Queue');
    const [pages] = Object.values(queues).filter((q) => q.Properties.QueueName === 'qa-syndicate-Pages');
    const [dlqId] = Object.entries(queues).find(([, q]) => q.Properties.QueueName === 'qa-syndicate-PagesDlq')!;
    expect(pages?.Properties).toMatchObject({
      KmsMasterKeyId: expect.anything(),
      VisibilityTimeout: lambdas.publish.timeoutSeconds * queues_.pages.visibilityTimeoutFactor,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: queues_.pages.maxReceiveCount },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'qa-syndicate-pages-dlq-depth', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }] });
  });
});

