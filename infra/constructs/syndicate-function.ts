import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { resourceName, type LambdaName } from '#infra/definitions.ts';
import { bundling, prepareBundleCopies } from './bundling.ts';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Lambdas of the pipeline (infra/definitions.ts); each lives at `functions/<name>/handler.ts` and exports `handler`. */
export type { LambdaName };

export const entryOf = (name: LambdaName): string => join(projectRoot, 'functions', name, 'handler.ts');

/** CloudWatch namespace for the pipeline's own metrics (Powertools Metrics). */
export const metricsNamespace = 'Syndicate';

export interface SyndicateFunctionProps {
  readonly stage: string;
  readonly name: LambdaName;
  readonly description: string;
  /** @default 512 MB: parsing, tagging and rendering are CPU-bound; memory buys CPU on Lambda. */
  readonly memorySize?: number;
  /** @default 30 s */
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** Caps parallel executions, e.g. so webhook bursts do not exhaust the account's concurrency. */
  readonly reservedConcurrentExecutions?: number;
  /** Shell commands run after esbuild, given the project root and the bundle's folder (files to ship beside the code). */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/**
 * Every Lambda default in one place, so each function in the stack is a few lines and they cannot
 * drift apart: Node.js 24 on arm64 (cheaper per GB-second), a minified ESM bundle with its source map
 * beside it, read only when an error is logged (no `--enable-source-maps`: bundling.ts says why),
 * JSON logs into an explicit log group with a retention (the implicit one never expires and is not
 * removed with the stack), Powertools configured by environment, and an execution role that may
 * write only to its own log group (no AWSLambdaBasicExecutionRole with `logs:*` on every group).
 */
export class SyndicateFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: SyndicateFunctionProps) {
    super(scope, id);
    this.serviceName = `syndicate-${props.name}`;
    const functionName = resourceName(props.stage, props.name);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    if (Stack.of(this).bundlingRequired) prepareBundleCopies(); // an alias of `bundling` points into it
    const bundlingOptions: BundlingOptions = {
      ...bundling,
      ...(props.afterBundling
        ? { commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: props.afterBundling } }
        : {}),
    };
    this.fn = new NodejsFunction(this, 'Function', {
      functionName,
      description: props.description,
      entry: this.entryFor(props.name),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      bundling: bundlingOptions,
      environment: {
        POWERTOOLS_SERVICE_NAME: this.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
  }

  addEnvironment(key: string, value: string): void {
    this.fn.addEnvironment(key, value);
  }

  /**
   * The handler's entry file. Handlers are written in parallel with this stack, so a checkout may
   * lack one. Only when this stack's bundling is skipped (assertion tests) is that tolerated: the
   * template does not depend on the code, and a warning says which entry stood in. A real synth
   * bundles and fails loudly on the missing file.
   */
  private entryFor(name: LambdaName): string {
    const entry = entryOf(name);
    if (existsSync(entry) || Stack.of(this).bundlingRequired) return entry;
    Annotations.of(this).addWarningV2(
      'syndicate:missing-entry',
      `${relative(projectRoot, entry)} is absent; bundling is skipped, so it stands in for the template only`,
    );
    return join(projectRoot, 'infra', 'constructs', 'absent-entry.ts');
  }
}
