/**
 * What `POST /publishers` accepts: validated by ingest, published in the OpenAPI document. Built on the
 * first registration, an admin request most containers never serve (lazy.ts says why it matters).
 */
import * as z from 'zod/mini';
import { lazy } from '../lazy.ts';

export const publisherRequest = lazy(() =>
  z.object({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
    name: z.string().check(z.minLength(1), z.maxLength(200)),
  }),
);
