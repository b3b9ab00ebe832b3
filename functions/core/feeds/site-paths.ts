/**
 * Where the public site's pages live, defined once. The publish step writes a
 * page at `pageKey(page)` in the bucket, beside `feeds/`; CloudFront (and the
 * local feed server) serve it at `pageUrl(base, page)`; feeds link to the same
 * URL. Keeping key and URL in one function means a feed can never point at a
 * page that is stored somewhere else.
 *
 * Pages are plain `.html` objects so S3 serves them with no rewriting (no
 * directory index, no CloudFront function needed).
 */

/** Feed keys as the table names them (`all`, `tag/{id}`, `publisher/{id}`). */
type FeedKeyLike = 'all' | `tag/${string}` | `publisher/${string}`;

export type SitePage =
  | { kind: 'home' }
  | { kind: 'article'; id: string }
  | { kind: 'tag'; id: string }
  | { kind: 'publisher'; id: string };

/** Bucket prefix of every page. */
export const PAGES_PREFIX = 'pages/';

const folders = { article: 'articles', tag: 'tags', publisher: 'publishers' } as const;

/** Path of a page under the site base, each segment as given (the bucket key form). */
function pagePath(page: SitePage, encode: (segment: string) => string): string {
  if (page.kind === 'home') return `${PAGES_PREFIX}index.html`;
  return `${PAGES_PREFIX}${folders[page.kind]}/${encode(page.id)}.html`;
}

/** The page's object key in the bucket, e.g. `pages/articles/{id}.html`. */
export function pageKey(page: SitePage): string {
  return pagePath(page, (segment) => segment);
}

/** The page's public URL under `baseUrl` (the feeds' public base: pages are served beside the feeds). */
export function pageUrl(baseUrl: string, page: SitePage): string {
  return `${baseUrl.replace(/\/+$/, '')}/${pagePath(page, encodeURIComponent)}`;
}

/** The page a feed belongs to: the home page for everything, else the tag's or the publisher's page. */
export function feedPage(key: FeedKeyLike): SitePage {
  if (key === 'all') return { kind: 'home' };
  if (key.startsWith('tag/')) return { kind: 'tag', id: key.slice('tag/'.length) };
  return { kind: 'publisher', id: key.slice('publisher/'.length) };
}

/** The article page, the link of a feed item whose article has no page of its publisher's. */
export const articlePage = (id: string): SitePage => ({ kind: 'article', id });
