/**
 * Stands in for `dayjs` in the Lambda bundles (see `bundleAliases` in bundling.ts). sanitize-html calls one
 * function of `launder`, `naughtyHref` (the URL-scheme check), but launder is CommonJS, so its whole module
 * is bundled with the date library its date helpers require at load time (~7 KB) and sanitize-html never
 * calls. Any call throws, naming this file, so a future caller fails loudly in its first test.
 */
export default function dayjs(): never {
  throw new Error('dayjs is not bundled (infra/constructs/dayjs-absent.ts): a bundled module called a date helper of launder');
}
