import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routeKey, routes } from '#infra/routes.ts';
import { synthSyndicate } from '../synth.ts';

const { statelessTemplate: template } = synthSyndicate({ context: { stage: 'qa' } });

/** The function an integration invokes, by deployed name. */
function integratedFunction(integrationId: string): string {
  const integration = template.toJSON().Resources[integrationId];
  const functionId = integration.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
  return template.toJSON().Resources[functionId].Properties.FunctionName as string;
}

describe('the HTTP API', () => {
  it('has exactly one route per entry of the shared route table, and a HEAD twin for every GET', () => {
    const deployed = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    const heads = routes.filter((r) => r.method === 'GET').map((r) => `HEAD ${r.path}`);
    expect(deployed.sort()).toEqual([...routes.map(routeKey), ...heads].sort());
  });

  it.each(routes.filter((r) => r.method === 'GET').map((r) => [r.path, r.function] as const))('sends HEAD %s to the same %s function as its GET', (path, fn) => {
    const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: `HEAD ${path}` } }));
    expect(integratedFunction(route!.Properties.Target['Fn::Join'][1][1].Ref as string)).toBe(`qa-syndicate-${fn}`);
  });

  it.each(routes.map((r) => [routeKey(r), r.function] as const))('routes %s to the %s function', (key, fn) => {
    const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } }));
    const target = route!.Properties.Target['Fn::Join'][1][1].Ref as string;
    expect(integratedFunction(target)).toBe(`qa-syndicate-${fn}`);
    expect(route!.Properties.AuthorizationType).toBe('NONE'); // keys are checked in the handler
  });

  it('uses the v2 payload the handlers and the local runtime expect', () => {
    template.allResourcesProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  });

  it('throttles and logs access on its auto-deployed default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('writes one JSON object per request to its access log: request id, caller, route, status, latency, integration error, user agent', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const format = JSON.parse(stage!.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      method: '$context.httpMethod',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
      integrationError: '$context.integrationErrorMessage',
      userAgent: '$context.identity.userAgent',
    });
    // Every value is a quoted $context variable: an empty one renders as "-" and the line stays JSON.
    for (const value of Object.values(format)) expect(value).toMatch(/^\$context\.[A-Za-z.]+$/);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it.each(['ingest', 'publish'])('gives %s the API URL it builds links from', (name) => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `qa-syndicate-${name}`,
      Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpApi'), 'ApiEndpoint'] } }) },
    });
  });
});
