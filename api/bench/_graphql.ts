// (The leading underscore keeps `pnpm bench` from running this as a benchmark.)

/** What sends a request: the global `fetch` (over HTTP), or an api's `yoga.fetch` in the benchmark's own process. */
type Send = (url: string, init: RequestInit) => Promise<Response> | Response;

/**
 * A GraphQL request to `url` through `send`, signed in with `key`; its errors are thrown, its data returned.
 * @example const data = await graphql(server.yoga.fetch, 'http://bench/graphql', adminKey, '{ me { id } }')
 */
export async function graphql(send: Send, url: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const response = await send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data ?? {};
}

/**
 * The same to an api in the benchmark's own process (`yoga.fetch`, no socket).
 * @example const data = await inProcessGraphql(server, adminKey, '{ me { id } }')
 */
export function inProcessGraphql(
  server: { yoga: { fetch: Send } },
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Record<string, any>> {
  return graphql(server.yoga.fetch, 'http://bench/graphql', key, query, variables);
}
