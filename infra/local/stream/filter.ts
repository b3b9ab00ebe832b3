/**
 * Lambda event filtering (the part of the pattern language the stack uses),
 * applied to a stream record before the function sees it, as the event source
 * mapping does on AWS: a record the filter rejects counts as processed.
 *
 * A pattern mirrors the record's shape; each leaf is a list of rules, any of
 * which may match: a literal, `{prefix}`, `{exists}` or `{'anything-but'}`.
 */
import { publishStream } from '#infra/definitions.ts';

export type FilterRule = string | number | boolean | null | { prefix: string } | { exists: boolean } | { 'anything-but': readonly unknown[] };
export interface FilterPattern {
  readonly [field: string]: FilterPattern | readonly FilterRule[];
}

/** The publish function's filter, as the stateless stack sets it: only the current state of articles. */
export const articleLatestPattern: FilterPattern = publishStream.filter;

// Array.isArray does not narrow a readonly array.
const isRuleList = (expected: FilterPattern | readonly FilterRule[]): expected is readonly FilterRule[] => Array.isArray(expected);

function ruleMatches(rule: FilterRule, value: unknown, present: boolean): boolean {
  if (rule !== null && typeof rule === 'object') {
    if ('prefix' in rule) return typeof value === 'string' && value.startsWith(rule.prefix);
    if ('exists' in rule) return rule.exists === present;
    return present && !rule['anything-but'].includes(value);
  }
  return present && value === rule;
}

export function matchesFilter(pattern: FilterPattern, record: unknown): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const present = record !== null && typeof record === 'object' && field in record;
    const value = present ? (record as Record<string, unknown>)[field] : undefined;
    if (isRuleList(expected)) return expected.some((rule) => ruleMatches(rule, value, present));
    return present && matchesFilter(expected, value);
  });
}
