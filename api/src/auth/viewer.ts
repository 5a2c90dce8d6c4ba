import type { Actor } from '@funnel/engine';
import type { UserDoc } from '../models/user';
import type { KeyScope } from './key-scope';

/**
 * How a user proved who they are: an app's API key (`Authorization: Bearer`), or a person's browser session (the
 * session cookie; its id is the token's hash). A key carries its scope (what it may call, checked before anything
 * runs: auth/use-key-scopes.ts), whether it is an integration's (the viewer's user then stands for the integration)
 * and `usedAt`, when its use was last written (auth/key-use.ts). `seenAt` is when the session's use was last written
 * to the store (auth/session-viewer.ts), `endsAt` when it ends however much it is used (all epoch ms).
 */
type Credential =
  | { kind: 'apiKey'; id: string; scope: KeyScope; integration: boolean; usedAt: number }
  | { kind: 'session'; id: string; seenAt: number; endsAt: number };

/** Who is calling: nobody, the root key (may create tenants), or a user of one tenant. */
export type Viewer = { kind: 'anonymous' } | { kind: 'root' } | { kind: 'user'; tenantId: string; user: UserDoc; actor: Actor; credential: Credential };

/** A user of one tenant: the viewer of every field behind a user scope (auth-scopes.ts). */
export type UserViewer = Extract<Viewer, { kind: 'user' }>;
