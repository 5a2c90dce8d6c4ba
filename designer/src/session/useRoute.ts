import { useSyncExternalStore } from 'react';

/** The designer's pages, read from the URL hash so links and the back button work without a router. */
export type Route = { page: 'home' } | { page: 'editor'; workflowKey: string } | { page: 'dashboard'; workflowKey: string };

/**
 * Reads a hash such as "#/workflows/trunk/dashboard".
 * @example parseRoute('#/workflows/trunk') // → { page: 'editor', workflowKey: 'trunk' }
 */
function parseRoute(hash: string): Route {
  const [, section, key, tail] = hash.replace(/^#/, '').split('/');
  if (section === 'workflows' && key) {
    const workflowKey = decodeURIComponent(key);
    return tail === 'dashboard' ? { page: 'dashboard', workflowKey } : { page: 'editor', workflowKey };
  }
  return { page: 'home' };
}

/**
 * The hash for a route.
 * @example routeHash({ page: 'dashboard', workflowKey: 'trunk' }) // → '#/workflows/trunk/dashboard'
 */
function routeHash(route: Route): string {
  switch (route.page) {
    case 'home':
      return '#/';
    case 'editor':
      return `#/workflows/${encodeURIComponent(route.workflowKey)}`;
    case 'dashboard':
      return `#/workflows/${encodeURIComponent(route.workflowKey)}/dashboard`;
    default:
      return route satisfies never;
  }
}

/** Goes to a route (adds a history entry). */
export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
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
