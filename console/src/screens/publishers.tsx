/**
 * Publishers (admin): the directory (`GET /publishers`, by id, a page at a time), registering another,
 * and rotating a key. Each key is shown once, with a copy button; the list shows only the key's short id.
 */
import { useState } from 'preact/hooks';
import { ApiError, describeError, path, query } from '../api.ts';
import { formatTime } from '../format.ts';
import { pageOf, type Publisher } from '../model.ts';
import { href, hrefWith, type Location } from '../router.ts';
import type { Session } from '../session.ts';
import { Confirm, describedBy, ErrorSummary, Failed, Field, Loading, Notice, OnceSecret, Table, Tag, Title, useLoad, type Problem } from '../ui.tsx';

export const publishersPage = 50;

export function Publishers({ session, location }: { session: Session; location: Location }) {
  const cursor = location.params.get('cursor') ?? undefined;
  const list = useLoad(async () => pageOf<Publisher>(await session.api.get(`/publishers${query({ limit: publishersPage, cursor })}`), 'publishers'), [cursor]);
  const [key, setKey] = useState<{ id: string; apiKey: string; rotated: boolean }>();
  const [failure, setFailure] = useState<string>();
  const rotate = async (id: string) => {
    setFailure(undefined);
    try {
      const answer = await session.api.send<{ id: string; apiKey: string }>('POST', path`/publishers/${id}/rotate-key`);
      setKey({ ...answer, rotated: true });
      list.reload();
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
      {list.data && list.data.items.length === 0 ? <p>No publishers are registered yet.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table caption="Registered publishers">
          <thead><tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Key</th><th scope="col">Registered</th><th scope="col"><span class="muted">Action</span></th></tr></thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <td class="mono">{p.id}</td>
                <td>{p.name}</td>
                <td><Tag value={p.status} /></td>
                <td>{p.keyId ? <><span class="mono">{p.keyId}</span>{p.keyIssuedAt ? <span class="hint">issued {formatTime(p.keyIssuedAt)}</span> : null}</> : '—'}</td>
                <td>{formatTime(p.createdAt)}</td>
                <td><Confirm label={p.keyId ? 'Rotate key' : 'Issue a key'} describe={p.id} warning={false}
                  question={p.keyId ? `Rotate the key of ${p.id}? The current key stops working at once.` : `Issue the first key of ${p.id}?`}
                  confirmLabel={p.keyId ? 'Yes, rotate it' : 'Yes, issue it'} onConfirm={() => rotate(p.id)} /></td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {list.data?.cursor ? <a href={hrefWith({ cursor: list.data.cursor }, 'publishers')}>Next page</a> : null}
      {cursor ? <p><a href={href('publishers')}>First page</a></p> : null}
      <Register session={session} kind="publisher" onCreated={(created) => { setKey({ ...created, rotated: false }); list.reload(); }} />
    </>
  );
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
