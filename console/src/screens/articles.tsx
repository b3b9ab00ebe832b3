/** Search articles by tag, publisher and status (newest first), a page at a time. */
import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { formatTime } from '../format.ts';
import { pageOf, publisherOf, type ArticleSummary } from '../model.ts';
import { href, hrefWith, navigate, type Location } from '../router.ts';
import type { Session } from '../session.ts';
import { ErrorSummary, Failed, Field, Loading, Table, Tag, Title, useLoad, type Problem } from '../ui.tsx';

export function Articles({ session, location }: { session: Session; location: Location }) {
  const search = { tag: location.params.get('tag') ?? '', publisher: location.params.get('publisher') ?? '', status: location.params.get('status') ?? '' };
  const cursor = location.params.get('cursor') ?? undefined;
  const page = useLoad(async () => pageOf<ArticleSummary>(await session.api.get(`/articles${query({ ...search, limit: 20, cursor })}`), 'articles'), [location.params.toString()]);
  return (
    <>
      <Title>Articles</Title>
      <SearchForm key={location.params.toString()} initial={search} />
      {page.error ? <Failed error={page.error} retry={page.reload} /> : null}
      {!page.data && !page.error ? <Loading what="articles" /> : null}
      {page.data && page.data.items.length === 0 ? <p>No articles match.</p> : null}
      {page.data && page.data.items.length > 0 ? (
        <Table caption="Articles, newest first">
          <thead><tr><th scope="col">Headline</th><th scope="col">Publisher</th><th scope="col">Status</th><th scope="col">Updated</th></tr></thead>
          <tbody>
            {page.data.items.map((a) => (
              <tr key={a.id}>
                <td><a href={href('articles', a.id)}>{a.headline}</a><span class="hint">version {a.version}</span></td>
                <td>{publisherOf(a)}</td>
                <td><Tag value={a.status ?? 'published'} /></td>
                <td>{formatTime(a.updatedAt ?? a.publishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {page.data?.cursor ? <a href={hrefWith({ ...search, cursor: page.data.cursor }, 'articles')}>Older articles</a> : null}
    </>
  );
}

function SearchForm({ initial }: { initial: { tag: string; publisher: string; status: string } }) {
  const [draft, setDraft] = useState(initial);
  const [problem, setProblem] = useState<Problem>();
  const submit = (event: Event) => {
    event.preventDefault();
    // Each listing is one feed (all, a tag's or a publisher's), so the API takes one of the two.
    if (draft.tag && draft.publisher) return setProblem({ field: 'search-publisher', message: 'Search by a tag or by a publisher, not both' });
    setProblem(undefined);
    navigate(hrefWith(draft, 'articles'));
  };
  return (
    <form role="search" aria-label="Search articles" noValidate onSubmit={submit}>
      <ErrorSummary problems={problem ? [problem] : []} />
      <div class="inline-fields">
        <Field id="search-tag" label="Tag id">
          <input id="search-tag" type="search" spellcheck={false} value={draft.tag} onInput={(e) => setDraft({ ...draft, tag: e.currentTarget.value.trim() })} />
        </Field>
        <Field id="search-publisher" label="Publisher id" error={problem?.message}>
          <input id="search-publisher" type="search" spellcheck={false} value={draft.publisher} onInput={(e) => setDraft({ ...draft, publisher: e.currentTarget.value.trim() })} />
        </Field>
        <Field id="search-status" label="Status">
          <select id="search-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}>
            <option value="">Published</option>
            <option value="withdrawn">Withdrawn</option>
            <option value="embargoed">Embargoed</option>
          </select>
        </Field>
      </div>
      <button type="submit" class="button secondary">Search</button>
    </form>
  );
}
