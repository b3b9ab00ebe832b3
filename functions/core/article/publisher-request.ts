/** What `POST /publishers` accepts: validated by ingest, published in the OpenAPI document. */
import * as z from 'zod/mini';

export const PublisherRequest = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
});
