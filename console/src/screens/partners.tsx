/**
 * Partners (admin): register a partner and get its key (shown once), or
 * rotate a partner's key by id. A partner key manages only that partner's
 * subscriptions. The API has no partner listing, so neither has this screen.
 */
import { useState } from 'preact/hooks';
import { describeError, path } from '../api.ts';
import type { Session } from '../session.ts';
import { ErrorSummary, Field, OnceSecret, Title } from '../ui.tsx';
import { Register } from './publishers.tsx';

export function Partners({ session }: { session: Session }) {
  const [key, setKey] = useState<{ id: string; apiKey: string; rotated: boolean }>();
  const [rotateId, setRotateId] = useState('');
  const [failure, setFailure] = useState<string>();
  const rotate = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    if (!rotateId.trim()) return setFailure('Enter the partner id');
    try {
      setKey({ ...(await session.api.send<{ id: string; apiKey: string }>('POST', path`/partners/${rotateId.trim()}/rotate-key`)), rotated: true });
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  return (
    <>
      <Title>Partners</Title>
      <p>A partner key manages only that partner’s subscriptions, their deliveries, tests and replays.</p>
      {key ? (
        <OnceSecret title={key.rotated ? `New API key for ${key.id}` : `API key for ${key.id}`} value={key.apiKey}>
          {key.rotated ? <p>The previous key stopped working when this one was made.</p> : null}
        </OnceSecret>
      ) : null}
      <Register session={session} kind="partner" onCreated={(created) => setKey({ ...created, rotated: false })} />
      <h2>Rotate a partner’s key</h2>
      <ErrorSummary problems={failure ? [{ field: 'rotate-partner-id', message: failure }] : []} />
      <form noValidate onSubmit={rotate}>
        <Field id="rotate-partner-id" label="Partner id" error={failure}>
          <input id="rotate-partner-id" type="text" spellcheck={false} value={rotateId} onInput={(e) => setRotateId(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="button secondary">Rotate key</button>
      </form>
    </>
  );
}
