/**
 * Stands in for `node:process` in the Lambda bundles (see `bundleAliases` in bundling.ts): the running
 * process's own object, as the module gives it. Imported as an ES module, Node builds the module's
 * namespace by reading every property of `process`, getters included, so `process.stdin` is created at
 * import: 2-3 ms of each cold start for a stream no function reads. The SDK's user-agent code imports
 * `env` and `versions` this way. A bundled import of a name not listed here fails the build, not a
 * function at run time.
 */
export default process;
export const env = process.env;
export const versions = process.versions;
