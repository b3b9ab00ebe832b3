/**
 * The delivery log in the single table, in a subscription's partition:
 * - `ATTEMPT#{at}#{webhook-id}#{n}`: one item per attempt, so the log and the
 *   stats read a time range with one Query;
 * - `DELIVERY#{webhook-id}`: a delivery's state (status, round, attempts; the
 *   body lives once per event, payload-store.ts), written only when the
 *   delivery leaves the lean path.
 * Both expire after 30 days through the table's TTL attribute.
 *
 * The lean path (a message's first attempt, round 0, that delivered) writes one
 * item: its attempt entry, marked `kind: first`, which is the delivery's record
 * too (delivered, one attempt), stored without the fields its keys and its event
 * key say (first-delivery-item.ts: most of the log's bytes). A deliver invocation writes its entries in
 * BatchWriteItem calls of 25 (`logEntries`). No condition is needed, and
 * BatchWriteItem allows none: the item's key holds the attempt's time, so a
 * duplicate copy of the message writes its own entry, never over another;
 * and it only ever says "delivered", which no other write rolls back: the
 * conditional `settle` of a retrying or failing copy refuses to overwrite a
 * delivered state, and a retry that finds the delivery delivered sends nothing.
 * A delivery has a `DELIVERY#` record when its first attempt did not deliver
 * (`settle`: a create-only PutItem, then conditional updates) or when it is
 * replayed (`restart` creates one from the first-delivery entry). Where a
 * record exists it is the delivery's state; `get` looks for the entry only
 * when there is none.
 *
 * Nothing is written before sending, so a crash between the send and the
 * write sends again under the same webhook-id, which receivers deduplicate.
 */
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { queryAll } from './query-all.ts';
import type { AttemptFilter, AttemptRecord, DeliveryLog, DeliveryMessage, DeliveryRecord, DeliveryState, FirstDelivery, Page } from '#core/webhooks/ports.ts';
import { decodeCursor, encodeCursor, InvalidCursor } from './cursor.ts';
import { FIRST, slimFirstItem, wholeFirstItem } from './first-delivery-item.ts';
import { attemptKey, deliveryKey } from './keys.ts';

export const DELIVERY_LOG_TTL_SECONDS = 30 * 24 * 3600;
/** A filtered log page reads at most this many times its size to fill itself. */
export const FILTERED_READ_FACTOR = 5;
/** The most attempt items one log page or one stats call reads. */
export const MAX_ATTEMPTS_READ = 1000;
/** What stats need of an attempt (the answer's prefix, up to 1 KB, is left behind); a first-delivery entry's `at` and `outcome` come from its `sk` and `kind`. */
const STATS_FIELDS = ['at', 'status', 'durationMs', 'error', 'outcome', 'deliveryId', 'test', 'sk', 'kind'] as const;

/** The slice of a subscription's partition holding its attempts in a time range; `~` sorts after every `#…` suffix, so `to` is included. */
function attemptRange(subscriptionId: string, filter: Pick<AttemptFilter, 'from' | 'to'>): { pk: string; lo: string; hi: string } {
  const pk = attemptKey(subscriptionId, '', '', 0).pk;
  return { pk, lo: `ATTEMPT#${filter.from ?? ''}`, hi: `ATTEMPT#${filter.to ?? ''}~` };
}

/** A cursor we gave out for this very range: any other key would make DynamoDB fail, or read another partition. */
function startKeyWithin(cursor: string, range: { pk: string; lo: string; hi: string }): Record<string, unknown> {
  const key = decodeCursor(cursor);
  const sk = key.sk;
  if (Object.keys(key).length !== 2 || key.pk !== range.pk || typeof sk !== 'string' || sk < range.lo || sk > range.hi) throw new InvalidCursor();
  return key;
}

const expiresAt = (iso: string) => Math.floor(Date.parse(iso) / 1000) + DELIVERY_LOG_TTL_SECONDS;
/** Tries at a batch whose items the table left unprocessed, before giving up. */
const UNPROCESSED_PASSES = 5;

const withoutUndefined = (fields: object): Record<string, unknown> => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

