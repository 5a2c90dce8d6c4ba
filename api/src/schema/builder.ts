import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { type AuthContexts, type AuthScopes, authScopesOf } from '../auth/auth-scopes';
import { refusal } from '../auth/refusal';
import type { Context } from '../context';
import { ForbiddenError } from '../errors';
import { HEAVY_OPERATION_PLUGIN } from './heavy-operation-plugin';

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The one Pothos builder: typed context, DateTime and JSON scalars, Relay connections, typed error results
 * (`errors: { types: [...] }` on a field turns those errors into union members), and who may call each field
 * (`authScopes`, or `t.withAuth` where the resolver reads the user).
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  AuthContexts: AuthContexts;
  Scalars: {
    DateTime: { Input: Date; Output: Date | number };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  // The errors plugin first: it wraps the others, so the refusals they throw become typed results too. Scope-auth
  // next, so a caller it refuses runs nothing else (nor waits for a heavy operation's turn).
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, HEAVY_OPERATION_PLUGIN],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  errors: {
    defaultTypes: [ForbiddenError],
    directResult: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${pascal(fieldName)}Result` },
    defaultResultOptions: { name: ({ fieldName }) => `${pascal(fieldName)}Success` },
  },
  scopeAuth: {
    authScopes: (ctx) => authScopesOf(ctx.viewer),
    unauthorizedError: (_parent, ctx, _info, result) => refusal(ctx.viewer, result.failure),
    // A subscription is refused when it is made, as a query is, not at each event.
    authorizeOnSubscribe: true,
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
