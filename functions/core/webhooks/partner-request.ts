/** What `POST /partners` accepts: validated by the subscriptions function, published in the OpenAPI document. */
import * as z from 'zod/mini';
import { PARTNER_ID } from './subscription.ts';

export const PartnerRequest = z.strictObject({
  id: z.string().check(z.regex(PARTNER_ID)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
});
