import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * A person's signed-in browser. `_id` is the SHA-256 of the cookie's token (the token itself is never stored), so a
 * stolen copy of the store signs nobody in.
 */
export interface SessionDoc {
  _id: string;
  tenantId: string;
  userId: string;
  createdAt: Date;
  /** When a request last used it (written at most every few minutes: see services/sessions.ts). */
  lastSeenAt: Date;
  /** When it ends unless used again: `lastSeenAt` + the idle time, never after `endsAt`. */
  expiresAt: Date;
  /** When it ends however much it is used: sign-in + the maximum age (`sessionMaxAgeMs`). */
  endsAt: Date;
}

const schema = new Schema<SessionDoc>(
  { _id: String, tenantId: String, userId: { type: String, required: true }, createdAt: Date, lastSeenAt: Date, expiresAt: Date, endsAt: Date },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
// Sign out everywhere, deactivation and a password change end every session of a user.
schema.index({ tenantId: 1, userId: 1 });
// MongoDB deletes ended sessions by this TTL index; on the embedded store, which does not expire documents, each api
// process deletes them now and then (services/expired-account-records.ts). Sign-in refuses them either way.
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

/** The Session model on a connection. */
export const sessionModel = (connection: Connection) => connection.model<SessionDoc>('Session', schema, 'sessions');
