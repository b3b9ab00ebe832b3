/**
 * A publisher as `GET /publishers` lists it (adapters/publisher-directory.ts writes it, the console shows
 * it). Only what may be shown: never a key or its hash. A bare type with no imports, so the console can
 * share it (its TypeScript project has no Node types).
 */

/** `active`: it holds a key. `no_key`: registered on first sight in admin-posted content; rotating issues its first key. */
export type PublisherStatus = 'active' | 'no_key';

export interface ListedPublisher {
  id: string;
  name: string;
  createdAt: string;
  status: PublisherStatus;
  /** The current key's id (`key_` and 12 hex digits of its SHA-256); absent without a key. */
  keyId?: string;
  /** When the current key was issued (registration or the last rotation). */
  keyIssuedAt?: string;
}
