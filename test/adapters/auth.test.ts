import { describe, expect, it } from 'vitest';
import type { DynamoDocuments } from '#commons/clients/dynamo-documents.ts';
import { Authenticator, AuthFailure, hashKey, newApiKey, requireAccess, requirePublisher } from '../../functions/adapters/auth.ts';
import { DynamoPartnerRepository } from '../../functions/adapters/partner-repository.ts';
import { DynamoPublisherRepository, PublisherExists } from '../../functions/adapters/publisher-repository.ts';
import { useLocalServices } from '../support/services.ts';

const services = await useLocalServices('auth');
const publishers = new DynamoPublisherRepository(services.documents, services.tableName);
const adminKey = 'admin-key-for-tests';
const auth = new Authenticator(publishers, async () => adminKey);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AuthFailure);
  return error as AuthFailure;
};

describe('API keys', () => {
  it('resolve the admin key and a publisher key; the table holds only the hash', async () => {
    const key = newApiKey();
    await publishers.create({ id: 'quay-times', name: 'Quay Times' }, hashKey(key), '2024-01-01T00:00:00.000Z');
    expect(await auth.authenticate(bearer(adminKey))).toEqual({ kind: 'admin' });
    expect(await auth.authenticate({ Authorization: `Bearer ${key}` })).toEqual({ kind: 'publisher', publisherId: 'quay-times' });
    expect(JSON.stringify(await services.scanAll())).not.toContain(key);
  });

  it('answer 401 for a missing, malformed or unknown key, without echoing it', async () => {
    expect((await failure(auth.authenticate({}))).status).toBe(401);
    expect((await failure(auth.authenticate({ authorization: 'Basic abc' }))).status).toBe(401);
    const unknown = await failure(auth.authenticate(bearer('synd_not-a-real-key')));
    expect(unknown.status).toBe(401);
    expect(unknown.message).not.toContain('synd_not-a-real-key');
  });

  it('stop working the moment the key is rotated', async () => {
    const first = newApiKey();
    await publishers.create({ id: 'tide-daily', name: 'Tide Daily' }, hashKey(first), '2024-01-01T00:00:00.000Z');
    const second = newApiKey();
    await publishers.rotateKey('tide-daily', hashKey(second));
    expect((await failure(auth.authenticate(bearer(first)))).status).toBe(401);
    expect(await auth.authenticate(bearer(second))).toEqual({ kind: 'publisher', publisherId: 'tide-daily' });
  });

  it('cannot register a publisher id twice', async () => {
    await publishers.create({ id: 'pier-post', name: 'Pier Post' }, hashKey(newApiKey()), '2024-01-01T00:00:00.000Z');
    await expect(publishers.create({ id: 'pier-post', name: 'Pier Post' }, hashKey(newApiKey()), '2024-01-01T00:00:00.000Z')).rejects.toBeInstanceOf(PublisherExists);
  });

  it('let a publisher write only its own articles', () => {
    expect(() => requirePublisher({ kind: 'publisher', publisherId: 'a' }, 'a')).not.toThrow();
    expect(() => requirePublisher({ kind: 'admin' }, 'a')).not.toThrow();
    expect(() => requirePublisher({ kind: 'publisher', publisherId: 'a' }, 'b')).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('resolve a partner key to its partner, which reaches partner routes only and never writes articles', async () => {
    const partners = new DynamoPartnerRepository(services.documents, services.tableName);
    const key = newApiKey();
    await partners.create({ id: 'ferry-watch', name: 'Ferry Watch' }, hashKey(key), '2024-01-01T00:00:00.000Z');
    const partner = await auth.authenticate(bearer(key));
    expect(partner).toEqual({ kind: 'partner', partnerId: 'ferry-watch' });
    expect(() => requireAccess(partner, 'partner')).not.toThrow();
    expect(() => requireAccess(partner, 'publisher')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => requireAccess(partner, 'admin')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => requireAccess({ kind: 'publisher', publisherId: 'a' }, 'partner')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => requireAccess({ kind: 'admin' }, 'partner')).not.toThrow();
    expect(() => requirePublisher(partner, 'a')).toThrow(expect.objectContaining({ status: 403 }));
    expect(JSON.stringify(await services.scanAll())).not.toContain(key);
  });
});
