/**
 * IPTC ninjs 2.x (all-lower-case field names: `versioncreated`, `headlines`,
 * `bodies[].contenttype`, `infosources`). The 1.x names still common in the
 * wild (`headline`, `body_html`, `body_text`, `description_text`, `byline`)
 * are read too, so a feed that has not migrated is not refused.
 */
import * as z from 'zod/mini';
import type { ParsedArticle } from '../article/schema.ts';
import { lazy } from '../lazy.ts';
import { parseOrRefuse } from './issues.ts';
import { ninjsToParsed, type NinjsText } from './ninjs-common.ts';

/** Built on the first ninjs 2.x item: a container may never receive one (lazy.ts says why it matters). */
const ninjs2Item = lazy(() => {
  const text = z.object({ value: z.string(), role: z.optional(z.string()), contenttype: z.optional(z.string()) });
  return z.object({
    uri: z.string().check(z.minLength(1)),
    headlines: z.optional(z.array(text)),
    headline: z.optional(z.string()),
    bodies: z.optional(z.array(text)),
    body_html: z.optional(z.string()),
    body_text: z.optional(z.string()),
    descriptions: z.optional(z.array(text)),
    description_text: z.optional(z.string()),
    description_html: z.optional(z.string()),
    by: z.optional(z.string()),
    byline: z.optional(z.string()),
    language: z.optional(z.string()),
    firstcreated: z.optional(z.string()),
    versioncreated: z.optional(z.string()),
    embargoed: z.optional(z.string()),
    type: z.optional(z.string()),
    pubstatus: z.optional(z.enum(['usable', 'withheld', 'canceled'])),
    infosources: z.optional(z.array(z.object({ name: z.optional(z.string()), role: z.optional(z.string()) }))),
    copyrightholder: z.optional(z.string()),
    /** Pictures (read by ninjs-media.ts): a list in 2.x and 3.x, an object keyed by name in 1.x. */
    associations: z.optional(z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())])),
  });
});

type Ninjs2Text = NonNullable<z.infer<ReturnType<typeof ninjs2Item>>['headlines']>[number];

const aligned = (t: Ninjs2Text): NinjsText => ({ value: t.value, role: t.role, contentType: t.contenttype });

export function parseNinjs2(data: Record<string, unknown>): ParsedArticle {
  const item = parseOrRefuse(ninjs2Item(), data, 'ninjs 2.x item');
  const legacy = (value: string | undefined, contentType: string) => (value === undefined ? [] : [{ value, contentType }]);
  return ninjsToParsed(
    {
      uri: item.uri,
      headlines: item.headlines?.map(aligned) ?? legacy(item.headline, 'text/plain'),
      bodies: item.bodies?.map(aligned) ?? [...legacy(item.body_html, 'text/html'), ...legacy(item.body_text, 'text/plain')],
      descriptions: item.descriptions?.map(aligned) ?? [...legacy(item.description_text, 'text/plain'), ...legacy(item.description_html, 'text/html')],
      by: item.by ?? item.byline,
      language: item.language,
      firstCreated: item.firstcreated,
      versionCreated: item.versioncreated,
      embargoed: item.embargoed,
      type: item.type,
      pubStatus: item.pubstatus,
      infoSources: item.infosources ?? [],
      copyrightHolder: item.copyrightholder,
      associations: item.associations,
      names: { bodies: 'bodies', headlines: 'headlines', firstCreated: 'firstcreated', versionCreated: 'versioncreated', embargoed: 'embargoed' },
    },
    'ninjs2',
    [],
  );
}
