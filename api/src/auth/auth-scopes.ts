import { ROLES, type Role } from '@funnel/schemas';
import type { SignedInContext } from '../context';
import type { Viewer } from './viewer';

/**
 * The scopes a field asks for in its `authScopes` (or `t.withAuth`): `anyone` (signed in or not: sign-in itself,
 * invitation and reset links), `root` (the root key), `signedIn` (any user of a tenant) and one per role (a user
 * with that role). Several in one map mean any of them (Pothos's default).
 */
export type AuthScopes = { anyone: boolean; root: boolean; signedIn: boolean } & Record<Role, boolean>;

/** What `ctx` is behind each user scope: `t.withAuth({ admin: true })` gives its resolver the user, typed. */
export type AuthContexts = Record<'signedIn' | Role, SignedInContext>;

/**
 * The scopes one request holds, from who calls (scope-auth asks once per request).
 * @example authScopesOf({ kind: 'root' }) // → { anyone: true, root: true, signedIn: false, admin: false, manager: false, … }
 */
export function authScopesOf(viewer: Viewer): AuthScopes {
  const roles: readonly Role[] = viewer.kind === 'user' ? viewer.user.roles : [];
  const byRole = Object.fromEntries(ROLES.map((role) => [role, roles.includes(role)])) as Record<Role, boolean>;
  return { anyone: true, root: viewer.kind === 'root', signedIn: viewer.kind === 'user', ...byRole };
}
