/**
 * Live deliveries: polls the delivery logs every few seconds and adds new
 * attempts at the top, marked as new, with a polite announcement for screen
 * readers. One subscription (`?subscription=ID`) or the first 20 this key sees.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError, path, query } from '../api.ts';
import { formatMs, formatTime } from '../format.ts';
import { pageOf, type Attempt, type Subscription } from '../model.ts';
import { href, type Location } from '../router.ts';
import type { Session } from '../session.ts';
import { Table, Tag, Title } from '../ui.tsx';
import { refreshMs, useTicker } from './deliveries.tsx';

const keyOf = (a: Attempt) => `${a.subscriptionId}/${a.deliveryId}/${a.round}/${a.attempt}`;

export function Live({ session, location }: { session: Session; location: Location }) {
  const only = location.params.get('subscription') ?? undefined;
  const tick = useTicker(refreshMs);
  const [rows, setRows] = useState<Array<Attempt & { fresh: boolean }>>([]);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string>();
  const seen = useRef<Set<string> | undefined>(undefined);

  useEffect(() => {
    seen.current = undefined;
    setRows([]);
  }, [only]);

  useEffect(() => {
    let current = true;
    (async () => {
      const ids = only ? [only] : pageOf<Subscription>(await session.api.get(`/subscriptions${query({ limit: 20 })}`), 'subscriptions').items.map((s) => s.id);
      const pages = await Promise.all(ids.map(async (id) => pageOf<Attempt>(await session.api.get(path`/subscriptions/${id}/deliveries` + query({ limit: 20 })), 'attempts').items));
      const latest = pages.flat().sort((a, b) => b.at.localeCompare(a.at)).slice(0, 50);
      if (!current) return;
      const first = seen.current === undefined;
      const known = seen.current ?? new Set<string>();
      const fresh = first ? [] : latest.filter((a) => !known.has(keyOf(a)));
      for (const a of latest) known.add(keyOf(a));
      seen.current = known;
      setRows(latest.map((a) => ({ ...a, fresh: fresh.includes(a) })));
      if (fresh.length > 0) setAnnouncement(`${fresh.length} new ${fresh.length === 1 ? 'attempt' : 'attempts'}`);
      setError(undefined);
    })().catch((failure: unknown) => current && setError(describeError(failure)));
    return () => {
      current = false;
    };
  }, [tick, only]);

  return (
    <>
      <Title caption={only ? `Subscription ${only}` : 'Every subscription'}>Live deliveries</Title>
      <p>New attempts appear here as they happen (checked every {refreshMs / 1000} seconds).</p>
      <p class="muted" aria-live="polite" data-testid="live-announcement">{announcement}</p>
      {error ? <p class="muted" role="status">Could not refresh: {error}</p> : null}
      {rows.length === 0 ? <p>No attempts yet.</p> : (
        <Table caption="Latest attempts">
          <thead><tr><th scope="col">Time</th><th scope="col">Subscription</th><th scope="col">Event</th><th scope="col">Outcome</th><th scope="col" class="num">HTTP</th><th scope="col" class="num">Duration</th></tr></thead>
          <tbody data-testid="live-rows">
            {rows.map((a) => (
              <tr key={keyOf(a)} class={a.fresh ? 'new-row' : undefined}>
                <td>{formatTime(a.at)}{a.fresh ? <strong class="tag yellow">new</strong> : null}</td>
                <td><a href={href('subscriptions', a.subscriptionId, 'deliveries')} class="mono">{a.subscriptionId}</a></td>
                <td>{a.eventType ?? '—'}</td>
                <td><Tag value={a.outcome} /></td>
                <td class="num">{a.status ?? '—'}</td>
                <td class="num">{formatMs(a.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
