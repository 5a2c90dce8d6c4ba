import type { Actor } from '@funnel/engine';
import type { UserDoc } from '../models/user';

/** Who is calling: nobody, the root key (may create tenants), or a user of one tenant. */
export type Viewer = { kind: 'anonymous' } | { kind: 'root' } | { kind: 'user'; tenantId: string; user: UserDoc; actor: Actor; keyId: string };

/** A user of one tenant: the viewer of every field behind a user scope (auth-scopes.ts). */
export type UserViewer = Extract<Viewer, { kind: 'user' }>;
