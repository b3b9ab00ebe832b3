/**
 * Small shared pieces. All text goes through Preact's text nodes and
 * attributes, which escape it: nothing here (or anywhere in the console) sets
 * innerHTML.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from './api.ts';

export interface Loaded<T> {
  data?: T | undefined;
  error?: string | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change; `reload()` runs it again. A late answer for old deps is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      // What was shown stays while a refresh fails, beside the error.
      (error: unknown) => current && setState((s) => ({ ...s, error: describeError(error), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { ...state, reload: useCallback(() => setRound((r) => r + 1), []) };
}

export function Title({ children, caption }: { children: ComponentChildren; caption?: string | undefined }) {
  return (
    <h1 tabIndex={-1} id="page-title">
      {caption ? <span class="hint">{caption}</span> : null}
      {children}
    </h1>
  );
}

export interface Problem {
  /** The id of the field at fault, linked from the summary. */
  field?: string | undefined;
  message: string;
}

/** GOV.UK's error summary: focused when it appears, each problem a link to its field. */
export function ErrorSummary({ problems }: { problems: Problem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length > 0) ref.current?.focus();
  }, [problems.map((p) => p.message).join('\n')]);
  if (problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.message}>{p.field ? <a href={`#${p.field}`} onClick={(e) => focusField(e, p.field!)}>{p.message}</a> : p.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** Summary links move focus to the field without touching the hash (which holds the route). */
function focusField(event: Event, id: string): void {
  event.preventDefault();
  document.getElementById(id)?.focus();
}

export function Field(props: { id: string; label: string; hint?: string | undefined; error?: string | undefined; children: ComponentChildren }) {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? <span class="hint" id={`${props.id}-hint`}>{props.hint}</span> : null}
      {props.error ? <span class="field-error" id={`${props.id}-error`}>Error: {props.error}</span> : null}
      {props.children}
    </div>
  );
}

/** `aria-describedby` for a field's input: its hint and its error, when present. */
export const describedBy = (id: string, hint?: string, error?: string): string | undefined =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function Notice({ kind = 'info', title, children }: { kind?: 'info' | 'success' | 'warning'; title: string; children?: ComponentChildren }) {
  return (
    <div class={`notice ${kind}`} role={kind === 'warning' ? 'alert' : 'status'}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p class="muted" role="status">Loading {what}…</p>;
}

export function Failed({ error, retry }: { error: string; retry?: () => void }) {
  return (
    <div class="notice warning" role="alert">
      <h2>Could not load this</h2>
      <p>{error}</p>
      {retry ? <button type="button" class="button secondary" onClick={retry}>Try again</button> : null}
    </div>
  );
}

/** A table that scrolls sideways on a narrow screen; the scrolling region is reachable by keyboard. */
export function Table({ caption, children }: { caption: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

const tagColours: Record<string, string> = {
  active: 'green', delivered: 'green', published: 'green', closed: 'green',
  disabled: 'grey', withdrawn: 'grey', pending: 'yellow', retry: 'yellow', 'half-open': 'yellow', half_open: 'yellow', embargoed: 'yellow', no_key: 'yellow',
  failed: 'red', give_up: 'red', disable_endpoint: 'red', open: 'red',
};

export function Tag({ value }: { value: string }) {
  return <strong class={`tag ${tagColours[value] ?? ''}`}>{value.replace(/_/g, ' ')}</strong>;
}

/** A secret shown once: the value, a copy button, and a plain warning that it will not be shown again. */
export function OnceSecret({ title, value, children }: { title: string; value: string; children?: ComponentChildren }) {
  const [copied, setCopied] = useState<string>('');
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => setCopied('Copied to the clipboard.'),
      () => setCopied('Could not reach the clipboard: select the text and copy it.'),
    );
  return (
    <div class="notice success" role="status">
      <h2>{title}</h2>
      <p>This is the only time it is shown. Store it now: it cannot be read back later.</p>
      <code class="secret" data-testid="secret">{value}</code>
      <button type="button" class="button secondary" onClick={copy}>Copy to clipboard</button>
      <span aria-live="polite">{copied}</span>
      {children}
    </div>
  );
}

/** A destructive action behind a second, explicit button. */
export function Confirm(props: { label: string; question: string; confirmLabel: string; onConfirm: () => Promise<void> | void; warning?: boolean; describe?: string }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    // `describe` tells same-looking buttons apart for screen readers ("Rotate key, opslens").
    return (
      <button type="button" class={props.warning === false ? 'button secondary' : 'button warning'} aria-label={props.describe ? `${props.label}, ${props.describe}` : undefined}
        onClick={() => setAsking(true)}>{props.label}</button>
    );
  }
  return (
    <div class="notice warning" role="alertdialog" aria-labelledby="confirm-question">
      <h2 id="confirm-question">{props.question}</h2>
      <button type="button" class="button warning" ref={yes} disabled={busy} onClick={async () => {
        setBusy(true);
        try {
          await props.onConfirm();
        } finally {
          setBusy(false);
          setAsking(false);
        }
      }}>{props.confirmLabel}</button>
      <button type="button" class="button secondary" onClick={() => setAsking(false)}>Cancel</button>
    </div>
  );
}
