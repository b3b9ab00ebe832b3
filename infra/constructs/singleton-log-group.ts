import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';

/** How long the logs of CDK's own deploy-time helpers are kept: they only say how a deploy went. */
export const helperLogRetention = logs.RetentionDays.ONE_MONTH;

/**
 * Gives a Lambda that CDK creates for itself (a custom-resource handler such as the bucket-notifications
 * singleton, whose props offer no log settings) an explicit log group with a retention. Left alone it
 * writes to the implicit `/aws/lambda/<name>`, which never expires and outlives the stack. The handler's
 * role (AWSLambdaBasicExecutionRole) may already write to any log group, so no grant is needed.
 */
export function giveExplicitLogGroup(handler: IConstruct): logs.LogGroup {
  const fn = handler.node.children.find((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function');
  if (!fn) throw new Error(`${handler.node.path} has no AWS::Lambda::Function to give a log group`);
  const logGroup = new logs.LogGroup(handler, 'Logs', { retention: helperLogRetention, removalPolicy: RemovalPolicy.DESTROY });
  fn.addPropertyOverride('LoggingConfig', { LogGroup: logGroup.logGroupName });
  return logGroup;
}
