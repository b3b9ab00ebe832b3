/**
 * Create a subscription (its secret shown once) or edit one. Every field is
 * checked by the API as at creation; its refusal is shown against the field
 * it names.
 */
import { useState } from 'preact/hooks';
import { ApiError, describeError, path } from '../api.ts';
import { eventTypes, type Subscription } from '../model.ts';
import { href, navigate } from '../router.ts';
import type { Session } from '../session.ts';
import { describedBy, ErrorSummary, Failed, Field, Loading, OnceSecret, Title, useLoad, type Problem } from '../ui.tsx';
import { loadSubscription } from './subscriptions.tsx';

interface FormValues {
  url: string;
  description: string;
  tags: string;
  events: string[];
  headers: string;
}

const empty: FormValues = { url: '', description: '', tags: '', events: [], headers: '' };

function valuesOf(s: Subscription): FormValues {
  const headers = Array.isArray(s.headers) ? '' : Object.entries(s.headers ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n');
  return { url: s.url, description: s.description ?? '', tags: s.tags.join(', '), events: [...s.events], headers };
}

/** The form's values as the API's fields, or the problems that stop it being sent. */
function requestOf(values: FormValues): { body: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = [];
  if (values.url.trim() === '') problems.push({ field: 'url', message: 'Enter the endpoint URL' });
  const headers: Record<string, string> = {};
  for (const line of values.headers.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const colon = line.indexOf(':');
    if (colon < 1) problems.push({ field: 'headers', message: `Write each header as "Name: value" (not "${line}")` });
    else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const tags = values.tags.split(',').map((t) => t.trim()).filter(Boolean);
  const body: Record<string, unknown> = { url: values.url.trim(), tags, events: values.events };
  if (values.description.trim()) body.description = values.description.trim();
  if (Object.keys(headers).length > 0) body.headers = headers;
  return { body, problems };
}

/** Which field an API refusal is about: its message starts with the field's name ("tags.0: ..."). */
function fieldOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'target_refused') return 'url';
  const name = /^(url|tags|events|description|headers)\b/.exec(error.message)?.[1];
  return name === 'events' ? 'event-article.published' : name;
}

function SubscriptionFields({ values, set, problems }: { values: FormValues; set: (v: FormValues) => void; problems: Problem[] }) {
  const errorFor = (field: string) => problems.find((p) => p.field === field)?.message;
  const hints = {
    url: 'Where deliveries are sent. HTTPS, on a public address.',
    tags: 'Taxonomy ids separated by commas, for example syria, isis. Leave empty for every article.',
    headers: 'One per line, as "Name: value". Sent with every delivery. Headers used for signing or routing are refused.',
  };
  return (
    <>
      <Field id="url" label="Endpoint URL" hint={hints.url} error={errorFor('url')}>
        <input id="url" type="url" spellcheck={false} value={values.url} aria-describedby={describedBy('url', hints.url, errorFor('url'))}
          onInput={(e) => set({ ...values, url: e.currentTarget.value })} />
      </Field>
      <Field id="description" label="Description (optional)" error={errorFor('description')}>
        <input id="description" type="text" value={values.description} onInput={(e) => set({ ...values, description: e.currentTarget.value })} />
      </Field>
      <Field id="tags" label="Tags (optional)" hint={hints.tags} error={errorFor('tags')}>
        <input id="tags" type="text" spellcheck={false} value={values.tags} aria-describedby={describedBy('tags', hints.tags, errorFor('tags'))}
          onInput={(e) => set({ ...values, tags: e.currentTarget.value })} />
      </Field>
      <fieldset class="field" aria-describedby="events-hint">
        <legend>Events</legend>
        <span class="hint" id="events-hint">Tick none for every event.</span>
        {eventTypes.map((type) => (
          <div class="checkbox" key={type}>
            <input id={`event-${type}`} type="checkbox" checked={values.events.includes(type)}
              onChange={(e) => set({ ...values, events: e.currentTarget.checked ? [...values.events, type] : values.events.filter((t) => t !== type) })} />
            <label for={`event-${type}`}>{type}</label>
          </div>
        ))}
      </fieldset>
      <Field id="headers" label="Custom headers (optional)" hint={hints.headers} error={errorFor('headers')}>
        <textarea id="headers" spellcheck={false} value={values.headers} aria-describedby={describedBy('headers', hints.headers, errorFor('headers'))}
          onInput={(e) => set({ ...values, headers: e.currentTarget.value })} />
      </Field>
    </>
  );
}

function useSubmit(send: (body: Record<string, unknown>) => Promise<void>) {
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (values: FormValues) => {
    const { body, problems: found } = requestOf(values);
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await send(body);
    } catch (error) {
      setProblems([{ field: fieldOf(error), message: describeError(error) }]);
    } finally {
      setBusy(false);
    }
  };
  return { problems, busy, submit };
}

export function NewSubscription({ session }: { session: Session }) {
  const [values, setValues] = useState<FormValues>(empty);
  const [created, setCreated] = useState<{ id: string; secret: string }>();
  const { problems, busy, submit } = useSubmit(async (body) => {
    const answer = await session.api.send<{ id: string; secret: string }>('POST', '/subscriptions', body);
    setCreated({ id: answer.id, secret: answer.secret });
  });
  if (created) {
    return (
      <>
        <Title>Subscription created</Title>
        <OnceSecret title="Signing secret" value={created.secret}>
          <p>Your endpoint verifies each delivery's <code>webhook-signature</code> with it (Standard Webhooks).</p>
        </OnceSecret>
        <a class="button" href={href('subscriptions', created.id)}>Go to the subscription</a>
      </>
    );
  }
  return (
    <>
      <ErrorSummary problems={problems} />
      <Title>Create a subscription</Title>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void submit(values); }}>
        <SubscriptionFields values={values} set={setValues} problems={problems} />
        <button type="submit" class="button" disabled={busy}>Create subscription</button>
      </form>
    </>
  );
}

export function EditSubscription({ session, id }: { session: Session; id: string }) {
  const loaded = useLoad(() => loadSubscription(session, id), [id]);
  const [values, setValues] = useState<FormValues>();
  const { problems, busy, submit } = useSubmit(async (body) => {
    // Headers come back by name only, so an empty box means "keep them", not "remove them".
    const patch = { ...body, description: body.description ?? null };
    await session.api.send('PATCH', path`/subscriptions/${id}`, patch);
    navigate(href('subscriptions', id));
  });
  if (loaded.error) return <><Title>Edit subscription</Title><Failed error={loaded.error} retry={loaded.reload} /></>;
  if (!loaded.data) return <Loading what="the subscription" />;
  const current = values ?? valuesOf(loaded.data);
  return (
    <>
      <ErrorSummary problems={problems} />
      <Title caption={id}>Edit subscription</Title>
      {Array.isArray(loaded.data.headers) && loaded.data.headers.length > 0 ? (
        <p>Custom headers are stored sealed and shown by name only ({loaded.data.headers.join(', ')}). Leave the box empty to keep them; headers entered replace them.</p>
      ) : null}
      <form noValidate onSubmit={(e) => { e.preventDefault(); void submit(current); }}>
        <SubscriptionFields values={current} set={setValues} problems={problems} />
        <button type="submit" class="button" disabled={busy}>Save changes</button>
        <a class="button secondary" href={href('subscriptions', id)}>Cancel</a>
      </form>
    </>
  );
}
