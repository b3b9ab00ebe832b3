/**
 * The event pull channel's store: every partner-visible article event, in one order, for 30 days.
 *
 * Appending (publish, after a stream batch's events are known), up to 25 events per transaction:
 * 1. read the counter (consistent);
 * 2. one TransactWriteItems: move the counter from n to n + k (condition: it still reads n), put each
 *    event at n + 1 ... n + k, and put each event's id item (condition: absent);
 * 3. cancelled because an id item exists: those events were appended before (a retried batch), drop
 *    them and go again; cancelled because the counter moved: another publisher won, go again.
 * So numbers are dense (1, 2, 3, ... with no gaps) and an event is never appended twice.
 *
 * Reading is one consistent Query after a number. A reader may see a transaction's items a moment
 * apart, so a page stops before a missing number unless the event after it is older than a minute
 * (then the missing one has expired by TTL): a reader never moves past an event it could still get.
 *
 * An entry keeps the event (id, type, article, time, tags, webhook body) as one Brotli-compressed JSON
 * attribute (`packed`), read back exactly as written. Why: a transaction's write costs 2 units per KB of
 * each item, rounded up, and the plain entry (about 2 KB on the reference-and-dev-set mix, 3.1 KB for the
 * reference article: the body, and tags repeated beside it) cost 4 to 8 units; packed, the body's repeated
 * field names and the tags it already names compress away, and an entry fits in 1 KB (2 units). Entries
 * written before (plain `body` and `tags`) are read as they are.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { TransactionCanceledException } from '#commons/clients/dynamo-errors.ts';
import { GetCommand, QueryCommand, TransactWriteCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { eventLogCounterKey, eventLogEntryKey, eventLogIdKey, eventLogPartition, sequenceOf } from './keys.ts';

/** Kept at least this long; the TTL is a day longer, since DynamoDB deletes expired items lazily anyway. */
export const EVENT_RETENTION_DAYS = 30;
const TTL_SECONDS = (EVENT_RETENTION_DAYS + 1) * 86_400;
/** Two items per event plus the counter stay under DynamoDB's 100 items per transaction. */
const EVENTS_PER_TRANSACTION = 25;
const MAX_ROUNDS = 20;
/** An event this old whose predecessor is missing: the predecessor expired rather than being on its way. */
export const SETTLE_MS = 60_000;

export interface EventToAppend {
  /** Stable across retries: derived from the event's identity (webhook-id.ts `eventKey`). */
  id: string;
  type: string;
  articleId: string;
  occurredAt: string;
  tags: string[];
  /** The webhook body, exactly as sent. */
  body: string;
}

export interface LoggedEvent extends EventToAppend {
  sequence: number;
  appendedAt: string;
}

export interface EventLogPage {
  /** Events after the cursor in order, up to the first that cannot be read yet. */
  events: LoggedEvent[];
  /** The number to continue after: the last event returned, or the one asked after when none was. */
  last: number;
}

/** The event as an entry keeps it: compressed for size (see above), at Brotli's best for short text. */
function pack(event: EventToAppend): Uint8Array {
  const { id, type, articleId, occurredAt, tags, body } = event;
  const json = Buffer.from(JSON.stringify({ id, type, articleId, occurredAt, tags, body }), 'utf8');
  return brotliCompressSync(json, {
    params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: json.length },
  });
}

/** The event an entry holds, packed or (written before packing) plain. */
function unpack(item: Record<string, unknown>): EventToAppend {
  if (item.packed instanceof Uint8Array) return JSON.parse(brotliDecompressSync(item.packed).toString('utf8')) as EventToAppend;
  return {
    id: item.id as string,
    type: item.type as string,
    articleId: item.articleId as string,
    occurredAt: item.occurredAt as string,
    tags: (item.tags as string[] | undefined) ?? [],
    body: item.body as string,
  };
}

export class EventLogBusy extends Error {
  override readonly name = 'EventLogBusy';
}

export class DynamoEventLog {
  constructor(
    private readonly documents: DynamoDocuments,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends the events not appended before, in the order given; returns how many were new. */
  async append(events: readonly EventToAppend[]): Promise<number> {
    let appended = 0;
    for (let i = 0; i < events.length; i += EVENTS_PER_TRANSACTION) appended += await this.appendChunk(events.slice(i, i + EVENTS_PER_TRANSACTION));
    return appended;
  }

  private async appendChunk(chunk: readonly EventToAppend[]): Promise<number> {
    let pending = [...chunk];
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round += 1) {
      const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: eventLogCounterKey(), ConsistentRead: true }));
      const counter = typeof Item?.sequence === 'number' ? Item.sequence : 0;
      const nowMs = this.now();
      const appendedAt = new Date(nowMs).toISOString();
      const expiresAt = Math.floor(nowMs / 1000) + TTL_SECONDS;
      const TableName = this.tableName;
      try {
        await this.documents.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: { ...eventLogCounterKey(), entity: 'event-counter', sequence: counter + pending.length },
                  ...(counter === 0
                    ? { ConditionExpression: 'attribute_not_exists(pk)' }
                    : { ConditionExpression: '#s = :n', ExpressionAttributeNames: { '#s': 'sequence' }, ExpressionAttributeValues: { ':n': counter } }),
                },
              },
              ...pending.flatMap((event, i) => [
                { Put: { TableName, Item: { ...eventLogIdKey(event.id), entity: 'event-appended', sequence: counter + 1 + i, expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' } },
                {
                  Put: {
                    TableName,
                    // Its number is its sort key (not repeated: the reference article's entry is then just under 1 KB).
                    Item: { ...eventLogEntryKey(counter + 1 + i), entity: 'event', packed: pack(event), appendedAt, expiresAt },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]),
            ],
          }),
        );
        return pending.length;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        // Items: counter, then (id item, entry) per pending event.
        const seen = new Set(pending.filter((_, i) => reasons[1 + 2 * i]?.Code === 'ConditionalCheckFailed').map((e) => e.id));
        pending = pending.filter((e) => !seen.has(e.id));
        if (seen.size === 0) await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (round + 1)));
      }
    }
    if (pending.length > 0) throw new EventLogBusy(`event channel: ${pending.length} events not appended after ${MAX_ROUNDS} tries (the counter kept moving)`);
    return 0;
  }

  async read(after: number, limit: number): Promise<EventLogPage> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk > :after',
        ExpressionAttributeValues: { ':pk': eventLogPartition, ':after': eventLogEntryKey(after).sk },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    const events: LoggedEvent[] = [];
    let last = after;
    for (const item of page.Items ?? []) {
      const sequence = typeof item.sequence === 'number' ? item.sequence : sequenceOf(item.sk as string);
      if (sequence !== last + 1 && this.now() - Date.parse(item.appendedAt as string) < SETTLE_MS) break;
      events.push({ ...unpack(item), sequence, appendedAt: item.appendedAt as string });
      last = sequence;
    }
    return { events, last };
  }
}
