import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { resourceName } from '#infra/definitions.ts';
import { routes, type FunctionName } from '#infra/routes.ts';
import type { SyndicateFunction } from './syndicate-function.ts';

/**
 * One JSON object per request in the access log (CloudWatch Logs Insights discovers the fields), each
 * an HTTP API `$context` variable. Values stay strings: a variable with no value renders as `-`,
 * which would break unquoted JSON. `integrationError` is what API Gateway saw go wrong calling the
 * function (a timeout, a crash), the first place to look behind a 5xx.
 */
export const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  responseLength: '$context.responseLength',
  userAgent: '$context.identity.userAgent',
} as const;

export interface SyndicateHttpApiProps {
  readonly stage: string;
  readonly handlers: Record<FunctionName, SyndicateFunction>;
  /** Steady-state requests per second across the API. @default 50 */
  readonly rateLimit?: number;
  /** @default 100 */
  readonly burstLimit?: number;
}

/**
 * The HTTP contract on API Gateway: one route per entry of the shared route table (`infra/routes.ts`,
 * also served by the local runtime), a throttled `$default` stage and JSON access logs.
 * Keys are checked inside the handlers, not by an API Gateway authoriser: they are stored hashed in
 * the table and a publisher key may only touch its own publisher's articles, which only the handler
 * can judge once it has read the article.
 */
export class SyndicateHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SyndicateHttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: resourceName(props.stage, 'api'),
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${name}Integration`, props.handlers[name].fn, {
          payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        });
        integrations.set(name, integration);
      }
      return integration;
    };
    for (const route of routes) {
      // HEAD wherever GET works: the function answers it as the GET without a body (functions/commons/head.ts).
      const methods = route.method === 'GET' ? [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD] : [apigw.HttpMethod[route.method]];
      for (const created of this.api.addRoutes({ path: route.path, methods, integration: integrationFor(route.function) })) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.access} route: keys are verified in the ${route.function} handler against hashed keys in the table (publisher keys are scoped to their own articles, which an authoriser cannot judge); public routes need none.`,
        });
      }
    }
  }

  get url(): string {
    return this.api.apiEndpoint;
  }
}
