/**
 * The id of an article event in the pull channel (`GET /events`): derived from the event's identity
 * (webhook-id.ts `eventKey`), so appending the same event again, from a retried stream batch, finds
 * the id already taken. Not a webhook-id: those also depend on the subscription.
 */
import { createHash } from 'node:crypto';

export const eventIdOfKey = (key: string): string => `evt_${createHash('sha256').update(key).digest('base64url').slice(0, 27)}`;
