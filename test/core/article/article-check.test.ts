import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkArticle } from '#core/article/article-check.ts';
import { Article } from '#core/article/schema.ts';
import { articleCheckFile, articleCheckText } from '../../../tools/article-check/generate.ts';
import { sampleArticle } from '../../support/articles.ts';
import { hostileArticle, illustratedArticle, makeArticle } from '../feeds/fixtures.ts';

/** Both answers for one input, in a form that compares the output's key order and its undefined values too. */
function answers(input: unknown) {
  const zod = Article.safeParse(input);
  const compiled = checkArticle(input);
  const of = (success: boolean, data: unknown, path: unknown) => (success ? { success, data, order: JSON.stringify(data) } : { success, path });
  return {
    zod: of(zod.success, zod.data, zod.error?.issues[0]?.path),
    compiled: of(compiled.success, compiled.success ? compiled.data : undefined, compiled.success ? undefined : compiled.error.issues[0]?.path),
  };
}

const articles = (): unknown[] => [
  sampleArticle(),
  sampleArticle({ standfirst: '', byline: 'Jo', embargoUntil: '2024-05-02T08:00:00+02:00', status: 'embargoed' }),
  illustratedArticle(),
  hostileArticle(),
  makeArticle({ nearDuplicateOf: 'art_first', similarity: 0.93, withdrawnAt: '2024-06-01T00:00:00Z', status: 'withdrawn' }),
];

/** Values that sit on an edge of some check of the schema. */
const edgeValues: unknown[] = [
  undefined, null, true, false, 0, -0, 1, -1, 1.5, 0.5, 100_000, 100_001, 2 ** 53, NaN, Infinity, -Infinity,
  '', ' ', 'x', '\u{1F600}', '\uD800', 'Q1', 'Q0', 'Q12', '0', '12', 'medtop:12345678', 'medtop:1234',
  'published', 'embargoed', 'withdrawn', 'lead', 'inline', 'place', 'topic', 'json', 'ninjs3',
  'https://cdn.example.org/a.jpg', ' https://cdn.example.org/a.jpg\n', 'https://cdn.example.org/\ta.jpg', 'http://cdn.example.org/a.jpg',
  'https:/cdn.example.org', 'https://', 'https://exa mple.org/', 'HTTPS://cdn.example.org/A.JPG', 'ftp://cdn.example.org/a', 'cdn.example.org/a.jpg',
  'image/jpeg', 'IMAGE/JPEG', 'image/svg+xml', '2024-05-01T08:00:00Z', '2024-05-01T08:00:00.123+05:30', '2024-02-30T08:00:00Z',
  '2024-05-01', '2024-05-01T08:00:00', 'a'.repeat(64), 'f'.repeat(64), 'F'.repeat(64),
  [], [''], ['x'], [1], {}, { id: 'x' }, { id: 'x', name: 'y' }, new Date(0),
];

type Path = (string | number)[];

/** Every path to a value inside `value` (objects and arrays included). */
function pathsOf(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [path, ...entries.flatMap(([k, v]) => pathsOf(v, [...path, k]))];
}

type Change = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

function changed(article: unknown, path: Path, change: Change): unknown {
  const copy = structuredClone(article) as Record<string | number, unknown>;
  if (path.length === 0) return change.kind === 'replace' ? change.value : copy;
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((at, key) => at[key] as Record<string | number, unknown>, copy);
  const last = path[path.length - 1]!;
  if (change.kind === 'replace') parent[last] = change.value;
  else if (change.kind === 'delete') delete parent[last];
  else if (typeof parent[last] === 'object' && parent[last] !== null) (parent[last] as Record<string, unknown>)[change.key] = change.value;
  return copy;
}

describe('the compiled Article check (what publish checks stored articles with, without zod)', () => {
  it('is what the generator writes for the schema (run `npm run article-check` after editing schema.ts)', () => {
    expect(readFileSync(articleCheckFile, 'utf8')).toBe(articleCheckText());
  });

  it('accepts the stored articles zod accepts, returning the very same article', () => {
    for (const article of articles()) {
      const { zod, compiled } = answers(article);
      expect(zod.success).toBe(true);
      expect(compiled).toStrictEqual(zod);
    }
  });

  it('answers as zod on any article with one field replaced, removed or given an unknown key: accepted with the same output, or refused at the same path', () => {
    const cases = articles().flatMap((article) => pathsOf(article).map((path) => ({ article, path })));
    const change: fc.Arbitrary<Change> = fc.oneof(
      fc.record({ kind: fc.constant('replace' as const), value: fc.constantFrom(...edgeValues) }),
      fc.record({ kind: fc.constant('replace' as const), value: fc.anything() }),
      fc.constant({ kind: 'delete' as const }),
      fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom('extra', 'pk', 'constructor', 'toString'), value: fc.constantFrom(...edgeValues) }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...cases), change, ({ article, path }, c) => {
        const { zod, compiled } = answers(changed(article, path, c));
        expect(compiled).toStrictEqual(zod);
      }),
      { numRuns: 1000 },
    );
  });

  it('tries every edge value at every path of every article', () => {
    let refused = 0;
    for (const article of articles()) {
      for (const path of pathsOf(article)) {
        for (const value of edgeValues) {
          const { zod, compiled } = answers(changed(article, path, { kind: 'replace', value }));
          expect(compiled, `${path.join('.')} = ${String(value)}`).toStrictEqual(zod);
          if (!zod.success) refused += 1;
        }
      }
    }
    expect(refused).toBeGreaterThan(1000); // the edges do reach the checks
  });

  it('refuses what is not an object at all, naming the root', () => {
    for (const input of [undefined, null, 'article', 42, [sampleArticle()]]) expect(answers(input).compiled).toEqual({ success: false, path: [] });
  });
});
