import { useSession } from '../session/useSession';

/** Where the api answers GraphQL: same origin in production, proxied by Vite in development. */
const GRAPHQL_PATH = '/graphql';

/**
 * The header that shows the api a cookie-signed request comes from Funnel's own script (a form or a link elsewhere
 * cannot set one; docs/decisions.md 26). Requests are JSON too, which the api also takes as that proof.
 */
const CSRF_HEADER = { 'x-funnel-csrf': '1' };

/** A GraphQL error as the api sends it; `extensions.code` and pointers say what and where. */
export interface GraphqlError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** A failed request, in words a person can read (network, HTTP status, or GraphQL errors). */
export class GraphqlRequestError extends Error {
  override readonly name = 'GraphqlRequestError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly errors: readonly GraphqlError[] = [],
  ) {
    super(message);
  }

  /** The api's code for the failure (`UNAUTHENTICATED`, `BUSY`, …), or null for a network or HTTP failure without one. */
  get code(): string | null {
    const code = this.errors.find((error) => typeof error.extensions?.code === 'string')?.extensions?.code;
    return typeof code === 'string' ? code : null;
  }
}

/**
 * Sends one GraphQL operation and returns `data`; throws a GraphqlRequestError when the network, the server or
 * GraphQL says no. A person's session rides in the api's HTTP-only cookie (sent with the request, never read here);
 * a developer's API key, when the tab signed in with one (or `apiKey` to check another), goes as a bearer token.
 * An answer that nobody is signed in (401, UNAUTHENTICATED) while someone was signs the app out, to the sign-in screen.
 * @example await graphqlRequest({ query: ME_QUERY })
 */
export async function graphqlRequest<TData>({
  query,
  variables = {},
  apiKey,
}: {
  query: string;
  variables?: Record<string, unknown>;
  apiKey?: string;
}): Promise<TData> {
  const key = apiKey ?? useSession.getState().apiKey;
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...CSRF_HEADER, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new GraphqlRequestError(`The api cannot be reached: ${error instanceof Error ? error.message : String(error)}`, null);
  }
  const body = (await response.json().catch(() => null)) as { data?: TData; errors?: GraphqlError[] } | null;
  const failure =
    body?.errors && body.errors.length > 0
      ? new GraphqlRequestError(body.errors.map((error) => error.message).join('; '), response.status, body.errors)
      : !response.ok || !body || body.data === undefined
        ? new GraphqlRequestError(`The api answered ${response.status} ${response.statusText}`, response.status)
        : null;
  if (!failure) return body?.data as TData;
  const session = useSession.getState();
  if ((response.status === 401 || failure.code === 'UNAUTHENTICATED') && session.status === 'signedIn' && !apiKey) session.signedOut('expired');
  throw failure;
}
