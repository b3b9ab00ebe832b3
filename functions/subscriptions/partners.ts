/**
 * Registering partners and rotating their keys (admin only):
 * 1. validate `{id, name}`: id a lowercase slug, name non-empty;
 * 2. draw a key, store only its SHA-256, return the key once (it cannot be shown again);
 * 3. rotation replaces the stored hash in one transaction: the old key stops working at once.
 * A partner key manages only that partner's subscriptions (manage.ts).
 */
import { hashKey, newApiKey } from '#adapters/auth.ts';
import { PartnerExists, PartnerNotFound, type PartnerRepository } from '#adapters/partner-repository.ts';
import { PartnerRequest } from '#core/webhooks/partner-request.ts';
import type { Clock } from '#core/webhooks/ports.ts';


export class PartnerRefused extends Error {
  override readonly name = 'PartnerRefused';
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: 'invalid_partner' | 'partner_exists' | 'partner_not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface PartnerDependencies {
  partners: PartnerRepository;
  clock: Clock;
}

export async function registerPartner(body: unknown, deps: PartnerDependencies): Promise<{ id: string; name: string; apiKey: string }> {
  const parsed = PartnerRequest.safeParse(body);
  if (!parsed.success) {
    throw new PartnerRefused(400, 'invalid_partner', 'body must be {"id": "lowercase-slug", "name": "Display name"} and nothing else');
  }
  const apiKey = newApiKey();
  try {
    await deps.partners.create(parsed.data, hashKey(apiKey), deps.clock().toISOString());
  } catch (error) {
    if (error instanceof PartnerExists) throw new PartnerRefused(409, 'partner_exists', `partner ${parsed.data.id} already exists; rotate its key instead`);
    throw error;
  }
  return { ...parsed.data, apiKey };
}

export async function rotatePartnerKey(id: string, deps: PartnerDependencies): Promise<{ id: string; apiKey: string }> {
  const apiKey = newApiKey();
  try {
    await deps.partners.rotateKey(id, hashKey(apiKey), deps.clock().toISOString());
  } catch (error) {
    if (error instanceof PartnerNotFound) throw new PartnerRefused(404, 'partner_not_found', `no partner ${id}`);
    throw error;
  }
  return { id, apiKey };
}
