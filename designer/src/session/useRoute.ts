import { useSyncExternalStore } from 'react';

/**
 * The app's pages, read from the URL hash so links and the back button work without a router. The account pages are
 * where the api's mailed links lead (api/src/mail/account-link.ts builds `#/accept-invitation?workspace=…&token=…`).
 */
export type Route =
  | { page: 'home' }
  | { page: 'editor'; workflowKey: string }
  | { page: 'dashboard'; workflowKey: string }
  | { page: 'myWork' }
  | { page: 'board'; workflowKey: string | null; pipeline: string | null }
  | { page: 'pool'; workflowKey: string | null }
  | { page: 'record'; recordId: string }
  | { page: 'people' }
  | { page: 'apps' }
  | { page: 'imports' }
  | { page: 'exports' }
  | { page: 'approvals' }
  | { page: 'team'; workflowKey: string | null }
  | { page: 'distribution'; workflowKey: string | null }
  | { page: 'forgotPassword' }
  | { page: 'acceptInvitation'; workspace: string; token: string }
  | { page: 'resetPassword'; workspace: string; token: string };

/** The account pages a mailed link opens, by their path in the hash. */
const LINK_PAGES = { 'accept-invitation': 'acceptInvitation', 'reset-password': 'resetPassword' } as const;

/**
 * Reads a hash such as "#/workflows/trunk/dashboard" or "#/reset-password?workspace=acme&token=fl_…".
 * @example parseRoute('#/workflows/trunk') // → { page: 'editor', workflowKey: 'trunk' }
 */
export function parseRoute(hash: string): Route {
  const bare = hash.replace(/^#/, '');
  const at = bare.indexOf('?');
  const path = at < 0 ? bare : bare.slice(0, at);
  const query = at < 0 ? '' : bare.slice(at + 1);
  const [, section, key, tail] = path.split('/');
  const params = new URLSearchParams(query);
  if (section === 'workflows' && key) {
    const workflowKey = decodeURIComponent(key);
    if (tail === 'dashboard') return { page: 'dashboard', workflowKey };
    if (tail === 'board') return { page: 'board', workflowKey, pipeline: params.get('pipeline') };
    if (tail === 'pool' || tail === 'team' || tail === 'distribution') return { page: tail, workflowKey };
    return { page: 'editor', workflowKey };
  }
  if (section === 'work') return { page: 'myWork' };
  if (section === 'board') return { page: 'board', workflowKey: null, pipeline: null };
  if (section === 'pool') return { page: 'pool', workflowKey: null };
  if (section === 'people') return { page: 'people' };
  if (section === 'apps') return { page: 'apps' };
  if (section === 'approvals') return { page: 'approvals' };
  if (section === 'team' || section === 'distribution') return { page: section, workflowKey: null };
  if (section === 'records' && key) return { page: 'record', recordId: decodeURIComponent(key) };
  if (section === 'imports') return { page: 'imports' };
  if (section === 'exports') return { page: 'exports' };
  if (section === 'forgot-password') return { page: 'forgotPassword' };
  if (section === 'accept-invitation' || section === 'reset-password') {
    return { page: LINK_PAGES[section], workspace: params.get('workspace') ?? '', token: params.get('token') ?? '' };
  }
  return { page: 'home' };
}

/**
 * The hash for a route.
 * @example routeHash({ page: 'dashboard', workflowKey: 'trunk' }) // → '#/workflows/trunk/dashboard'
 */
export function routeHash(route: Route): string {
  switch (route.page) {
    case 'home':
      return '#/';
    case 'editor':
      return `#/workflows/${encodeURIComponent(route.workflowKey)}`;
    case 'dashboard':
      return `#/workflows/${encodeURIComponent(route.workflowKey)}/dashboard`;
    case 'myWork':
      return '#/work';
    case 'board': {
      if (route.workflowKey === null) return '#/board';
      const base = `#/workflows/${encodeURIComponent(route.workflowKey)}/board`;
      return route.pipeline === null ? base : `${base}?${new URLSearchParams({ pipeline: route.pipeline })}`;
    }
    case 'pool':
    case 'team':
    case 'distribution':
      return route.workflowKey === null ? `#/${route.page}` : `#/workflows/${encodeURIComponent(route.workflowKey)}/${route.page}`;
    case 'record':
      return `#/records/${encodeURIComponent(route.recordId)}`;
    case 'people':
      return '#/people';
    case 'apps':
      return '#/apps';
    case 'imports':
      return '#/imports';
    case 'exports':
      return '#/exports';
    case 'approvals':
      return '#/approvals';
    case 'forgotPassword':
      return '#/forgot-password';
    case 'acceptInvitation':
      return `#/accept-invitation?${new URLSearchParams({ workspace: route.workspace, token: route.token })}`;
    case 'resetPassword':
      return `#/reset-password?${new URLSearchParams({ workspace: route.workspace, token: route.token })}`;
    default:
      return route satisfies never;
  }
}

/** Goes to a route: a new history entry, or (`replace`) in place of this one, so a used link's token leaves the history. */
export function navigate(route: Route, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) window.location.replace(routeHash(route));
  else window.location.hash = routeHash(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current route; re-renders when the hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
