/** Where the api answers GraphQL: same origin in production, proxied by Vite in development. */
const GRAPHQL_PATH = '/graphql';

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
}

/**
 * Sends one GraphQL operation with the session's API key and returns `data`;
 * throws a GraphqlRequestError when the network, the server or GraphQL says no.
 * @example await graphqlRequest({ apiKey, query: ME, variables: {} })
 */
export async function graphqlRequest<TData>({
  apiKey,
  query,
  variables = {},
}: {
  apiKey: string;
  query: string;
  variables?: Record<string, unknown>;
}): Promise<TData> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new GraphqlRequestError(`The api cannot be reached: ${error instanceof Error ? error.message : String(error)}`, null);
  }
  const body = (await response.json().catch(() => null)) as { data?: TData; errors?: GraphqlError[] } | null;
  if (body?.errors && body.errors.length > 0) {
    throw new GraphqlRequestError(body.errors.map((error) => error.message).join('; '), response.status, body.errors);
  }
  if (!response.ok || !body || body.data === undefined) {
    throw new GraphqlRequestError(`The api answered ${response.status} ${response.statusText}`, response.status);
  }
  return body.data;
}
