/**
 * One subscription: what it is, and what can be done to it: edit, disable or
 * enable (optionally replaying what it missed), rotate the secret (the old one
 * keeps signing through the grace period), send a test event, delete.
 */
import { useState } from 'preact/hooks';
import { describeError, path } from '../api.ts';
import { formatMs, formatTime } from '../format.ts';
import { eventTypes, type Subscription as SubscriptionView, type TestResult } from '../model.ts';
import { href, navigate } from '../router.ts';
import type { Session } from '../session.ts';
import { Confirm, Failed, Field, Loading, Notice, OnceSecret, Tag, Title, useLoad } from '../ui.tsx';
import { describeFilters, loadSubscription } from './subscriptions.tsx';

type Message = { kind: 'success' | 'warning'; title: string; text?: string };

export function Subscription({ session, id }: { session: Session; id: string }) {
  const loaded = useLoad(() => loadSubscription(session, id), [id]);
  const [message, setMessage] = useState<Message>();
  const [rotated, setRotated] = useState<{ secret: string; previousValidUntil?: string }>();
  const [test, setTest] = useState<TestResult>();
  const [testEvent, setTestEvent] = useState('');
  const [replayOnEnable, setReplayOnEnable] = useState(false);

  const act = async (what: string, run: () => Promise<void>) => {
    setMessage(undefined);
    try {
      await run();
      loaded.reload();
    } catch (error) {
      setMessage({ kind: 'warning', title: `Could not ${what}`, text: describeError(error) });
    }
  };
  const setEnabled = (enabled: boolean) =>
    act(enabled ? 'enable the subscription' : 'disable the subscription', async () => {
      await session.api.send('PATCH', path`/subscriptions/${id}`, enabled && replayOnEnable ? { enabled, replay: true } : { enabled });
      setMessage({ kind: 'success', title: enabled ? 'Subscription enabled' : 'Subscription disabled', text: enabled && replayOnEnable ? 'What it missed while disabled is being delivered again.' : undefined });
    });
  const rotate = () =>
    act('rotate the secret', async () => {
      setRotated(await session.api.send<{ secret: string; previousValidUntil?: string }>('POST', path`/subscriptions/${id}/rotate-secret`));
    });
  const sendTest = () =>
    act('send a test event', async () => {
      setTest(undefined);
      setTest(await session.api.send<TestResult>('POST', path`/subscriptions/${id}/test`, testEvent ? { event: testEvent } : undefined));
    });
  const remove = () =>
    act('delete the subscription', async () => {
      await session.api.send('DELETE', path`/subscriptions/${id}`);
      navigate(href('subscriptions'));
    });

  if (loaded.error && !loaded.data) return <><Title>Subscription</Title><Failed error={loaded.error} retry={loaded.reload} /></>;
  if (!loaded.data) return <Loading what="the subscription" />;
  const s = loaded.data;
  return (
    <>
      <Title caption="Subscription"><span class="mono">{s.url}</span></Title>
      {message ? <Notice kind={message.kind} title={message.title}>{message.text ? <p>{message.text}</p> : null}</Notice> : null}
      {rotated ? (
        <OnceSecret title="New signing secret" value={rotated.secret}>
          <p data-testid="grace">
            The previous secret keeps signing until {formatTime(rotated.previousValidUntil)}, so your endpoint can switch over in that time.
          </p>
        </OnceSecret>
      ) : null}
      <Details s={s} />
      <p>
        <a href={href('subscriptions', id, 'deliveries')}>Deliveries and health</a>{' · '}
        <a href={href('live') + `?subscription=${encodeURIComponent(id)}`}>Live deliveries</a>
      </p>

      <h2>Send a test event</h2>
      <p>
        Sends a signed example event (marked <code>"test": true</code>) to the endpoint now and shows its answer.
        It appears in the delivery log as a test and does not count in the health figures.
      </p>
      <form class="inline-fields" aria-label="Send a test event" onSubmit={(e) => { e.preventDefault(); void sendTest(); }}>
        <Field id="test-event" label="Event type">
          <select id="test-event" value={testEvent} onChange={(e) => setTestEvent(e.currentTarget.value)}>
            <option value="">{`Default: ${s.events[0] ?? 'article.published'}`}</option>
            {eventTypes.filter((t) => s.events.length === 0 || s.events.includes(t)).map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </Field>
        <div class="field"><button type="submit" class="button secondary">Send test event</button></div>
      </form>
      {test ? <TestAnswer result={test} /> : null}

      <h2>Manage</h2>
      <div class="actions">
        <a class="button secondary" href={href('subscriptions', id, 'edit')}>Edit</a>
        {s.status === 'active' ? (
          <button type="button" class="button secondary" onClick={() => void setEnabled(false)}>Disable</button>
        ) : (
          <>
            <button type="button" class="button" onClick={() => void setEnabled(true)}>Enable</button>
            <div class="checkbox">
              <input id="replay-on-enable" type="checkbox" checked={replayOnEnable} onChange={(e) => setReplayOnEnable(e.currentTarget.checked)} />
              <label for="replay-on-enable">Also deliver what it missed while disabled</label>
            </div>
          </>
        )}
      </div>
      <div class="actions">
        <Confirm label="Rotate secret" warning={false} question="Rotate the signing secret?" confirmLabel="Yes, rotate the secret" onConfirm={rotate} />
        <Confirm label="Delete subscription" question="Delete this subscription? Its secret and delivery log go with it." confirmLabel="Yes, delete it" onConfirm={remove} />
      </div>
    </>
  );
}

function Details({ s }: { s: SubscriptionView }) {
  const headerNames = Array.isArray(s.headers) ? s.headers : Object.keys(s.headers ?? {});
  return (
    <dl class="summary-list">
      <dt>Id</dt><dd class="mono">{s.id}</dd>
      <dt>Status</dt><dd><Tag value={s.status} />{s.disabledReason ? <span class="hint">{s.disabledReason}</span> : null}</dd>
      <dt>Filters</dt><dd>{describeFilters(s)}</dd>
      {s.description ? <><dt>Description</dt><dd>{s.description}</dd></> : null}
      {s.partnerId ? <><dt>Partner</dt><dd>{s.partnerId}</dd></> : null}
      <dt>Custom headers</dt><dd>{headerNames.length ? headerNames.join(', ') : 'none'}</dd>
      <dt>Created</dt><dd>{formatTime(s.createdAt)}</dd>
      {s.failingSince ? <><dt>Failing since</dt><dd>{formatTime(s.failingSince)}</dd></> : null}
      {s.disabledAt ? <><dt>Disabled</dt><dd>{formatTime(s.disabledAt)}</dd></> : null}
      <dt>Signing secrets</dt>
      <dd>
        <ul data-testid="secrets">
          {(s.signingSecrets ?? []).map((x, i) => (
            <li key={x.id ?? i}>
              {x.id ? <span class="mono">{x.id}</span> : `secret ${i + 1}`}: {x.validUntil ? `signs until ${formatTime(x.validUntil)} (grace period)` : 'current'}
            </li>
          ))}
        </ul>
      </dd>
    </dl>
  );
}

function TestAnswer({ result }: { result: TestResult }) {
  const ok = result.delivered;
  return (
    <div data-testid="test-result">
      <Notice kind={ok ? 'success' : 'warning'} title={ok ? 'The endpoint accepted the test event' : 'The endpoint did not accept the test event'}>
        <dl class="summary-list">
          <dt>Event</dt><dd>{result.event}</dd>
          <dt>webhook-id</dt><dd class="mono">{result.webhookId}</dd>
          <dt>Status</dt><dd>{result.status ?? 'no answer'}</dd>
          <dt>Duration</dt><dd>{formatMs(result.durationMs)}</dd>
          {result.error ? <><dt>Error</dt><dd>{result.error}</dd></> : null}
          {result.response ? <><dt>Response</dt><dd class="mono">{result.response}</dd></> : null}
        </dl>
      </Notice>
    </div>
  );
}
