/**
 * The small interfaces the webhook use cases need from the outside world. The
 * DynamoDB and SQS adapters implement them in functions/adapters; tests and
 * the local runtime plug in the same adapters against local services.
 */
import type { SubscriberEntry } from './subscriber-filter.ts';
import type { ArticleEventType } from '../article/events.ts';
import type { OpenCircuit } from './circuit-breaker.ts';
import type { EndpointDisabledEvent } from './endpoint-health.ts';
import type { PreparedEvent } from './prepared-event.ts';
import type { Subscription } from './subscription.ts';

/** A signing secret; the current one has no end, a rotated-out one signs until `validUntil`. */
export interface SigningSecret {
  secret: string;
  validUntil?: string | undefined;
}

export interface StoredSubscription extends Subscription {
  secrets: SigningSecret[];
  disabledEvent?: EndpointDisabledEvent | undefined;
  /** Present while some deliver container holds the endpoint's circuit open. */
  circuit?: OpenCircuit | undefined;
}

/** One SQS message: one event for one subscription. Carries the exact body so retries resend the same bytes. */
export interface DeliveryMessage {
  subscriptionId: string;
  /** The webhook-id, also the delivery's key. */
  deliveryId: string;
  eventType: ArticleEventType;
  articleId: string;
  body: string;
  /** eventKey() of the event: where its body is stored once for every subscriber (absent on messages from before). */
  eventKey?: string | undefined;
  /** 0 for the first send, +1 per replay: a message from an older round is stale. */
  round: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * A delivery's state in the log: what it sends, plus how sending it has gone. The body is not
 * kept per delivery (PayloadStore holds it once per event); records written before that carry it.
 */
export interface DeliveryRecord extends Omit<DeliveryMessage, 'body'> {
  body?: string | undefined;
  status: DeliveryStatus;
  /** Attempts made in this round. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  /** Not before this time (ISO): lets a delay longer than SQS's 12 h visibility cap sleep again. */
  nextAttemptAt?: string | undefined;
  lastError?: string | undefined;
}

export interface AttemptRecord {
  subscriptionId: string;
  /** The webhook-id. */
  deliveryId: string;
  eventType?: ArticleEventType | undefined;
  articleId?: string | undefined;
  round: number;
  attempt: number;
  at: string;
  /** HTTP status, absent when no answer came. */
  status?: number | undefined;
  durationMs: number;
  /** First 1 KB of the answer. */
  response?: string | undefined;
  error?: string | undefined;
  outcome: 'delivered' | 'retry' | 'give_up' | 'disable_endpoint';
  /** Set on a test event sent through the API (never retried, no delivery record, left out of stats). */
  test?: true | undefined;
}

/**
 * The lean path's one item: a message's first attempt (round 0) that delivered. Its attempt entry is
 * the delivery's record too (delivered, one attempt), so the hot path writes one item, not two.
 */
export interface FirstDelivery {
  attempt: AttemptRecord;
  /** Where the event's body is stored (payload-store.ts), for a replay. */
  eventKey?: string | undefined;
}

/** Which attempts a log page shows; times are `toISOString()` form, both ends included. */
export interface AttemptFilter {
  /** `delivered`: the attempt succeeded; `failed`: any other outcome. */
  status?: 'delivered' | 'failed' | undefined;
  eventType?: ArticleEventType | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface Page<T> {
  items: T[];
  cursor?: string | undefined;
}

export interface SubscriptionStore {
  create(subscription: Subscription, secret: string): Promise<void>;
  get(id: string): Promise<StoredSubscription | undefined>;
  /** False when there was nothing to delete. */
  delete(id: string): Promise<boolean>;
  /** New current secret; the previous current one keeps signing until `graceUntil`. */
  rotateSecret(id: string, secret: string, graceUntil: string, now: string): Promise<void>;
  /** Index entries of the active subscriptions filed under any of these buckets (tag ids or `*`), read bucket by bucket. */
  idsInBuckets(buckets: string[]): Promise<SubscriberEntry[]>;
  /** Many at once (a deliver batch's endpoints): missing ones are absent from the map. */
  getMany(ids: readonly string[]): Promise<Map<string, StoredSubscription>>;
  setFailingSince(id: string, failingSince: string | undefined): Promise<void>;
  /** Shares an endpoint's open circuit with every container (and the stats route); undefined clears it. */
  setCircuit(id: string, circuit: OpenCircuit | undefined): Promise<void>;
  disable(id: string, event: EndpointDisabledEvent): Promise<void>;
}

/** How one attempt left a delivery: what `DeliveryLog.settle` writes. */
export interface DeliveryState {
  round: number;
  /** Attempts made in this round, the one just made included. */
  attempts: number;
  status: DeliveryStatus;
  nextAttemptAt?: string | undefined;
  lastError?: string | undefined;
}

export interface DeliveryLog {
  /**
   * The delivery's record. A delivery whose first attempt delivered has no record of its own (its
   * first-delivery entry is the record, FirstDelivery): with `search`, that entry is looked for too,
   * among attempts made since `search.from` (or, without it, among the subscription's newest attempts,
   * a bounded read: `search.deep` widens the bound for an operator's replay by id, which may name an
   * older delivery, from a few MB of attempts to DEEP_SEARCH_PAGES).
   */
  get(subscriptionId: string, deliveryId: string, search?: { from?: string | undefined; deep?: boolean | undefined }): Promise<DeliveryRecord | undefined>;
  /**
   * Writes the delivery's state after an attempt, creating the record on the first: one conditional
   * write. False when a newer round (a replay) or a later attempt of this round was recorded first,
   * or this round is already delivered (a duplicate copy's failure never rolls `delivered` back).
   */
  settle(message: DeliveryMessage, state: DeliveryState, now: string): Promise<boolean>;
  /** Starts a new round (replay): pending, zero attempts. Returns the new round. */
  restart(record: DeliveryRecord, now: string): Promise<number>;
  logAttempt(attempt: AttemptRecord): Promise<void>;
  /** The lean path's one write (FirstDelivery): written without a condition, see delivery-log.ts for why that is safe. */
  logFirstDelivery(first: FirstDelivery): Promise<void>;
  /** One page of attempts, newest first, filtered; a page may hold fewer than `limit` while a cursor says there is more. */
  attempts(subscriptionId: string, options: { limit: number; cursor?: string | undefined; filter?: AttemptFilter | undefined }): Promise<Page<AttemptRecord>>;
  /** Attempts made in [from, to], newest first, at most `max`; `complete` is false when there were more. */
  attemptsBetween(subscriptionId: string, from: string, to: string, max: number): Promise<{ items: AttemptRecord[]; complete: boolean }>;
  deliveriesSince(subscriptionId: string, since: string): Promise<DeliveryRecord[]>;
}

/** Webhook bodies, once per event (keyed by eventKey()), for replay. */
export interface PayloadStore {
  put(eventKey: string, body: string): Promise<void>;
  get(eventKey: string): Promise<string | undefined>;
}

/**
 * Remembers, on an event's payload item, that all its delivery messages were queued: a stream record
 * retried for its feeds hands its event over again, and must not queue (and POST) its deliveries twice.
 */
export interface HandOverMarks {
  /** Stores the body as `PayloadStore.put` does, in the same write; true when the event was marked handed over before. */
  putIfNotHandedOver(eventKey: string, body: string): Promise<boolean>;
  /** After every message of the event is queued. A crash before this only means the next try queues them again. */
  markHandedOver(eventKey: string, body: string): Promise<void>;
}

export interface DeliveryQueue {
  /** One message per delivery, sent in batches; rejects if the queue refused any of them. */
  send(messages: DeliveryMessage[]): Promise<void>;
}

/** Fan-out's view of the queue: each refusal is reported, so one event's failure stays its own. */
export interface FanOutQueue {
  /** Sends what it can; resolves with the messages the queue did not take (empty when all were). */
  sendEach(messages: DeliveryMessage[]): Promise<DeliveryMessage[]>;
}

/** An event fan-out could not hand over, and why. */
export interface FailedEvent {
  event: PreparedEvent;
  reason: string;
}

/** Where events that could not be handed over are parked for an operator (the publish DLQ). */
export interface EventDeadLetters {
  /** Parks failed events; resolves with those it could not park. */
  deadLetter(failed: FailedEvent[]): Promise<PreparedEvent[]>;
}

export type Clock = () => Date;
export type Random = () => number;
