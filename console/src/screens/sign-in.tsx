/** Sign in with an API key; it stays in this tab only. */
import { useState } from 'preact/hooks';
import { describeError } from '../api.ts';
import { signIn, type Session } from '../session.ts';
import { describedBy, ErrorSummary, Field, Title } from '../ui.tsx';

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const hint = 'The admin key, a partner key or a publisher key. It is kept only while this tab is open, and sent to the API in a header.';
  const submit = async (event: Event) => {
    event.preventDefault();
    if (key.trim() === '') return setError('Enter your API key');
    setBusy(true);
    try {
      onSignedIn(await signIn(key.trim()));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ErrorSummary problems={error ? [{ field: 'api-key', message: error }] : []} />
      <Title>Sign in</Title>
      <form onSubmit={submit} noValidate>
        <Field id="api-key" label="API key" hint={hint} error={error}>
          <input id="api-key" name="api-key" type="password" autocomplete="off" spellcheck={false} value={key}
            aria-describedby={describedBy('api-key', hint, error)} onInput={(e) => setKey(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="button" disabled={busy}>Sign in</button>
      </form>
    </>
  );
}
