/** IPTC ninjs 3.x: the 2.x model with camelCase field names (`versionCreated`, `infoSources`, `bodies[].contentType`). */
import * as z from 'zod/mini';
import type { ParsedArticle } from '../article/schema.ts';
import { lazy } from '../lazy.ts';
import { parseOrRefuse } from './issues.ts';
import { ninjsToParsed } from './ninjs-common.ts';

/** Built on the first ninjs 3.x item: a container may never receive one (lazy.ts says why it matters). */
const ninjs3Item = lazy(() => {
  const text = z.object({ value: z.string(), role: z.optional(z.string()), contentType: z.optional(z.string()) });
  return z.object({
    uri: z.string().check(z.minLength(1)),
    headlines: z.optional(z.array(text)),
    bodies: z.optional(z.array(text)),
    descriptions: z.optional(z.array(text)),
    by: z.optional(z.string()),
    language: z.optional(z.string()),
    firstCreated: z.optional(z.string()),
    versionCreated: z.optional(z.string()),
    embargoed: z.optional(z.string()),
    type: z.optional(z.string()),
    pubStatus: z.optional(z.enum(['usable', 'withheld', 'canceled'])),
    infoSources: z.optional(z.array(z.object({ name: z.optional(z.string()), role: z.optional(z.string()) }))),
    copyrightHolder: z.optional(z.string()),
    /** Pictures (read by ninjs-media.ts): a list in 2.x and 3.x, an object keyed by name in 1.x. */
    associations: z.optional(z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())])),
  });
});

export function parseNinjs3(data: Record<string, unknown>): ParsedArticle {
  const item = parseOrRefuse(ninjs3Item(), data, 'ninjs 3.x item');
  return ninjsToParsed(
    {
      uri: item.uri,
      headlines: item.headlines ?? [],
      bodies: item.bodies ?? [],
      descriptions: item.descriptions ?? [],
      by: item.by,
      language: item.language,
      firstCreated: item.firstCreated,
      versionCreated: item.versionCreated,
      embargoed: item.embargoed,
      type: item.type,
      pubStatus: item.pubStatus,
      infoSources: item.infoSources ?? [],
      copyrightHolder: item.copyrightHolder,
      associations: item.associations,
      names: { bodies: 'bodies', headlines: 'headlines', firstCreated: 'firstCreated', versionCreated: 'versionCreated', embargoed: 'embargoed' },
    },
    'ninjs3',
    [],
  );
}
