import type { Actor } from '@funnel/engine';
import type { Role } from '@funnel/schemas';
import type { UserDoc } from '../models/user';

/** Who is calling: nobody, the root key (may create tenants), or a user of one tenant. */
export type Viewer = { kind: 'anonymous' } | { kind: 'root' } | { kind: 'user'; tenantId: string; user: UserDoc; actor: Actor; keyId: string };

/** True when a user viewer holds one of the roles. */
export function hasRole(viewer: Viewer, roles: readonly Role[]): boolean {
  return viewer.kind === 'user' && viewer.user.roles.some((r) => roles.includes(r));
}
