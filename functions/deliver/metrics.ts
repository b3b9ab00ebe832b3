/**
 * The deliver Lambda's custom metrics, read by the infra alarms
 * (infra/constructs/monitoring.ts): one `WebhookDelivered` or one
 * `WebhookDeliveryFailed` per attempt, in the `Syndicate` namespace with only
 * the default `service` dimension. The service is POWERTOOLS_SERVICE_NAME
 * (set by the stack), never a name of our own: the alarm's dimension is that
 * variable's value, and Powertools lets an explicit name override it.
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { metricsFor } from '#commons/observability.ts';
import type { AttemptRecord } from '#core/webhooks/ports.ts';

export const deliveryMetricNames = { delivered: 'WebhookDelivered', failed: 'WebhookDeliveryFailed' } as const;

export interface DeliveryMetrics {
  /** One attempt and how it ended; every outcome but `delivered` counts as a failed attempt. */
  attempt(outcome: AttemptRecord['outcome']): void;
  /** Writes the batch's counts (EMF on stdout); called once per invocation. */
  flush(): void;
}

export function powertoolsDeliveryMetrics(metrics: Metrics): DeliveryMetrics {
  return {
    attempt: (outcome) =>
      metrics.addMetric(outcome === 'delivered' ? deliveryMetricNames.delivered : deliveryMetricNames.failed, MetricUnit.Count, 1),
    flush: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}

/** The container's instance; the fallback name only applies off AWS (the stack always sets the variable). */
export const deliverMetrics = (): DeliveryMetrics =>
  powertoolsDeliveryMetrics(metricsFor(process.env.POWERTOOLS_SERVICE_NAME || 'syndicate-deliver'));
