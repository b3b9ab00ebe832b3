/**
 * Powertools Logger and Metrics, one of each per container and per function.
 * JSON logs carry the service name, the Lambda context (request id) once a
 * handler calls `logger.addContext`, and whatever keys a use case appends
 * (article id). Metrics go out as CloudWatch EMF in the `Syndicate` namespace.
 *
 * Never log a request's headers or an API key: log `keyKind` ('admin' |
 * 'publisher') and the publisher id instead.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const metricsNamespace = 'Syndicate';

const loggers = new Map<string, Logger>();
const metricsByService = new Map<string, Metrics>();

export function loggerFor(serviceName: string): Logger {
  let logger = loggers.get(serviceName);
  if (!logger) {
    logger = new Logger({ serviceName });
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
