/**
 * Stands in for `postcss` in the Lambda bundles (see `bundleAliases` in bundling.ts). sanitize-html
 * requires postcss at load time but calls it only to filter an allowed `style` attribute, and the
 * core's sanitiser allows none, so postcss and its source-map machinery (~90 KB) would never run.
 * If a future allow-list admitted `style`, sanitize-html catches this error and drops the attribute:
 * the failure is closed (no style survives), never open.
 */
export function parse(): never {
  throw new Error('postcss is not bundled: style attributes are not sanitised, so they are dropped');
}
