/** Publishers (admin): the registered ones, registering another, and rotating a key. Each key is shown once. */
import { useState } from 'preact/hooks';
import { ApiError, describeError, path, query } from '../api.ts';
import { formatTime } from '../format.ts';
import { pageOf, type ArticleSummary, type Publisher } from '../model.ts';
import { may, type Session } from '../session.ts';
import { Confirm, describedBy, ErrorSummary, Failed, Field, Loading, Notice, OnceSecret, Table, Title, useLoad, type Problem } from '../ui.tsx';

export function Publishers({ session }: { session: Session }) {
  const list = useLoad(() => loadPublishers(session), []);
  const [key, setKey] = useState<{ id: string; apiKey: string; rotated: boolean }>();
  const [failure, setFailure] = useState<string>();
  const rotate = async (id: string) => {
    setFailure(undefined);
    try {
      const answer = await session.api.send<{ id: string; apiKey: string }>('POST', path`/publishers/${id}/rotate-key`);
      setKey({ ...answer, rotated: true });
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  return (
    <>
      <Title>Publishers</Title>
      {key ? (
        <OnceSecret title={key.rotated ? `New API key for ${key.id}` : `API key for ${key.id}`} value={key.apiKey}>
          {key.rotated ? <p>The previous key stopped working when this one was made.</p> : null}
        </OnceSecret>
      ) : null}
      {failure ? <Notice kind="warning" title="Could not rotate the key"><p>{failure}</p></Notice> : null}
      {list.error ? <Failed error={list.error} retry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading what="publishers" /> : null}
      {list.data?.derived ? <p data-testid="derived">This API does not list publishers, so these are the publishers of the latest 100 articles.</p> : null}
      {list.data && list.data.items.length === 0 ? <p>No publishers are registered yet.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table caption="Registered publishers">
          <thead><tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Registered</th><th scope="col"><span class="muted">Action</span></th></tr></thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <td class="mono">{p.id}</td>
                <td>{p.name ?? '—'}</td>
                <td>{formatTime(p.createdAt)}</td>
                <td><Confirm label="Rotate key" describe={p.id} warning={false} question={`Rotate the key of ${p.id}? The current key stops working at once.`} confirmLabel="Yes, rotate it" onConfirm={() => rotate(p.id)} /></td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      <Register session={session} kind="publisher" onCreated={(created) => { setKey({ ...created, rotated: false }); list.reload(); }} />
    </>
  );
}

/**
 * `GET /publishers` where the API offers it (GET /me lists the routes a key opens); otherwise the
 * publishers of the latest articles, said so on the screen. Asking /me, not probing the route, keeps
 * every call the console makes one the API documents.
 */
async function loadPublishers(session: Session): Promise<{ items: Publisher[]; derived: boolean }> {
  if (may(session, 'GET /publishers')) {
    return { ...pageOf<Publisher>(await session.api.get(`/publishers${query({ limit: 100 })}`), 'publishers'), derived: false };
  }
  const articles = pageOf<ArticleSummary>(await session.api.get(`/articles${query({ limit: 100 })}`), 'articles').items;
  const byId = new Map<string, Publisher>();
  for (const a of articles) {
    const p = typeof a.publisher === 'string' ? { id: a.publisher } : { id: a.publisher.id, ...(a.publisher.name ? { name: a.publisher.name } : {}) };
    if (!byId.has(p.id)) byId.set(p.id, p);
  }
  return { items: [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)), derived: true };
}

/** Registering a publisher or a partner: an id and a name in, a key shown once out. */
export function Register({ session, kind, onCreated }: { session: Session; kind: 'publisher' | 'partner'; onCreated: (created: { id: string; apiKey: string }) => void }) {
  const [draft, setDraft] = useState({ id: '', name: '' });
  const [problems, setProblems] = useState<Problem[]>([]);
  const ids = { id: `${kind}-id`, name: `${kind}-name` };
  const hint = `Lower-case letters, digits and dashes, for example ${kind === 'publisher' ? 'opslens' : 'acme-news'}.`;
  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Problem[] = [];
    if (!draft.id.trim()) found.push({ field: ids.id, message: `Enter the ${kind} id` });
    if (!draft.name.trim()) found.push({ field: ids.name, message: `Enter the ${kind} name` });
    setProblems(found);
    if (found.length) return;
    try {
      onCreated(await session.api.send<{ id: string; apiKey: string }>('POST', `/${kind}s`, { id: draft.id.trim(), name: draft.name.trim() }));
      setDraft({ id: '', name: '' });
    } catch (error) {
      setProblems([{ field: error instanceof ApiError && /name/.test(error.message) && !/id/.test(error.message) ? ids.name : ids.id, message: describeError(error) }]);
    }
  };
  const errorFor = (field: string) => problems.find((p) => p.field === field)?.message;
  return (
    <>
      <h2>Register a {kind}</h2>
      <ErrorSummary problems={problems} />
      <form noValidate onSubmit={submit}>
        <Field id={ids.id} label="Id" hint={hint} error={errorFor(ids.id)}>
          <input id={ids.id} type="text" spellcheck={false} value={draft.id} aria-describedby={describedBy(ids.id, hint, errorFor(ids.id))}
            onInput={(e) => setDraft({ ...draft, id: e.currentTarget.value })} />
        </Field>
        <Field id={ids.name} label="Name" error={errorFor(ids.name)}>
          <input id={ids.name} type="text" value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
        </Field>
        <button type="submit" class="button">Register {kind}</button>
      </form>
    </>
  );
}
