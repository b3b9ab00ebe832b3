/**
 * Powertools Logger and Metrics, one of each per container and per function.
 * JSON logs carry the service name, the Lambda context (request id) once a
 * handler calls `logger.addContext`, and whatever keys a use case appends
 * (article id). Metrics go out as CloudWatch EMF in the `Syndicate` namespace.
 *
 * Never log a request's headers or an API key: log `keyKind` ('admin' |
 * 'publisher') and the publisher id instead.
 *
 * Every error a logger serialises, causes included, has its stack mapped to the TypeScript first: the
 * bundles ship their source map beside them and Node is not asked to read it (original-stack.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { withOriginalStack } from './original-stack.ts';

export const metricsNamespace = 'Syndicate';

const loggers = new Map<string, Logger>();
const metricsByService = new Map<string, Metrics>();

export function loggerFor(serviceName: string): Logger {
  let logger = loggers.get(serviceName);
  if (!logger) {
    // Called before Powertools turns an Error into its JSON (name, location, message, stack, cause), so all of it is mapped.
    logger = new Logger({ serviceName, jsonReplacerFn: (_key, value) => (value instanceof Error ? withOriginalStack(value) : value) });
    loggers.set(serviceName, logger);
  }
  return logger;
}

export function metricsFor(serviceName: string): Metrics {
  let metrics = metricsByService.get(serviceName);
  if (!metrics) {
    metrics = new Metrics({ namespace: metricsNamespace, serviceName });
    metricsByService.set(serviceName, metrics);
  }
  return metrics;
}
