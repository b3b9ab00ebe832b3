/** Every subscription this key may see (a partner sees only its own), a page at a time. */
import { path, query } from '../api.ts';
import { formatTime } from '../format.ts';
import { pageOf, type Subscription } from '../model.ts';
import { href, hrefWith, type Location } from '../router.ts';
import type { Session } from '../session.ts';
import { Failed, Loading, Table, Tag, Title, useLoad } from '../ui.tsx';

export function Subscriptions({ session, location }: { session: Session; location: Location }) {
  const cursor = location.params.get('cursor') ?? undefined;
  const page = useLoad(async () => pageOf<Subscription>(await session.api.get(`/subscriptions${query({ limit: 50, cursor })}`), 'subscriptions'), [cursor]);
  return (
    <>
      <Title>Subscriptions</Title>
      <a class="button" href={href('subscriptions', 'new')}>Create a subscription</a>
      {page.loading && !page.data ? <Loading what="subscriptions" /> : null}
      {page.error ? <Failed error={page.error} retry={page.reload} /> : null}
      {page.data && page.data.items.length === 0 ? <p>There are no subscriptions yet.</p> : null}
      {page.data && page.data.items.length > 0 ? (
        <Table caption="Subscriptions">
          <thead><tr><th scope="col">Endpoint</th><th scope="col">Status</th><th scope="col">Filters</th><th scope="col">Created</th></tr></thead>
          <tbody>
            {page.data.items.map((s) => (
              <tr key={s.id}>
                <td><a href={href('subscriptions', s.id)}><span class="mono">{s.url}</span></a>{s.description ? <span class="hint">{s.description}</span> : null}</td>
                <td><Tag value={s.status} /></td>
                <td>{describeFilters(s)}</td>
                <td>{formatTime(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {page.data?.cursor ? <a href={hrefWith({ cursor: page.data.cursor }, 'subscriptions')}>Next page</a> : null}
      {cursor ? <p><a href={href('subscriptions')}>First page</a></p> : null}
    </>
  );
}

export function describeFilters(s: Pick<Subscription, 'tags' | 'events'>): string {
  const tags = s.tags.length ? `tags ${s.tags.join(', ')}` : 'every tag';
  const events = s.events.length ? s.events.join(', ') : 'every event';
  return `${tags}; ${events}`;
}

/** Used by several screens: one subscription by id. */
export const loadSubscription = (session: Session, id: string) => session.api.get<Subscription>(path`/subscriptions/${id}`);
