import { print } from '@0no-co/graphql.web';
import { initGraphQLTada, type TadaDocumentNode } from 'gql.tada';
import { graphqlRequest } from '../api/graphql-request';
import type { introspection } from './graphql-env.d.ts';

/**
 * The work area's GraphQL documents, typed from the api's printed schema (api/schema.graphql) by gql.tada: a field the
 * schema lacks is a type error, and every result and variable has its type without hand-written interfaces.
 * `graphql-env.d.ts` is generated: after a schema change run `npx gql-tada generate output` in designer/
 * (designer/test/graphql-env.test.ts fails until it is current).
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown; ID: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';

/**
 * Sends a typed document through the app's one request path (session cookie or API key, CSRF header, sign-out on
 * an expired session) and returns its typed `data`.
 * @example const { record } = await request(RECORD_QUERY, { id });
 */
export function request<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  ...[variables]: Variables extends Record<string, never> ? [] | [Variables] : [Variables]
): Promise<Result> {
  return graphqlRequest<Result>({ query: print(document), variables: (variables ?? {}) as Record<string, unknown> });
}
