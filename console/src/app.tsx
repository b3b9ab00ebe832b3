/**
 * The console's shell: the header with what the key may reach, and the
 * screen the URL names. Without a key in this tab, every URL shows sign-in
 * first and then the screen asked for.
 */
import { useEffect, useState } from 'preact/hooks';
import { createApi } from './api.ts';
import { href, navigate, useLocation, type Location } from './router.ts';
import { forgetKey, roleName, signIn, storedKey, type Role, type Session } from './session.ts';
import { Failed, Loading, Title } from './ui.tsx';
import { Article } from './screens/article.tsx';
import { Articles } from './screens/articles.tsx';
import { Deliveries } from './screens/deliveries.tsx';
import { Home } from './screens/home.tsx';
import { Live } from './screens/live.tsx';
import { Partners } from './screens/partners.tsx';
import { Publishers } from './screens/publishers.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { Subscription } from './screens/subscription.tsx';
import { EditSubscription, NewSubscription } from './screens/subscription-form.tsx';
import { Subscriptions } from './screens/subscriptions.tsx';

const sections: Array<{ segment: string; label: string; roles: Role[] }> = [
  { segment: 'subscriptions', label: 'Subscriptions', roles: ['admin', 'partner'] },
  { segment: 'live', label: 'Live', roles: ['admin', 'partner'] },
  { segment: 'articles', label: 'Articles', roles: ['admin', 'publisher'] },
  { segment: 'publishers', label: 'Publishers', roles: ['admin'] },
  { segment: 'partners', label: 'Partners', roles: ['admin'] },
];

function Screen({ session, location }: { session: Session; location: Location }) {
  const [first, second, third] = location.segments;
  const allowed = sections.find((s) => s.segment === first)?.roles.includes(session.role) ?? true;
  if (!allowed) {
    return <><Title>Not available with this key</Title><p>A {roleName[session.role].toLowerCase()} key cannot use this screen. <a href={href()}>See what it can do</a>.</p></>;
  }
  switch (first) {
    case undefined:
      return <Home session={session} />;
    case 'subscriptions':
      if (second === undefined) return <Subscriptions session={session} location={location} />;
      if (second === 'new') return <NewSubscription session={session} />;
      if (third === 'edit') return <EditSubscription session={session} id={second} />;
      if (third === 'deliveries') return <Deliveries session={session} id={second} location={location} />;
      return <Subscription session={session} id={second} />;
    case 'articles':
      return second === undefined ? <Articles session={session} location={location} /> : <Article session={session} id={second} />;
    case 'publishers':
      return <Publishers session={session} location={location} />;
    case 'partners':
      return <Partners session={session} />;
    case 'live':
      return <Live session={session} location={location} />;
    default:
      return <><Title>Page not found</Title><p><a href={href()}>Go to the start</a>.</p></>;
  }
}

export function App() {
  const location = useLocation();
  const [session, setSession] = useState<Session>();
  const [restoring, setRestoring] = useState<boolean>(() => storedKey() !== undefined);
  const [restoreError, setRestoreError] = useState<string>();

  // A reload keeps the tab's key: ask the API again what it may do.
  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    signIn(key).then(setSession, (error: unknown) => {
      forgetKey();
      setRestoreError(error instanceof Error ? error.message : String(error));
    }).finally(() => setRestoring(false));
  }, []);

  // Each new screen moves focus to its heading, as a page load would.
  const where = `${location.segments.join('/')}?${location.params.toString()}`;
  useEffect(() => {
    const timer = setTimeout(() => document.getElementById('page-title')?.focus(), 0);
    return () => clearTimeout(timer);
  }, [where, session?.role]);

  const signOut = () => {
    forgetKey();
    setSession(undefined);
    navigate(href());
  };

  return (
    <>
      <header class="header">
        <div class="width">
          <a class="service" href={href()}>Syndicate console</a>
          {session ? (
            <nav aria-label="Sections">
              <ul class="nav">
                {sections.filter((s) => s.roles.includes(session.role)).map((s) => (
                  <li key={s.segment}><a href={href(s.segment)} aria-current={location.segments[0] === s.segment ? 'page' : undefined}>{s.label}</a></li>
                ))}
              </ul>
            </nav>
          ) : null}
          {session ? (
            <div class="who">
              <span data-testid="role">{roleName[session.role]}</span>
              <button type="button" class="button secondary small" onClick={signOut}>Sign out</button>
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" class="width" tabIndex={-1}>
        {restoring ? <Loading what="your session" /> : session ? (
          <Screen session={session} location={location} />
        ) : (
          <>
            {restoreError ? <Failed error={restoreError} /> : null}
            <SignIn onSignedIn={setSession} />
          </>
        )}
      </main>
    </>
  );
}

