/**
 * What `cdk import` needs to hand retained resources back to a recreated stateful stack: for every
 * resource the template retains, the identifier CloudFormation imports it by. Pure: the caller looks
 * up what only AWS knows (a secret's full ARN, which ends in six random characters).
 *
 * Every retained resource has a fixed name, so the mapping is complete or this throws: a retained
 * resource that CloudFormation named itself could never be found again.
 */

interface TemplateResource {
  Type: string;
  DeletionPolicy?: string;
  Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, TemplateResource>;
}

/** Deletion policies under which a resource outlives its stack. */
const retaining = new Set(['Retain', 'RetainExceptOnCreate']);

/** Per importable type: the template property holding the name, and the import identifier it becomes. */
const importKeys: Record<string, { nameProperty: string; identifier: string }> = {
  'AWS::S3::Bucket': { nameProperty: 'BucketName', identifier: 'BucketName' },
  'AWS::DynamoDB::Table': { nameProperty: 'TableName', identifier: 'TableName' },
  'AWS::Scheduler::ScheduleGroup': { nameProperty: 'Name', identifier: 'Name' },
  'AWS::SecretsManager::Secret': { nameProperty: 'Name', identifier: 'Id' },
};

export type ResourceMapping = Record<string, Record<string, string>>;

/** The resources of `template` that survive a `cdk destroy`, by logical id, with their type and fixed name. */
export function retainedResources(template: CfnTemplate): { logicalId: string; type: string; name: string }[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => retaining.has(resource.DeletionPolicy ?? ''))
    .map(([logicalId, resource]) => {
      const keys = importKeys[resource.Type];
      if (!keys) throw new Error(`${logicalId} (${resource.Type}) is retained but infra/adopt/mapping.ts cannot import that type`);
      const name = resource.Properties?.[keys.nameProperty];
      if (typeof name !== 'string') {
        throw new Error(`${logicalId} (${resource.Type}) is retained without a fixed ${keys.nameProperty}: synthesise with a concrete account and region`);
      }
      return { logicalId, type: resource.Type, name };
    });
}

/** The `--resource-mapping` file of `cdk import` for the retained resources of `template`. */
export async function adoptionMapping(template: CfnTemplate, secretArnOf: (name: string) => Promise<string>): Promise<ResourceMapping> {
  const mapping: ResourceMapping = {};
  for (const { logicalId, type, name } of retainedResources(template)) {
    const { identifier } = importKeys[type]!;
    mapping[logicalId] = { [identifier]: type === 'AWS::SecretsManager::Secret' ? await secretArnOf(name) : name };
  }
  return mapping;
}
