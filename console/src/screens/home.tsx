/** What the signed-in key may do, and where to go for it. */
import { abilities, roleName, type Session } from '../session.ts';
import { href } from '../router.ts';
import { Title } from '../ui.tsx';

export function Home({ session }: { session: Session }) {
  return (
    <>
      <Title>Signed in as {roleName[session.role].toLowerCase()}</Title>
      <p data-testid="whose">
        {session.me.name ?? session.me.partnerId ?? session.me.publisherId ?? 'The administrator key'}
        {session.me.name && (session.me.partnerId || session.me.publisherId) ? ` (${session.me.partnerId ?? session.me.publisherId})` : ''}. This key reaches {session.me.scope}.
      </p>
      <p>With this key you can:</p>
      <ul data-testid="abilities">
        {abilities[session.role].map((a) => <li key={a}>{a}</li>)}
      </ul>
      <ul>
        {session.role !== 'publisher' ? <li><a href={href('subscriptions')}>Subscriptions</a>: endpoints, their deliveries and health</li> : null}
        {session.role !== 'publisher' ? <li><a href={href('live')}>Live deliveries</a>: new attempts as they happen</li> : null}
        {session.role !== 'partner' ? <li><a href={href('articles')}>Articles</a>: search, versions, withdrawal</li> : null}
        {session.role === 'admin' ? <li><a href={href('publishers')}>Publishers</a>: register and rotate keys</li> : null}
        {session.role === 'admin' ? <li><a href={href('partners')}>Partners</a>: register and rotate partner keys</li> : null}
      </ul>
    </>
  );
}
