import { ROLES, type Role } from '@funnel/schemas';
import { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import { ApiError, ForbiddenError } from '../errors';
import type { Viewer } from './viewer';

/** The scopes a failure names, in the order the field lists them. */
function failedScopes(failure: AuthFailure): string[] {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return [failure.scope];
    case AuthScopeFailureType.AnyAuthScopes:
    case AuthScopeFailureType.AllAuthScopes:
      return failure.failures.flatMap(failedScopes);
    case AuthScopeFailureType.AuthScopeFunction:
    case AuthScopeFailureType.GrantedScope:
    case AuthScopeFailureType.Unknown:
      return [];
    default: {
      const unreachable: never = failure;
      throw new Error(`unknown auth failure ${JSON.stringify(unreachable)}`);
    }
  }
}

const isRole = (scope: string): scope is Role => (ROLES as readonly string[]).includes(scope);

/**
 * What a caller the field's auth scopes refused is told: UNAUTHENTICATED without a session or a valid key, otherwise Forbidden
 * with the roles the field asks for (a typed result where the field has typed errors: builder.ts lists
 * ForbiddenError in every union).
 * @example refusal({ kind: 'root' }, failure) // → ForbiddenError(['admin'], 'The root key may only create tenants')
 */
export function refusal(viewer: Viewer, failure: AuthFailure): ApiError {
  const scopes = failedScopes(failure);
  // Only createTenant asks for the root key.
  if (scopes.includes('root')) {
    return viewer.kind === 'anonymous'
      ? new ApiError('UNAUTHENTICATED', 'Send the root key as "Authorization: Bearer <key>"')
      : new ForbiddenError(['root'], 'Only the root key may create tenants');
  }
  if (viewer.kind === 'anonymous')
    return new ApiError('UNAUTHENTICATED', 'Sign in (the session cookie) or send a valid API key as "Authorization: Bearer <key>"');
  const roles = scopes.filter(isRole);
  return viewer.kind === 'root' ? new ForbiddenError(roles, 'The root key may only create tenants') : new ForbiddenError(roles);
}
