/**
 * The table's billing is a deploy setting (infra/table-capacity.ts): provisioned capacity with target-tracking
 * auto scaling at 70 % by default, on demand with `-c tableBilling=on-demand`; the capacity range comes from
 * context and is checked at synth time.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { table as tableDefinition } from '#infra/definitions.ts';
import { autoScale } from '#infra/stacks/stateful-stack.ts';
import { defaultTableCapacity } from '#infra/table-capacity.ts';
import { synthSyndicate } from '../synth.ts';

const tableName = `qa-syndicate-${tableDefinition.logicalName}`;
const scalingOf = (template: Template) =>
  Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget')).map((r) => r.Properties as Record<string, unknown>);

describe('provisioned billing (the default)', () => {
  const { statefulTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });

  it('starts the table at the minimum capacities', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: tableName,
      BillingMode: Match.absent(),
      ProvisionedThroughput: { ReadCapacityUnits: defaultTableCapacity.read.min, WriteCapacityUnits: defaultTableCapacity.write.min },
    });
  });

  it('scales reads and writes between the default minimum and maximum, for the table and every index', () => {
    const targets = scalingOf(template);
    // The table, then each global secondary index, read and write (none today: infra/definitions.ts).
    expect(targets).toHaveLength(2 * (1 + tableDefinition.globalSecondaryIndexes.length));
    expect(targets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ScalableDimension: 'dynamodb:table:ReadCapacityUnits', MinCapacity: 10, MaxCapacity: 250, ServiceNamespace: 'dynamodb' }),
        expect.objectContaining({ ScalableDimension: 'dynamodb:table:WriteCapacityUnits', MinCapacity: 10, MaxCapacity: 500, ServiceNamespace: 'dynamodb' }),
      ]),
    );
    for (const t of targets) expect(JSON.stringify(t.ResourceId)).toMatch(/"table\/",\{"Ref":"Syndication/);
  });

  it('tracks 70 % utilisation of reads and of writes', () => {
    const policies = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).map(
      (r) => r.Properties.TargetTrackingScalingPolicyConfiguration as { TargetValue: number; PredefinedMetricSpecification: { PredefinedMetricType: string } },
    );
    expect(policies.map((p) => [p.PredefinedMetricSpecification.PredefinedMetricType, p.TargetValue]).sort()).toEqual([
      ['DynamoDBReadCapacityUtilization', 70],
      ['DynamoDBWriteCapacityUtilization', 70],
    ]);
  });

  it('takes the capacity range from context', () => {
    const targets = scalingOf(
      synthSyndicate({ context: { stage: 'qa', tableWriteCapacityMin: '40', tableWriteCapacityMax: 2000, tableReadCapacityMin: 20, tableReadCapacityMax: '400' } }).statefulTemplate,
    );
    expect(targets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ScalableDimension: 'dynamodb:table:ReadCapacityUnits', MinCapacity: 20, MaxCapacity: 400 }),
        expect.objectContaining({ ScalableDimension: 'dynamodb:table:WriteCapacityUnits', MinCapacity: 40, MaxCapacity: 2000 }),
      ]),
    );
  });

  it('refuses a malformed setting before deploying', () => {
    expect(() => synthSyndicate({ context: { tableBilling: 'cheap' } })).toThrow(/tableBilling must be "provisioned" or "on-demand"/);
    expect(() => synthSyndicate({ context: { tableWriteCapacityMin: 0 } })).toThrow(/tableWriteCapacityMin must be a whole number/);
    expect(() => synthSyndicate({ context: { tableReadCapacityMax: '2.5' } })).toThrow(/tableReadCapacityMax must be a whole number/);
    expect(() => synthSyndicate({ context: { tableReadCapacityMin: 300, tableReadCapacityMax: 200 } })).toThrow(/tableReadCapacityMin \(300\) must not exceed tableReadCapacityMax \(200\)/);
  });
});

describe('auto scaling of a global secondary index', () => {
  it('scales its reads and writes in the same range and at the same target as the table', () => {
    // The table has no index today: a table with one shows what adding it to infra/definitions.ts brings.
    const stack = new Stack(new App(), 'WithIndex');
    const table = new dynamodb.Table(stack, 'T', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PROVISIONED,
      readCapacity: 10,
      writeCapacity: 10,
    });
    table.addGlobalSecondaryIndex({ indexName: 'byTag', partitionKey: { name: 'tag', type: dynamodb.AttributeType.STRING }, readCapacity: 10, writeCapacity: 10 });
    autoScale(table, defaultTableCapacity, ['byTag']);
    const targets = scalingOf(Template.fromStack(stack));
    expect(targets.map((t) => [t.ScalableDimension, t.MinCapacity, t.MaxCapacity]).sort()).toEqual([
      ['dynamodb:index:ReadCapacityUnits', 10, 250],
      ['dynamodb:index:WriteCapacityUnits', 10, 500],
      ['dynamodb:table:ReadCapacityUnits', 10, 250],
      ['dynamodb:table:WriteCapacityUnits', 10, 500],
    ]);
    expect(targets.filter((t) => JSON.stringify(t.ResourceId).includes('/index/byTag'))).toHaveLength(2);
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', { TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 70 }) }, 4);
  });
});

describe('on-demand billing (-c tableBilling=on-demand)', () => {
  const { statefulTemplate: template } = synthSyndicate({ context: { stage: 'qa', tableBilling: 'on-demand' } });

  it('bills requests, with no provisioned throughput and no auto scaling', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { TableName: tableName, BillingMode: 'PAY_PER_REQUEST', ProvisionedThroughput: Match.absent() });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
  });
});

describe('throttle alarms', () => {
  it('watch the table’s reads and writes in both modes', () => {
    for (const tableBilling of ['provisioned', 'on-demand']) {
      const { statelessTemplate } = synthSyndicate({ context: { stage: 'qa', tableBilling } });
      for (const metric of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
        statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/DynamoDB',
          MetricName: metric,
          Dimensions: Match.arrayWith([{ Name: 'TableName', Value: tableName }]),
        });
      }
    }
  });
});
