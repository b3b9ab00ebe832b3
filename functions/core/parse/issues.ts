/**
 * Schema violations in words a publisher can act on: which field, what was
 * wrong. zod/mini ships no message locale (it keeps bundles small), so the
 * messages are built here from the issue codes.
 */
import type * as z from 'zod/mini';
import { ArticleRefused } from '../article/errors.ts';

type Issue = z.core.$ZodIssue;

/** `bodies[0].value` style path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describe(issue: Issue, data: unknown): string {
  const present = valueAt(data, issue.path) !== undefined;
  switch (issue.code) {
    case 'invalid_type':
      return present ? `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}` : 'is required';
    case 'invalid_union':
      return present ? 'has the wrong type' : 'is required';
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array' ? 'must not be empty' : `must be at least ${issue.minimum}`;
    case 'too_big':
      return `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return `must be a valid ${issue.format === 'datetime' ? 'ISO 8601 date-time with offset' : issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return 'is invalid';
  }
}

/** All violations in one sentence, e.g. "field headline is required; field canonicalUrl must be a valid url". */
export function describeIssues(issues: readonly Issue[], data: unknown): string {
  // The first few are enough to act on; a list of every bad entry of a huge array is not.
  const shown = issues.slice(0, 10).map((issue) => `field ${fieldPath(issue.path).slice(0, 100) || '(root)'} ${describe(issue, data)}`);
  return [...shown, ...(issues.length > 10 ? [`and ${issues.length - 10} more`] : [])].join('; ');
}

/** Parses `data` with `schema` or refuses with `invalid_article`, naming every bad field. */
export function parseOrRefuse<T>(schema: z.ZodMiniType<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ArticleRefused('invalid_article', `invalid ${what}: ${describeIssues(result.error.issues, data)}`);
}
