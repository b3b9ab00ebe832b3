/**
 * What a partner is told when a subscription request is wrong, in one place
 * for every route that takes one (create today, PATCH later): which field,
 * what is allowed there, and for a tag that does not exist, the tags it
 * probably meant. Also the two rules zod's shapes cannot say: no control
 * characters in text that is stored and shown, and URLs stored in their
 * canonical (WHATWG) form so the same target is always the same string.
 */
import type * as z from 'zod/mini';
import { articleEventTypes } from '../article/events.ts';
import { shippedConceptIds, shippedConceptLabel } from '../tagging/concept-labels.ts';

type Issue = z.core.$ZodIssue;

const controlCharacters = /[\u0000-\u001F\u007F-\u009F]/;

/** One sentence for the first problem zod found, naming the valid values where there is a list of them. */
export function describeSubscriptionIssue(issue: Issue | undefined, input: unknown): string {
  if (!issue) return 'invalid subscription';
  const where = issue.path.map(String).join('.');
  const given = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
  if (issue.path[0] === 'events' && issue.path.length === 2) {
    return `${where}: ${JSON.stringify(typeof given === 'string' ? given.slice(0, 60) : given)} is not an event type; valid types are ${articleEventTypes.join(', ')}`;
  }
  if (issue.path[0] === 'tags' && issue.path.length === 2) {
    return `${where}: ${JSON.stringify(typeof given === 'string' ? given.slice(0, 60) : given)} is not a tag id (lowercase letters, digits, . _ : -, e.g. "syria")`;
  }
  return `${where ? `${where}: ` : ''}${issue.message}`;
}

/** The problem with the free text of a request (url, description), or undefined. */
export function textProblem(fields: Record<string, string | undefined>): string | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && controlCharacters.test(value)) return `${name}: contains control characters`;
  }
  return undefined;
}

/** The URL as stored: WHATWG-serialised (lower-case scheme and host, default port dropped, path escaped). */
export function canonicalTargetUrl(url: string): string {
  const parsed = URL.parse(url.trim());
  return parsed ? parsed.href : url;
}

/**
 * True when `id` names a taxonomy concept (publisher ids registered at run time are checked by the caller).
 * Read from the concept labels, not the whole taxonomy: the subscriptions function needs only the ids.
 */
export const isTaxonomyTag = (id: string): boolean => shippedConceptLabel(id) !== undefined;

/** Edit distance, capped: only "close enough to suggest" matters. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** Taxonomy ids spelled close to `id` (at most two edits, or one of them contains the other), best first. */
export function closeTags(id: string, limit = 3): string[] {
  const cap = id.length <= 4 ? 1 : 2;
  return [...shippedConceptIds()]
    .map((known) => ({ known, d: known.includes(id) || id.includes(known) ? (known === id ? 0 : 1.5) : distance(id, known, cap) }))
    .filter((c) => c.d <= cap)
    .sort((a, b) => a.d - b.d || a.known.localeCompare(b.known))
    .slice(0, limit)
    .map((c) => c.known);
}

/** The refusal message for tags nobody can carry, each with its close spellings. */
export function unknownTagsMessage(unknown: readonly string[]): string {
  const listed = unknown.map((id) => {
    const close = closeTags(id);
    return close.length ? `"${id}" (did you mean ${close.map((c) => `"${c}"`).join(' or ')}?)` : `"${id}"`;
  });
  return `tags: unknown tag ${unknown.length === 1 ? 'id' : 'ids'} ${listed.join(', ')}; tags are taxonomy concept ids (e.g. "syria") or registered publisher ids`;
}

/** Tags no article can carry: not in the taxonomy and not a registered publisher (looked up by the caller, if it can). */
export async function unknownTags(tags: readonly string[], isPublisher?: (id: string) => Promise<boolean>): Promise<string[]> {
  const unknown: string[] = [];
  for (const tag of tags) if (!isTaxonomyTag(tag) && !(isPublisher && (await isPublisher(tag)))) unknown.push(tag);
  return unknown;
}
