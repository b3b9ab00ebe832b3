/** One article: its latest version, every version, its normalisation notes, and withdrawal behind a confirmation. */
import { useState } from 'preact/hooks';
import { ApiError, describeError, path } from '../api.ts';
import { formatTime } from '../format.ts';
import { pageOf, publisherOf, type Article as ArticleView, type ArticleSummary } from '../model.ts';
import { href } from '../router.ts';
import type { Session } from '../session.ts';
import { Confirm, Failed, Loading, Notice, Table, Tag, Title, useLoad, type Loaded } from '../ui.tsx';

const noteText = (note: string | { code?: string; message?: string }) => (typeof note === 'string' ? note : [note.code, note.message].filter(Boolean).join(': '));

export function Article({ session, id }: { session: Session; id: string }) {
  // A withdrawn article answers 410 with when it was withdrawn; its versions stay readable.
  const article = useLoad(
    () => session.api.get<ArticleView>(path`/articles/${id}`).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 410) return { gone: error.message };
      throw error;
    }),
    [id],
  );
  const [withdrawnNow, setWithdrawnNow] = useState<ArticleView>();
  const versions = useLoad(async () => pageOf<ArticleSummary>(await session.api.get(path`/articles/${id}/versions`), 'versions'), [id]);
  const [message, setMessage] = useState<{ kind: 'success' | 'warning'; title: string; text?: string }>();
  const withdraw = async () => {
    try {
      // The answer is the article as withdrawn: a new GET would only say 410.
      setWithdrawnNow(await session.api.send<ArticleView>('DELETE', path`/articles/${id}`));
      setMessage({ kind: 'success', title: 'Article withdrawn', text: 'It leaves every feed, and subscribers are sent article.withdrawn.' });
      versions.reload();
    } catch (error) {
      setMessage({ kind: 'warning', title: 'Could not withdraw the article', text: describeError(error) });
    }
  };
  if (article.error && !article.data) return <><Title>Article</Title><Failed error={article.error} retry={article.reload} /></>;
  if (!article.data) return <Loading what="the article" />;
  if ('gone' in article.data && !withdrawnNow) {
    return (
      <>
        <Title caption={id}>Withdrawn article</Title>
        <p>{article.data.gone}.</p>
        <Versions versions={versions} />
        <p><a href={href('articles')}>Back to articles</a></p>
      </>
    );
  }
  const a = withdrawnNow ?? (article.data as ArticleView);
  const withdrawn = a.status === 'withdrawn';
  return (
    <>
      <Title caption={publisherOf(a)}>{a.headline}</Title>
      <p><a href={href('articles')}>Back to articles</a></p>
      {message ? <Notice kind={message.kind} title={message.title}>{message.text ? <p>{message.text}</p> : null}</Notice> : null}
      <dl class="summary-list">
        <dt>Id</dt><dd class="mono">{a.id}</dd>
        <dt>Status</dt><dd><Tag value={a.status ?? 'published'} /></dd>
        <dt>Version</dt><dd>{a.version}</dd>
        <dt>Published</dt><dd>{formatTime(a.publishedAt)}</dd>
        <dt>Updated</dt><dd>{formatTime(a.updatedAt)}</dd>
        {a.withdrawnAt ? <><dt>Withdrawn</dt><dd>{formatTime(a.withdrawnAt)}</dd></> : null}
        <dt>Tags</dt><dd>{(a.tags ?? []).map((t) => t.label ?? t.id).join(', ') || 'none'}</dd>
      </dl>
      {a.standfirst ? <p>{a.standfirst}</p> : null}

      <h2>Notes</h2>
      {a.notes && a.notes.length > 0 ? <ul data-testid="notes">{a.notes.map((n, i) => <li key={i}>{noteText(n)}</li>)}</ul> : <p>No normalisation notes.</p>}

      <Versions versions={versions} />

      {!withdrawn && session.role !== 'partner' ? (
        <>
          <h2>Withdraw</h2>
          <p>Withdrawing removes the article from every feed and sends article.withdrawn to subscribers. It cannot be undone here.</p>
          <Confirm label="Withdraw article" question={`Withdraw “${a.headline}”?`} confirmLabel="Yes, withdraw it" onConfirm={withdraw} />
        </>
      ) : null}
    </>
  );
}

function Versions({ versions }: { versions: Loaded<{ items: ArticleSummary[] }> }) {
  return (
    <>
      <h2>Versions</h2>
      {versions.error ? <p class="muted">Versions are not available: {versions.error}</p> : null}
      {versions.data ? (
        <Table caption="Versions, as published">
          <thead><tr><th scope="col">Version</th><th scope="col">Headline</th><th scope="col">Status</th><th scope="col">Updated</th></tr></thead>
          <tbody data-testid="versions">
            {versions.data.items.map((v) => (
              <tr key={v.version}><td>{v.version}</td><td>{v.headline}</td><td><Tag value={v.status ?? 'published'} /></td><td>{formatTime(v.updatedAt ?? v.publishedAt)}</td></tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </>
  );
}
