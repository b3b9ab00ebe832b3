/**
 * `npm run bench -- near-duplicates`: what near-duplicate detection costs one
 * new article with 200 and with 20,000 articles already filed, on DynamoDB
 * Local: its shingles, signature and bucket keys, the four bucket Queries, the
 * verdict, and the four bucket items written (as one transaction here; at
 * ingest they ride in the article's own). The cost should not grow with the
 * archive: `nearDuplicates.ratio20000vs200` is the time per article at 20,000
 * ÷ at 200 (want ≤ 1.3), beside the candidates the buckets returned per
 * article at each size, which is the cause if it does.
 *
 * The archive is synthetic and deterministic: articles of three paragraphs of
 * words drawn from our own tagging sets' vocabulary, one in ten an edited copy
 * of an earlier one, so some buckets hold clusters as real ones do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, TransactWriteCommand } from '#commons/clients/dynamo-commands.ts';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { DynamoArticleRepository, nearDuplicateItems, nearDuplicateWrites } from '../../functions/adapters/article-repository.ts';
import { nearDuplicateKeys } from '#core/near-duplicates/index.ts';
import { judgeNearDuplicate } from '#core/near-duplicates/lsh.ts';
import { wordsOf } from '#core/near-duplicates/shingles.ts';
import { random } from '#core/tagging/synthetic.ts';
import { documentsFor, startLocalServices } from '../../infra/local/services.ts';

export const name = 'near-duplicates';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SMALL = 200;
const LARGE = 20_000;
const PROBES = 150;

function vocabulary(): string[] {
  const words = new Set<string>();
  for (const set of ['adversarial', 'independent']) {
    const dir = join(root, 'test', 'core', 'tagging', set, 'articles');
    for (const file of readdirSync(dir)) for (const word of wordsOf(readFileSync(join(dir, file), 'utf8'))) words.add(word);
  }
  return [...words];
}

export async function run(): Promise<Record<string, number>> {
  const services = await startLocalServices({ stage: 'bench' });
  const documents = documentsFor(services.dynamoDbEndpoint);
  const repository = new DynamoArticleRepository(documents, services.tableName);
  const words = vocabulary();
  const next = random(7);
  const paragraph = () => Array.from({ length: 40 }, () => words[Math.floor(next() * words.length)]).join(' ');
  const archive: string[][] = [];
  const story = (): string[] => {
    if (archive.length > 10 && next() < 0.1) {
      const original = archive[Math.floor(next() * archive.length)] as string[];
      return [...original.slice(0, 2), paragraph()];
    }
    return [paragraph(), paragraph(), paragraph()];
  };

  /** The newest slot of each bucket seeded so far. */
  const slots = new Map<string, number>();
  const fileUpTo = async (count: number) => {
    const items: Record<string, unknown>[] = [];
    while (archive.length < count) {
      const paragraphs = story();
      archive.push(paragraphs);
      const keys = nearDuplicateKeys({ paragraphs });
      if (!keys) continue;
      // Each filing takes its bucket's next slot, as the repository's lookup would find it.
      const newest = Object.fromEntries(keys.buckets.map((b) => [b, slots.get(b) ?? 0]));
      for (const b of keys.buckets) slots.set(b, (slots.get(b) ?? 0) + 1);
      items.push(...nearDuplicateItems(`a${archive.length}`, { buckets: keys.buckets, signature: keys.encoded, clusterRoot: `a${archive.length}`, newest }));
    }
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    let b = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (b < batches.length) {
          const batch = batches[b++] as Record<string, unknown>[];
          let pending = batch.map((Item) => ({ PutRequest: { Item } }));
          while (pending.length > 0) {
            const result = await documents.send(new BatchWriteCommand({ RequestItems: { [services.tableName]: pending } }));
            pending = (result.UnprocessedItems?.[services.tableName] ?? []) as typeof pending;
          }
        }
      }),
    );
  };

  /** Mean ms and candidates per new article, over PROBES new stories (a tenth of them copies). */
  const probe = async (round: number) => {
    let candidates = 0;
    const started = performance.now();
    for (let i = 0; i < PROBES; i += 1) {
      const paragraphs = story();
      const id = `probe-${round}-${i}`;
      const keys = nearDuplicateKeys({ paragraphs });
      if (!keys) continue;
      const found = await repository.nearDuplicateCandidates(keys.buckets);
      candidates += found.candidates.length;
      const verdict = judgeNearDuplicate(keys.signature, found.candidates, id);
      const filing = { buckets: keys.buckets, signature: keys.encoded, clusterRoot: verdict?.nearDuplicateOf ?? id, newest: found.newest };
      await documents.send(new TransactWriteCommand({ TransactItems: nearDuplicateWrites(services.tableName, id, filing) }));
      for (const b of keys.buckets) slots.set(b, (found.newest[b] ?? 0) + 1);
    }
    return { ms: (performance.now() - started) / PROBES, candidates: candidates / PROBES };
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

  try {
    await fileUpTo(SMALL);
    await probe(0); // warm-up: connections, JIT
    await probe(0);
    const small = [await probe(1), await probe(2), await probe(3)];
    await fileUpTo(LARGE);
    const large = [await probe(4), await probe(5), await probe(6)];
    const smallMs = median(small.map((p) => p.ms));
    const largeMs = median(large.map((p) => p.ms));
    return {
      'nearDuplicates.msPerArticle.200': smallMs,
      'nearDuplicates.msPerArticle.20000': largeMs,
      'nearDuplicates.ratio20000vs200': largeMs / smallMs,
      'nearDuplicates.candidatesPerArticle.200': median(small.map((p) => p.candidates)),
      'nearDuplicates.candidatesPerArticle.20000': median(large.map((p) => p.candidates)),
    };
  } finally {
    await services.stop();
  }
}
