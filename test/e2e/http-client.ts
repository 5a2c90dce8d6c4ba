import type { AddressInfo } from 'node:net';
import { createHttpServer, type FunnelServer } from '@funnel/api';
import type { GraphQLResult } from './harness';

/** An api process listening on a port of 127.0.0.1, as `npm start` serves it, and a GraphQL client for it. */
export interface HttpApi {
  url: string;
  /** One POST to /graphql over a socket, as an app sends it (`Authorization: Bearer <key>` when a key is given). */
  gql: <T = Record<string, any>>(key: string | null, query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult<T>>;
  close: () => Promise<void>;
}

/**
 * Serves `server` over real HTTP (node's server with the api's edge limits, on a free port) until `close`.
 * @example const api = await listen(h.server); await api.gql(key, '{ me { user { id } } }')
 */
export async function listen(server: FunnelServer): Promise<HttpApi> {
  const http = createHttpServer(server);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const gql = gqlAt(url);
  const close = () =>
    new Promise<void>((resolve) => {
      http.close(() => resolve());
      // fetch keeps its connections alive; close would wait for them to time out.
      http.closeAllConnections();
    });
  return { url, gql, close };
}

/**
 * A GraphQL client for the api at `url` (`http://127.0.0.1:<port>/graphql`), e.g. an api process a test started: one
 * POST per call, as an app sends it (`Authorization: Bearer <key>` when a key is given).
 * @example const gql = gqlAt(`http://127.0.0.1:${port}/graphql`); await gql(key, '{ me { roles } }')
 */
export function gqlAt(url: string): HttpApi['gql'] {
  return async (key, query, variables = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as GraphQLResult<any>;
    } catch {
      throw new Error(`not JSON (${response.status}): ${text.slice(0, 200)}`);
    }
  };
}
