/**
 * `node --import tsx bench/ingest-transaction.ts [FILE]`: the items of one article's ingest transaction,
 * each with its size as DynamoDB measures it and the write units it costs in a transaction (2 per KB,
 * rounded up per item: bench/cost/meter.ts counts them the same way), for the reference article (or FILE,
 * a text article). The transaction is the one the repository builds; it is captured, not sent, so this
 * needs no table. Also prints what publish writes for the same article's feed index (1 unit per entry).
 */
import { readFileSync } from 'node:fs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { nearDuplicateKeys } from '../functions/core/near-duplicates/index.ts';
import { createTagger } from '../functions/core/tagging/tagger.ts';
import { DynamoArticleRepository } from '../functions/adapters/article-repository.ts';
import { feedEntryItems } from '../functions/adapters/article-item.ts';
import { articleCore } from '../functions/ingest/article-core.ts';
import { articleState, sourceHashOf } from '../functions/ingest/article-state.ts';
import { articleMix } from './cost/articles.ts';
import { itemSize } from './cost/meter.ts';

const text = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : articleMix()[0]!.text;
const now = new Date();
const core = articleCore(createTagger(), { now: () => now });
const article = articleState(core.process({ bytes: new TextEncoder().encode(text), contentType: 'text/plain; charset=utf-8' }, undefined).article, { version: 1, now });

type Put = { Put?: { Item: Record<string, unknown> }; Delete?: unknown };
let items: Put[] = [];
const capture = { send: async (command: { input: { TransactItems: Put[] } }) => ((items = command.input.TransactItems), {}) };
const keys = nearDuplicateKeys({ standfirst: article.standfirst, paragraphs: article.body });
const sourceHash = sourceHashOf(article);
await new DynamoArticleRepository(capture as unknown as DynamoDocuments, 'table').write({
  after: article,
  objects: { raw: `originals/${article.id}/v1-0123456789ab.txt`, json: `articles/${article.id}/v1.json`, ninjs: `articles/${article.id}/v1.ninjs.json` },
  ...(sourceHash ? { sourceHash } : {}),
  ...(keys ? { nearDuplicate: { buckets: keys.buckets, signature: keys.encoded, clusterRoot: article.id, newest: {} } } : {}),
});

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
let total = 0;
for (const action of items) {
  const item = action.Put?.Item;
  const bytes = item ? itemSize(marshall(item, { removeUndefinedValues: true })) : 0;
  total += 2 * units(bytes);
  console.log(`${String(item?.pk ?? '(not a put)').split('#')[0]!.padEnd(12)} ${String(item?.sk ?? '').slice(0, 14).padEnd(14)} ${String(bytes).padStart(6)} B  ${2 * units(bytes)} units`);
}
const entries = feedEntryItems(article);
const entryUnits = entries.reduce((sum, e) => sum + units(itemSize(marshall(e.item))), 0);
console.log(`ingest transaction: ${items.length} items, ${total} write units (${article.tags.length} tags)`);
console.log(`feed index, written by publish: ${entries.length} entries, ${entryUnits} write units`);
