/**
 * The ingest Lambda: API Gateway HTTP API (v2) requests for the ingest routes,
 * S3 ObjectCreated events for `inbox/`, and embargo-release events (EventBridge
 * Scheduler on AWS, the local runtime's timer). Thin: it recognises the event,
 * hands it to the matching use case and flushes logs context and metrics.
 */
import type { APIGatewayProxyEventV2, Context, S3Event } from 'aws-lambda';
import type { EmbargoReleaseEvent } from '#adapters/embargo-scheduler.ts';
import { answeringHead } from '#commons/head.ts';
import { mappingThrownStacks } from '#commons/original-stack.ts';
import { handleApiRequest, type ApiDependencies } from './api.ts';
import { ingestDependencies, logger, metrics } from './composition.ts';
import { handleInboxEvent, type InboxOutcome } from './inbox.ts';
import { releaseDueEmbargoes, releaseEmbargo, type ReleaseOutcome } from './release-embargo.ts';
import type { HttpResult } from './responses.ts';

/** The local runtime's timer: release every embargo whose time has come. */
export interface ReleaseDueEmbargoesEvent {
  action: 'release-due-embargoes';
}

export type IngestEvent = APIGatewayProxyEventV2 | S3Event | EmbargoReleaseEvent | ReleaseDueEmbargoesEvent;
export type IngestResult = HttpResult | InboxOutcome[] | ReleaseOutcome | { articleId: string; outcome: ReleaseOutcome }[];

/** One entry point, four kinds of event; each answers in its own shape. */
export interface IngestHandler {
  (event: APIGatewayProxyEventV2, context?: Context): Promise<HttpResult>;
  (event: S3Event, context?: Context): Promise<InboxOutcome[]>;
  (event: EmbargoReleaseEvent, context?: Context): Promise<ReleaseOutcome>;
  (event: ReleaseDueEmbargoesEvent, context?: Context): Promise<{ articleId: string; outcome: ReleaseOutcome }[]>;
}

export function createIngestHandler(dependencies: () => ApiDependencies): IngestHandler {
  let deps: ApiDependencies | undefined;
  async function ingestHandler(event: IngestEvent, context?: Context): Promise<IngestResult> {
    deps ??= dependencies();
    if (context) logger.addContext(context);
    try {
      if ('action' in event && event.action === 'release-embargo') return await releaseEmbargo(deps, event.articleId);
      if ('action' in event && event.action === 'release-due-embargoes') return await releaseDueEmbargoes(deps);
      if ('Records' in event) return await handleInboxEvent(deps, event);
      if ('requestContext' in event) {
        logger.appendKeys({ requestId: event.requestContext.requestId });
        const api = deps;
        return await answeringHead(event, (request) => handleApiRequest(api, request));
      }
      throw new Error('unrecognised event: expected an API Gateway v2 request, an S3 event or a release-embargo action');
    } catch (error) {
      // Rethrown so Lambda retries the event; logged with the event's context, its stack mapped by the logger (observability.ts).
      logger.error('event failed', { error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(['requestId']);
      // Reads and health checks record nothing; publishing an empty set only logs a warning.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  }
  return mappingThrownStacks(ingestHandler) as IngestHandler;
}

export const handler = createIngestHandler(() => ingestDependencies());
