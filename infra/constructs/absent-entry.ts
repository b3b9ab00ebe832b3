/**
 * Stands in for a handler entry that is not in this checkout yet, and only while a stack's bundling is
 * skipped (see `SyndicateFunction.entryFor`): nothing is built from it and it is never deployed. If a
 * function somehow ran it, it fails instead of pretending to work.
 */
export const handler = (): never => {
  throw new Error('handler entry was absent when this function was synthesised');
};
