import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
// cdk-nag's own renderer of CloudFormation references, so acknowledgement ids match its findings exactly.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';

export interface WildcardGrant {
  /** Actions containing `*`, e.g. `kms:GenerateDataKey*`. */
  readonly actions?: readonly string[];
  /** Resources (tokens welcome) containing `*`, e.g. `bucket.arnForObjects('feeds/*')`. */
  readonly resources?: readonly string[];
}

/**
 * Acknowledges the cdk-nag `AwsSolutions-IAM5` findings of a deliberate wildcard, one finding at a
 * time (cdk-nag 3 has no blanket form), rendered exactly as the rule renders them. Call it beside the
 * grant it explains, so the reason sits next to the permission.
 */
export function acknowledgeWildcards(scope: IConstruct, grant: WildcardGrant, reason: string): void {
  const stack = Stack.of(scope);
  const findings = [
    ...(grant.actions ?? []).map((action) => `Action::${action}`),
    ...(grant.resources ?? []).map((resource) => `Resource::${flattenCfnReference(stack.resolve(resource))}`),
  ];
  for (const finding of findings) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}
