import { CfnCondition, Fn, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** CloudFront is global, and publishes its metrics in this region only. */
export const cloudFrontMetricsRegion = 'us-east-1';

/**
 * Whether an alarm on CloudFront metrics belongs in this stack. An alarm reads metrics of its own
 * region, so anywhere else it would sit in INSUFFICIENT_DATA for ever and look healthy.
 * - The stack's region known at synth (`cdk deploy` with credentials): `true` in us-east-1, else `false`.
 * - An environment-agnostic stack (offline `cdk synth`): a CloudFormation condition on AWS::Region, so
 *   the deploy decides.
 * Deployed to another region, the operator creates the alarm in us-east-1 by hand (README, Deploy).
 */
export function cloudFrontMetricsHere(scope: IConstruct): boolean | CfnCondition {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region)) return stack.region === cloudFrontMetricsRegion;
  const id = 'InCloudFrontMetricsRegion';
  return (
    (stack.node.tryFindChild(id) as CfnCondition | undefined) ??
    new CfnCondition(stack, id, { expression: Fn.conditionEquals(stack.region, cloudFrontMetricsRegion) })
  );
}
