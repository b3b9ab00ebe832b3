/**
 * What deliver's endpoint reads cost, on the real cache over the real repository and DynamoDB Local: a
 * month's traffic played on a simulated clock (events as a Poisson stream at the cost scenario's rate, each
 * fanned out to every subscription, batches of ten handed to containers at random) reads each endpoint
 * about once per 1 + λT/C messages, as the cost model takes it (bench/cost/model.ts
 * subscriptionReadsPerDelivery), and each read is half a unit: eventually consistent, the profile under 4 KB.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoSubscriptionRepository } from '#adapters/subscription-repository.ts';
import { SecretCipher } from '#adapters/secret-cipher.ts';
import { secretFromBytes } from '#core/webhooks/signer.ts';
import { newSubscription } from '#core/webhooks/subscription.ts';
import { emptyTally, meterDynamo } from '../../bench/cost/meter.ts';
import { subscriptionReadsPerDelivery } from '../../bench/cost/model.ts';
import { CachedSubscriptions } from '../../functions/deliver/subscription-cache.ts';
import { documentsFor } from '../../infra/local/services.ts';
import { useLocalServices } from '../support/services.ts';

const services = await useLocalServices('subscription-reads');

describe('deliver’s endpoint reads', () => {
  it('come to about 1 / (1 + λT/C) a delivery, half a read unit each', async () => {
    // A client of the test's own, metered: the shared one is other tests' too.
    const client = documentsFor(services.dynamoDbEndpoint);
    const repository = new DynamoSubscriptionRepository(client, services.tableName, SecretCipher.fromKey(randomBytes(32)));
    const ids = Array.from({ length: 20 }, () => `sub_${randomBytes(16).toString('hex')}`);
    for (const [i, id] of ids.entries()) {
      const request = { url: `https://hooks${i}.example.org/in`, headers: { authorization: `Bearer ${'t'.repeat(40)}` } };
      await repository.create(newSubscription(request, id, new Date(), { allowLoopback: false }), secretFromBytes(randomBytes(32)));
    }
    const tally = emptyTally();
    meterDynamo(client, tally);

    const eventsPerSecond = 1_000_000 / (30 * 86_400);
    const reads = { cacheSeconds: 30, containers: 4, unitsPerRead: 0.5 };
    let now = 0;
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const containers = Array.from({ length: reads.containers }, () => new CachedSubscriptions(repository, reads.cacheSeconds, () => now));
    let deliveries = 0;
    while (now < 900_000) {
      now += (-Math.log(1 - random()) / eventsPerSecond) * 1000;
      for (let b = 0; b < ids.length; b += 10) {
        const batch = ids.slice(b, b + 10);
        const container = containers[Math.floor(random() * containers.length)]!;
        await container.prefetch(batch);
        for (const id of batch) expect((await container.get(id))?.id).toBe(id);
        deliveries += batch.length;
      }
    }
    const itemsRead = containers.reduce((sum, c) => sum + c.itemsRead, 0);
    const perDelivery = itemsRead / deliveries;
    const expected = subscriptionReadsPerDelivery(eventsPerSecond, reads);
    // A quarter of an hour of a random stream: within a tenth of the model, the containers' first reads included.
    expect(Math.abs(perDelivery - expected) / expected, `${perDelivery} reads a delivery, model ${expected}`).toBeLessThan(0.1);
    expect(tally.dynamo.BatchGetItemCommand!.readUnits / itemsRead).toBe(0.5);
    expect(tally.dynamo.GetItemCommand).toBeUndefined();
  });
});
