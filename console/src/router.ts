/**
 * Each screen is a URL: `#/subscriptions/ID/deliveries?status=failed`. Hash
 * routes keep the console a set of static files (the API serves one page),
 * and a reload or a shared link opens the same screen.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Location {
  /** Path segments after `#/`, decoded. */
  segments: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Location | undefined {
  if (!hash.startsWith('#/')) return undefined;
  const [pathPart = '', search = ''] = hash.slice(2).split('?', 2);
  const segments = pathPart.split('/').filter((s) => s !== '').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { segments, params: new URLSearchParams(search) };
}

/** `href('subscriptions', id)` → `#/subscriptions/ID`, each segment encoded. */
export function href(...segments: Array<string | number>): string {
  return `#/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
}

/** The same with a query from the set fields. */
export function hrefWith(params: Record<string, string | undefined>, ...segments: Array<string | number>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const text = search.toString();
  return href(...segments) + (text ? `?${text}` : '');
}

export const navigate = (target: string): void => {
  window.location.hash = target;
};

/** The current location; hashes that are not routes (`#main` from the skip link) leave it as it was. */
export function useLocation(): Location {
  const [location, setLocation] = useState<Location>(() => parseHash(window.location.hash) ?? { segments: [], params: new URLSearchParams() });
  useEffect(() => {
    const onChange = () => {
      const next = parseHash(window.location.hash);
      if (next) setLocation(next);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return location;
}
