/**
 * The body of `POST /subscriptions/{id}/replay`: one delivery by its webhook-id,
 * or everything since a time. The handler validates with this schema and the
 * OpenAPI document is generated from it, so the two cannot drift.
 */
import * as z from 'zod/mini';

/** Longest webhook-id we issue is far shorter; it is part of a table key (sort keys stop at 1,024 bytes). */
export const MAX_DELIVERY_ID_CHARS = 100;

export const ReplayRequest = z.union([
  z.strictObject({ deliveryId: z.string().check(z.regex(new RegExp(`^[A-Za-z0-9_-]{1,${MAX_DELIVERY_ID_CHARS}}$`))) }),
  z.strictObject({ since: z.iso.datetime({ offset: true }) }),
]);
export type ReplayRequest = z.infer<typeof ReplayRequest>;
