/** URL slug of a headline: lower case, letters and digits of any script, hyphens between words, at most 80 characters. */
const MAX_SLUG_LENGTH = 80;

export function slugify(headline: string): string {
  const words = headline
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // diacritics off: "Raqqah" and "Raqqâh" get one slug
    .toLowerCase()
    .replace(/['’‘`]/g, '') // an apostrophe joins its word: "people’s" → "peoples"
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) break;
    slug = next;
  }
  return slug || words[0]?.slice(0, MAX_SLUG_LENGTH) || 'article';
}
