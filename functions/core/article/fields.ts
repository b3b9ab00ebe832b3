/**
 * Field types that many fields of the article schemas use, one instance each, built on first use.
 * zod schemas are immutable, so a shared one checks exactly what a copy per field would, and zod's
 * JSON Schema export inlines each use (`npm run schema` writes the same documents). Built on first use
 * so that a module needing only some schemas (our JSON input, input-schema.ts; the taxonomy file's,
 * ../tagging/taxonomy.ts) does not build the stored `Article`'s: every zod construction runs its initialisers at a cold start.
 */
import * as z from 'zod/mini';
import { lazy } from '../lazy.ts';

export const conceptTypes = ['publisher', 'operation', 'organization', 'place', 'person', 'topic'] as const;
export const conceptType = lazy(() => z.enum(conceptTypes));
/** Subject codes a concept (taxonomy) and its tag (article) carry. */
export const wikidataId = lazy(() => z.string().check(z.regex(/^Q[1-9]\d*$/)));
export const geoNamesId = lazy(() => z.string().check(z.regex(/^[1-9]\d*$/)));
export const mediatopicCode = lazy(() => z.string().check(z.regex(/^medtop:\d{8}$/)));

export const nonEmpty = lazy(() => z.string().check(z.minLength(1)));
export const isoDate = lazy(() => z.iso.datetime({ offset: true }));

/**
 * Images only travel as `https://` URLs: feeds and pages are served over
 * HTTPS, so an `http:` image would be mixed content, and `data:` URLs bloat
 * every feed. The policy that turns a found image into `Media` (or a note) is
 * functions/core/media/accept.ts.
 */
export const httpsUrl = lazy(() => z.url({ protocol: /^https$/ }));
export const pixels = lazy(() => z.int().check(z.gte(1), z.lte(100_000)));
export const mediaType = lazy(() => z.string().check(z.regex(/^[a-z]+\/[a-z0-9][a-z0-9!#$&^_.+-]*$/)));

export const mediaRoles = ['lead', 'inline'] as const;
export const mediaRole = lazy(() => z.enum(mediaRoles));
