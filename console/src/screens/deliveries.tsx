/**
 * A subscription's delivery log: filters (status, event type, time range) kept
 * in the URL and applied by the API, each attempt with its answer, replay of one
 * delivery or of everything since a time, and the endpoint's health (the stats
 * route) above it. It refreshes itself every few seconds, so new attempts
 * appear without a reload.
 */
import { useEffect, useState } from 'preact/hooks';
import { describeError, path, query } from '../api.ts';
import { formatMs, formatTime, isoFromLocalInput, localInputFromIso } from '../format.ts';
import { eventTypes, pageOf, type Attempt, type Stats } from '../model.ts';
import { href, hrefWith, navigate, type Location } from '../router.ts';
import type { Session } from '../session.ts';
import { Failed, Field, Loading, Notice, Table, Tag, Title, useLoad } from '../ui.tsx';
import { Health } from './health.tsx';
import { loadSubscription } from './subscriptions.tsx';

export const refreshMs = 3000;

export interface DeliveryFilters {
  status?: string | undefined;
  event?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The log's query parameters as the API names them (issue 13). */
export const deliveriesQuery = (f: DeliveryFilters, extra: Record<string, string | number | undefined> = {}) =>
  query({ status: f.status, event: f.event, from: f.from, to: f.to, ...extra });

export function useTicker(everyMs: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return tick;
}

export function Deliveries({ session, id, location }: { session: Session; id: string; location: Location }) {
  const filters: DeliveryFilters = {
    status: location.params.get('status') ?? undefined,
    event: location.params.get('event') ?? undefined,
    from: location.params.get('from') ?? undefined,
    to: location.params.get('to') ?? undefined,
  };
  const cursor = location.params.get('cursor') ?? undefined;
  const tick = useTicker(refreshMs);
  const subscription = useLoad(() => loadSubscription(session, id), [id]);
  const log = useLoad(
    async () => pageOf<Attempt>(await session.api.get(path`/subscriptions/${id}/deliveries` + deliveriesQuery(filters, { limit: 50, cursor })), 'attempts'),
    [id, location.params.toString(), tick],
  );
  const stats = useLoad(() => session.api.get<Stats>(path`/subscriptions/${id}/stats`), [id, tick]);
  const [message, setMessage] = useState<{ kind: 'success' | 'warning'; title: string; text?: string }>();

  const replay = async (body: { deliveryId: string } | { since: string }) => {
    setMessage(undefined);
    try {
      const answer = await session.api.send<{ replayed?: string[] }>('POST', path`/subscriptions/${id}/replay`, body);
      const count = answer.replayed?.length ?? 0;
      setMessage({ kind: 'success', title: `${count} ${count === 1 ? 'delivery' : 'deliveries'} queued to be sent again`, text: 'Each keeps its webhook-id, so your endpoint can recognise a repeat.' });
      log.reload();
    } catch (error) {
      setMessage({ kind: 'warning', title: 'Could not replay', text: describeError(error) });
    }
  };

  return (
    <>
      <Title caption="Deliveries">{subscription.data ? <span class="mono">{subscription.data.url}</span> : id}</Title>
      <p><a href={href('subscriptions', id)}>Back to the subscription</a></p>
      {message ? <Notice kind={message.kind} title={message.title}>{message.text ? <p>{message.text}</p> : null}</Notice> : null}
      {stats.data ? <Health stats={stats.data} /> : stats.error ? <Failed error={stats.error} retry={stats.reload} /> : <Loading what="health" />}

      <h2>Delivery log</h2>
      <FilterForm key={location.params.toString()} filters={filters} id={id} />
      <ReplaySince onReplay={(since) => void replay({ since })} />
      {log.error ? <Failed error={log.error} retry={log.reload} /> : null}
      {!log.data && !log.error ? <Loading what="the delivery log" /> : null}
      {log.data && log.data.items.length === 0 ? <p data-testid="no-attempts">No attempts match.</p> : null}
      {log.data && log.data.items.length > 0 ? <AttemptsTable attempts={log.data.items} onReplay={(deliveryId) => void replay({ deliveryId })} /> : null}
      {log.data?.cursor ? <a href={hrefWith({ ...filters, cursor: log.data.cursor }, 'subscriptions', id, 'deliveries')}>Older attempts</a> : null}
    </>
  );
}

function FilterForm({ filters, id }: { filters: DeliveryFilters; id: string }) {
  const [draft, setDraft] = useState({ ...filters, from: localInputFromIso(filters.from), to: localInputFromIso(filters.to) });
  const apply = (event: Event) => {
    event.preventDefault();
    navigate(hrefWith({ status: draft.status, event: draft.event, from: isoFromLocalInput(draft.from ?? ''), to: isoFromLocalInput(draft.to ?? '') }, 'subscriptions', id, 'deliveries'));
  };
  return (
    <form onSubmit={apply} aria-label="Filter the delivery log">
      <div class="inline-fields">
        <Field id="filter-status" label="Status">
          <select id="filter-status" value={draft.status ?? ''} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}>
            <option value="">Any</option>
            <option value="delivered">Delivered</option>
            <option value="failed">Failed</option>
          </select>
        </Field>
        <Field id="filter-event" label="Event type">
          <select id="filter-event" value={draft.event ?? ''} onChange={(e) => setDraft({ ...draft, event: e.currentTarget.value })}>
            <option value="">Any</option>
            {eventTypes.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </Field>
        <Field id="filter-from" label="From (UTC)">
          <input id="filter-from" type="datetime-local" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </Field>
        <Field id="filter-to" label="To (UTC)">
          <input id="filter-to" type="datetime-local" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </Field>
      </div>
      <button type="submit" class="button secondary">Apply filters</button>
      <a class="button secondary" href={href('subscriptions', id, 'deliveries')}>Clear filters</a>
    </form>
  );
}

function ReplaySince({ onReplay }: { onReplay: (since: string) => void }) {
  const [since, setSince] = useState(localInputFromIso(new Date(Date.now() - 3600_000).toISOString()));
  const iso = isoFromLocalInput(since);
  return (
    <form class="inline-fields" onSubmit={(e) => { e.preventDefault(); if (iso) onReplay(iso); }} aria-label="Replay deliveries since a time">
      <Field id="replay-since" label="Replay everything since (UTC)">
        <input id="replay-since" type="datetime-local" value={since} onInput={(e) => setSince(e.currentTarget.value)} />
      </Field>
      <div class="field"><button type="submit" class="button secondary" disabled={!iso}>Replay since this time</button></div>
    </form>
  );
}

function AttemptsTable({ attempts, onReplay }: { attempts: Attempt[]; onReplay: (deliveryId: string) => void }) {
  return (
    <Table caption="Attempts, newest first">
      <thead>
        <tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Outcome</th><th scope="col" class="num">HTTP</th><th scope="col" class="num">Duration</th><th scope="col">Details</th><th scope="col"><span class="muted">Action</span></th></tr>
      </thead>
      <tbody data-testid="attempts">
        {attempts.map((a) => (
          <tr key={`${a.deliveryId}-${a.round}-${a.attempt}`} data-outcome={a.outcome} data-webhook-id={a.deliveryId} data-test={a.test ? 'true' : undefined}>
            <td>{formatTime(a.at)}</td>
            <td>{a.eventType ?? '—'}{a.test ? <> <Tag value="test" /></> : null}{a.articleId ? <span class="hint mono">{a.articleId}</span> : null}</td>
            <td><Tag value={a.outcome} /></td>
            <td class="num">{a.status ?? '—'}</td>
            <td class="num">{formatMs(a.durationMs)}</td>
            <td>
              <details>
                <summary>Attempt {a.attempt}{a.round ? `, replay ${a.round}` : ''}</summary>
                <dl>
                  <dt>webhook-id</dt><dd class="mono">{a.deliveryId}</dd>
                  <dt>Error</dt><dd>{a.error ?? 'none'}</dd>
                  <dt>Response</dt><dd>{a.response ? <pre>{a.response}</pre> : 'empty'}</dd>
                </dl>
              </details>
            </td>
            <td>
              {/* A test event is not a delivery: there is nothing to send again. */}
              {a.test ? <span class="muted">test event</span> : <button type="button" class="button secondary small" onClick={() => onReplay(a.deliveryId)} aria-label={`Replay delivery ${a.deliveryId}`}>Replay</button>}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
