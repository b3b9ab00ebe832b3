/**
 * Embargo release on this machine. On AWS a one-time EventBridge Scheduler
 * schedule invokes the ingest function at `embargoUntil`; here a timer reads
 * the table's EMBARGO partition (sort key `{embargoUntil}#{articleId}`, see
 * functions/adapters/keys.ts) and invokes the ingest function with the same
 * `{action: 'release-embargo', articleId}` event for every entry that is due.
 * The function removes the entry when it releases the article; an entry that
 * fails stays and is tried again on the next tick, as the scheduler retries.
 */
import { QueryCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';

export interface EmbargoReleaseEvent {
  action: 'release-embargo';
  articleId: string;
}

export interface EmbargoTimerOptions {
  documents: DynamoDocuments;
  tableName: string;
  invoke: (event: EmbargoReleaseEvent) => Promise<unknown>;
  intervalMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

/** `{embargoUntil}#{articleId}`: ISO timestamps contain no `#`, so the first one separates. */
export function articleIdOfEmbargo(sortKey: string): string {
  return sortKey.slice(sortKey.indexOf('#') + 1);
}

export class EmbargoTimer {
  private timer?: NodeJS.Timeout;
  private tick?: Promise<void>;
  ready = false;

  constructor(private readonly options: EmbargoTimerOptions) {}

  start(): void {
    this.ready = true;
    const loop = () => {
      this.tick = this.releaseDue()
        .then(() => undefined)
        .catch((error: unknown) => this.options.log?.(`embargo: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          if (this.ready) this.timer = setTimeout(loop, this.options.intervalMs ?? 1000);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.ready = false;
    clearTimeout(this.timer);
    await this.tick;
  }

  /** Invokes the release for every due entry; returns the article ids released. */
  async releaseDue(): Promise<string[]> {
    const now = (this.options.now ?? (() => new Date()))().toISOString();
    const due: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.options.documents.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND sk <= :due',
          // '$' sorts after '#', so every entry timed at or before now is included.
          ExpressionAttributeValues: { ':pk': 'EMBARGO', ':due': `${now}$` },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      due.push(...(page.Items ?? []).map((item) => articleIdOfEmbargo(String(item.sk))));
      start = page.LastEvaluatedKey;
    } while (start);
    const released: string[] = [];
    for (const articleId of due) {
      try {
        await this.options.invoke({ action: 'release-embargo', articleId });
        released.push(articleId);
      } catch (error) {
        this.options.log?.(`embargo: releasing ${articleId} failed, retrying next tick: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return released;
  }
}
