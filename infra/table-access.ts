/**
 * What each Lambda may do in the table: exactly the DynamoDB actions its code calls, on the partitions
 * whose keys it builds (`dynamodb:LeadingKeys`: a partition-key value must start with one of these).
 * test/infra/stacks/least-privilege.test.ts derives both lists from each handler's code (the SDK
 * commands and transaction items it can reach, the key builders of functions/adapters/keys.ts it
 * calls) and compares them with this file and with the synthesised policy.
 *
 * Pure data, like infra/definitions.ts. A transaction (TransactWriteItems) is authorised item by item
 * as PutItem, UpdateItem, DeleteItem or ConditionCheckItem, so those are what it is granted as.
 */
import type { LambdaName } from './definitions.ts';

export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem' | 'Query' | 'Scan' | 'BatchGetItem' | 'BatchWriteItem';

export interface TableAccess {
  readonly actions: readonly TableAction[];
  /** Partition-key prefixes (`ARTICLE#`) or whole partition keys (`EMBARGO`). */
  readonly partitions: readonly string[];
  /**
   * What the code does in each partition, when granted partition by partition (the union is `actions`
   * on `partitions`); without it, every action is granted on every partition.
   */
  readonly byPartition?: Readonly<Record<string, readonly TableAction[]>>;
}

export const tableAccess: Record<LambdaName, TableAccess> = {
  /**
   * Articles, their locks, embargoes and near-duplicate buckets in one transaction; publishers and API keys
   * for auth and the publishers routes, the publisher directory (PUBLISHERS, written with each profile); the
   * event pull channel (EVENTLOG, read only); lists read the feed index (FEED#, Query; publish writes it)
   * and the articles it names (BatchGetItem).
   */
  ingest: {
    actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'BatchGetItem'],
    partitions: ['ARTICLE#', 'FINGERPRINT#', 'SOURCE#', 'FEED#', 'EMBARGO', 'WITHDRAWN', 'EVENTLOG', 'PUBLISHER#', 'PUBLISHERS', 'APIKEY#', 'NEARDUP#'],
  },
  /** Subscriptions, their tag index, listing and delivery log; event bodies for replay; partners and their keys; API keys to authenticate callers. */
  subscriptions: {
    actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
    partitions: ['SUBSCRIPTION#', 'SUBSCRIBERS#', 'SUBSCRIPTIONS', 'EVENT#', 'PARTNER#', 'PUBLISHER#', 'APIKEY#'],
  },
  /**
   * Writes the feed index from the stream (FEED#: BatchWriteItem of each changed article's entries) and
   * reads it back, with the articles it lists (ARTICLE#, BatchGetItem) and which subscriptions want an
   * event; writes each event's webhook body once (EVENT#), so deliveries to every subscriber share it, and marks it handed over there;
   * reads and writes each feed's state and archive page items (FEEDSTATE#: GetItem, Query, PutItem of a page,
   * UpdateItem of the state item, which also carries the feed's render lease, a page cut as a transaction of a Put and an Update);
   * appends each event to the pull channel (EVENTLOG counter and entries, EVENTLOGID# once-only items; the counter is read first).
   */
  publish: {
    actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'BatchGetItem', 'BatchWriteItem'],
    partitions: ['ARTICLE#', 'FEED#', 'FEEDSTATE#', 'SUBSCRIBERS#', 'EVENT#', 'EVENTLOG', 'EVENTLOGID#'],
    // Granted partition by partition: publish writes the feed index, its state (with its leases) and the events, and
    // only reads the rest, so a fault in one part of its code cannot touch another's items. The derivation
    // errs towards granting too much (a call through a port reaches every same-named method): the pull
    // channel's Query and the once-only items' GetItem are such.
    byPartition: {
      'ARTICLE#': ['BatchGetItem'],
      'EVENT#': ['PutItem'],
      EVENTLOG: ['GetItem', 'PutItem', 'Query'],
      'EVENTLOGID#': ['GetItem', 'PutItem'],
      'FEED#': ['BatchWriteItem', 'Query'],
      'FEEDSTATE#': ['GetItem', 'PutItem', 'Query', 'UpdateItem'],
      'SUBSCRIBERS#': ['Query'],
    },
  },
  /**
   * Subscriptions (a batch's endpoints in one BatchGetItem; endpoint health, circuit, disabling: profile, tag index and
   * listing together), the delivery log (a batch's entries in one BatchWriteItem: attempts, and first deliveries, one item each) and the event bodies it sends.
   */
  deliver: {
    actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'BatchGetItem', 'BatchWriteItem'],
    partitions: ['SUBSCRIPTION#', 'SUBSCRIBERS#', 'SUBSCRIPTIONS', 'EVENT#'],
  },
  /** The console function serves files it was deployed with: no table access at all. */
  console: { actions: [], partitions: [] },
};

/** The `dynamodb:LeadingKeys` patterns of an access: a prefix ending in `#` matches any key after it. */
export const leadingKeyPatterns = (access: Pick<TableAccess, 'partitions'>): string[] => access.partitions.map((p) => (p.endsWith('#') ? `${p}*` : p));

/** The statements an access is granted as: one per set of actions, on the partitions that need exactly that set. */
export function tableGrants(access: TableAccess): Array<{ actions: TableAction[]; partitions: string[] }> {
  if (!access.byPartition) return access.actions.length > 0 ? [{ actions: [...access.actions], partitions: [...access.partitions] }] : [];
  const grouped = new Map<string, { actions: TableAction[]; partitions: string[] }>();
  for (const [partition, actions] of Object.entries(access.byPartition)) {
    const sorted = [...actions].sort();
    const group = grouped.get(sorted.join()) ?? { actions: sorted, partitions: [] };
    group.partitions.push(partition);
    grouped.set(sorted.join(), group);
  }
  return [...grouped.values()];
}