function attemptItem(attempt: AttemptRecord): Record<string, unknown> {
  const item = withoutUndefined(attempt);
  return {
    ...attemptKey(attempt.subscriptionId, attempt.at, attempt.deliveryId, attempt.round * 1000 + attempt.attempt),
    kind: 'attempt',
    ...item,
    expiresAt: expiresAt(attempt.at),
  };
}

/** Query pages of 1 MB read, newest first, looking for a first-delivery entry by webhook-id alone (a re-received message). */
const FIRST_SEARCH_PAGES = 4;
/**
 * The same for an operator's replay by id, which may name a delivery days old: 64 pages are about
 * 80,000 attempts of one subscription (two to three days at a million events a month), about 8,000
 * eventually consistent read units at most, and a few seconds, inside API Gateway's 29 s. An older
 * delivery is replayed with `since` (replay.ts says so in its 404).
 */
export const DEEP_SEARCH_PAGES = 64;

/** Stored without what its key and event key say (first-delivery-item.ts): it is most of the log. */
function firstDeliveryItem(first: FirstDelivery): Record<string, unknown> {
  return slimFirstItem({ ...attemptItem(first.attempt), kind: FIRST, ...(first.eventKey ? { eventKey: first.eventKey } : {}) });
}

/** A first-delivery entry read as the delivery's record: delivered on its one attempt of round 0. */
function deliveryOfFirst(stored: Record<string, unknown>): DeliveryRecord {
  const item = wholeFirstItem(stored);
  const at = String(item.at);
  return withoutUndefined({
    subscriptionId: item.subscriptionId, deliveryId: item.deliveryId, eventType: item.eventType, articleId: item.articleId,
    eventKey: item.eventKey, round: 0, status: 'delivered', attempts: 1, createdAt: at, updatedAt: at,
  }) as unknown as DeliveryRecord;
}

const conditionFailed = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

function toDelivery(item: Record<string, unknown>): DeliveryRecord {
  const { pk: _pk, sk: _sk, kind: _kind, expiresAt: _e, ...record } = item;
  return record as unknown as DeliveryRecord;
}

function toAttempt(item: Record<string, unknown>): AttemptRecord {
  const { pk: _pk, sk: _sk, kind: _kind, expiresAt: _e, eventKey: _key, ...record } = wholeFirstItem(item);
  return record as unknown as AttemptRecord;
}

