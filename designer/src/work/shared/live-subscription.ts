import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import { type Client, createClient } from 'graphql-sse';
import { useSession } from '../../session/useSession';

/** How long a live list waits after an event before reading itself again (a burst of events reads once). */
export const LIVE_RELOAD_MS = 300;

/** The longest wait between two tries to open a dropped stream again. */
const RETRY_MAX_MS = 5_000;

let client: Client | null = null;

/**
 * The app's one GraphQL-over-SSE client (graphql-sse, "distinct connections" as yoga serves them): each subscription
 * is a POST from the app's own script with the CSRF header and, in a tab signed in with a key, the key — so the api's
 * cross-site check lets it through, which a browser's EventSource could not (it sends no headers). A stream that
 * drops is opened again, waiting 1, 2, 4 s and then 5 s between tries, for as long as the page listens.
 */
function sseClient(): Client {
  client ??= createClient({
    url: '/graphql',
    credentials: 'same-origin',
    headers: () => {
      const key = useSession.getState().apiKey;
      return { 'x-funnel-csrf': '1', ...(key ? { authorization: `Bearer ${key}` } : {}) };
    },
    retryAttempts: Number.POSITIVE_INFINITY,
    retry: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MAX_MS, 1_000 * 2 ** retries))),
  });
  return client;
}

/**
 * Listens to a subscription until the returned function stops it: `onData` with each result's data, `onReopen` when
 * a dropped stream is open again (what happened meanwhile came on no stream: read it again), and with `reopenOnOpen`
 * also when it first opens (for a list read before its stream was open, which may have missed an event meanwhile).
 * @example const stop = subscribe({ document: BOARD_EVENTS, variables: { workflowKey }, onData: (data) => show(data.recordEvents) });
 */
export function subscribe<Result, Variables>(input: {
  document: TadaDocumentNode<Result, Variables>;
  variables: Variables;
  onData: (data: Result) => void;
  onReopen?: () => void;
  reopenOnOpen?: boolean;
}): () => void {
  const { document, variables, onData, onReopen } = input;
  return sseClient().subscribe<Result>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.data) onData(result.data as Result);
      },
      error: () => undefined,
      complete: () => undefined,
    },
    { connected: (reconnected) => (reconnected || input.reopenOnOpen === true) && onReopen?.() },
  );
}