export class DynamoDeliveryLog implements DeliveryLog {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async get(subscriptionId: string, deliveryId: string, search?: { from?: string | undefined; deep?: boolean | undefined }): Promise<DeliveryRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: deliveryKey(subscriptionId, deliveryId), ConsistentRead: true }),
    );
    if (Item) return toDelivery(Item);
    return search ? this.firstDelivery(subscriptionId, deliveryId, search.from, search.deep ? DEEP_SEARCH_PAGES : FIRST_SEARCH_PAGES) : undefined;
  }

  /**
   * A delivery's first-delivery entry, found by its webhook-id among the attempts since `from`, newest
   * first. Its key starts with the attempt's time, which the caller may not know: a retried message
   * knows when it was sent (nothing of it was attempted before), a replay by id knows nothing, and then
   * at most `pages` pages of the newest attempts are read (FIRST_SEARCH_PAGES, or DEEP_SEARCH_PAGES
   * for a replay by id). The deep search reads eventually consistent: a replay names a delivery the
   * partner has already seen listed.
   */
  private async firstDelivery(subscriptionId: string, deliveryId: string, from: string | undefined, pages: number): Promise<DeliveryRecord | undefined> {
    const range = attemptRange(subscriptionId, { from });
    let start: Record<string, unknown> | undefined;
    for (let page = 0; page < pages; page++) {
      const { Items, LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
          FilterExpression: 'deliveryId = :id AND kind = :first',
          ExpressionAttributeValues: { ':pk': range.pk, ':lo': range.lo, ':hi': range.hi, ':id': deliveryId, ':first': FIRST },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
          ConsistentRead: pages <= FIRST_SEARCH_PAGES,
        }),
      );
      if (Items?.[0]) return deliveryOfFirst(Items[0]);
      start = LastEvaluatedKey;
      if (!start) return undefined;
    }
    return undefined;
  }

  async settle(message: DeliveryMessage, state: DeliveryState, now: string): Promise<boolean> {
    if (state.round === 0 && state.attempts === 1 && (await this.create(message, state, now))) return true;
    const sets = [
      '#status = :status', 'attempts = :attempts', '#round = :round', 'updatedAt = :now', 'expiresAt = :expires',
      'subscriptionId = :subscriptionId', 'deliveryId = :deliveryId', 'eventType = :eventType', 'articleId = :articleId',
      'createdAt = if_not_exists(createdAt, :now)',
    ];
    const values: Record<string, unknown> = {
      ':status': state.status, ':attempts': state.attempts, ':round': state.round, ':now': now, ':expires': expiresAt(now),
      ':subscriptionId': message.subscriptionId, ':deliveryId': message.deliveryId, ':eventType': message.eventType, ':articleId': message.articleId,
    };
    if (message.eventKey) {
      sets.push('eventKey = :eventKey');
      values[':eventKey'] = message.eventKey;
    }
    const removes: string[] = [];
    for (const field of ['nextAttemptAt', 'lastError'] as const) {
      if (state[field] !== undefined) {
        sets.push(`${field} = :${field}`);
        values[`:${field}`] = state[field];
      } else removes.push(field);
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(message.subscriptionId, message.deliveryId),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          // First attempt, or a later attempt of the same round; never over a replay or a later attempt, and never
          // over `delivered` (a duplicate copy that failed must not turn a delivered round back into a retrying one).
          ConditionExpression: 'attribute_not_exists(pk) OR (#round = :round AND attempts <= :attempts AND #status <> :delivered)',
          ExpressionAttributeNames: { '#status': 'status', '#round': 'round' },
          ExpressionAttributeValues: { ...values, ':delivered': 'delivered' },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  /**
   * The first attempt of a message's first round, the lean path: the record does not exist yet, so it is
   * written whole with a PutItem that only creates. A conditional PutItem costs DynamoDB (and DynamoDB
   * Local's CPU, which bounds the local fan-out) less than the UpdateItem. False when the record exists
   * (a duplicate message): `settle` then applies its update and its condition as before.
   */
  private async create(message: DeliveryMessage, state: DeliveryState, now: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: withoutUndefined({
            ...deliveryKey(message.subscriptionId, message.deliveryId),
            status: state.status, attempts: state.attempts, round: state.round, updatedAt: now, expiresAt: expiresAt(now),
            subscriptionId: message.subscriptionId, deliveryId: message.deliveryId, eventType: message.eventType, articleId: message.articleId,
            createdAt: now, eventKey: message.eventKey, nextAttemptAt: state.nextAttemptAt, lastError: state.lastError,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  /**
   * A new round: pending, zero attempts. A delivery whose first attempt delivered has no record of its
   * own yet (its first-delivery entry stands for it): the record is created here, at round 1.
   */
  async restart(record: DeliveryRecord, now: string): Promise<number> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: deliveryKey(record.subscriptionId, record.deliveryId),
          UpdateExpression: 'SET #round = #round + :one, #status = :pending, attempts = :zero, updatedAt = :now, expiresAt = :expires REMOVE nextAttemptAt, lastError',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#round': 'round', '#status': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':pending': 'pending', ':zero': 0, ':now': now, ':expires': expiresAt(now) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Number(Attributes?.round);
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const round = record.round + 1;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: withoutUndefined({
          ...deliveryKey(record.subscriptionId, record.deliveryId),
          status: 'pending', attempts: 0, round, updatedAt: now, expiresAt: expiresAt(now), createdAt: record.createdAt,
          subscriptionId: record.subscriptionId, deliveryId: record.deliveryId, eventType: record.eventType, articleId: record.articleId, eventKey: record.eventKey,
        }),
        // Two replays at once: the second finds the first's record and is refused (its caller sees the error).
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return round;
  }

  async logAttempt(attempt: AttemptRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: attemptItem(attempt) }));
  }

  async logFirstDelivery(first: FirstDelivery): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: firstDeliveryItem(first) }));
  }

  /**
   * A deliver invocation's log at once: attempt entries and first-delivery entries, 25 items per
   * BatchWriteItem. What the table leaves unprocessed (throttling) is sent again after a growing pause;
   * if some is still left after UNPROCESSED_PASSES, this rejects, the messages are retried by SQS and,
   * finding no record, send again under the same webhook-id: an entry is never silently dropped.
   */
  async logEntries(attempts: readonly AttemptRecord[], firsts: readonly FirstDelivery[] = []): Promise<void> {
    const items = [...attempts.map(attemptItem), ...firsts.map(firstDeliveryItem)];
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let pass = 0; requests.length > 0; pass++) {
        if (pass === UNPROCESSED_PASSES) throw new Error(`${requests.length} delivery log entries left unprocessed by the table`);
        if (pass > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** pass));
        const { UnprocessedItems } = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  /**
   * One Query, newest first. The time range is part of the key condition (attempt sort keys begin
   * with their time); status and event type are filters, so when one is set up to
   * `FILTERED_READ_FACTOR` times the page size is read (never more than `MAX_ATTEMPTS_READ`) to
   * fill the page. A page may still come back short, with a cursor to read on.
   */
  async attempts(subscriptionId: string, options: { limit: number; cursor?: string | undefined; filter?: AttemptFilter | undefined }): Promise<Page<AttemptRecord>> {
    const filter = options.filter ?? {};
    const range = attemptRange(subscriptionId, filter);
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ':pk': range.pk, ':lo': range.lo, ':hi': range.hi };
    // A first-delivery entry may carry neither `outcome` nor `eventType` (first-delivery-item.ts): its kind and event key say them.
    if (filter.status) {
      conditions.push(filter.status === 'delivered' ? '(outcome = :delivered OR kind = :first)' : '(attribute_exists(outcome) AND outcome <> :delivered)');
      values[':delivered'] = 'delivered';
      if (filter.status === 'delivered') values[':first'] = FIRST;
    }
    if (filter.eventType) {
      conditions.push('(eventType = :eventType OR contains(eventKey, :eventTypeInKey))');
      values[':eventType'] = filter.eventType;
      values[':eventTypeInKey'] = `|${filter.eventType}|`;
    }
    const read = conditions.length ? Math.min(MAX_ATTEMPTS_READ, Math.max(options.limit, options.limit * FILTERED_READ_FACTOR)) : options.limit;
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: read,
        ExclusiveStartKey: options.cursor ? startKeyWithin(options.cursor, range) : undefined,
      }),
    );
    const items = page.Items ?? [];
    if (items.length > options.limit) {
      const kept = items.slice(0, options.limit);
      const last = kept[kept.length - 1]!;
      return { items: kept.map(toAttempt), cursor: encodeCursor({ pk: last.pk, sk: last.sk }) };
    }
    return { items: items.map(toAttempt), cursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : undefined };
  }

  async attemptsBetween(subscriptionId: string, from: string, to: string, max: number): Promise<{ items: AttemptRecord[]; complete: boolean }> {
    const range = attemptRange(subscriptionId, { from, to });
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    // Pages of at most 1 MB each: a full day of large answers takes two or three.
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
          ExpressionAttributeValues: { ':pk': range.pk, ':lo': range.lo, ':hi': range.hi },
          ProjectionExpression: STATS_FIELDS.map((f) => `#${f}`).join(', '),
          ExpressionAttributeNames: Object.fromEntries(STATS_FIELDS.map((f) => [`#${f}`, f])),
          ScanIndexForward: false,
          Limit: max + 1 - items.length,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length <= max);
    return { items: items.slice(0, max).map(toAttempt), complete: items.length <= max && !start };
  }

  /** Records created since `since`, oldest first: the `DELIVERY#` records, and the first-delivery entries of the deliveries without one. */
  async deliveriesSince(subscriptionId: string, since: string): Promise<DeliveryRecord[]> {
    const range = attemptRange(subscriptionId, { from: since });
    const [records, firsts] = await Promise.all([
      queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'createdAt >= :since',
        ExpressionAttributeValues: { ':pk': deliveryKey(subscriptionId, '').pk, ':prefix': 'DELIVERY#', ':since': since },
      }),
      queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
        FilterExpression: 'kind = :first',
        ExpressionAttributeValues: { ':pk': range.pk, ':lo': range.lo, ':hi': range.hi, ':first': FIRST },
      }),
    ]);
    const found = new Map(records.map((item) => [String(item.deliveryId), toDelivery(item)]));
    for (const item of firsts) if (!found.has(String(item.deliveryId))) found.set(String(item.deliveryId), deliveryOfFirst(item));
    return [...found.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
