import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * One entry of the key revocation log: every api process evicts what it names from its credential cache
 * (docs/decisions.md 21). It names a key (revoked or rotated), a session (signed out) or a user (all of that user's
 * keys and sessions: deactivated, roles changed, signed out everywhere, password changed).
 */
export interface KeyRevocationDoc {
  _id: string;
  tenantId: string;
  keyId?: string;
  sessionId?: string;
  userId?: string;
  /** Set by the store's clock ($currentDate), so processes whose clocks differ read the log in one order. */
  at: Date;
}

const schema = new Schema<KeyRevocationDoc>(
  { _id: String, tenantId: String, keyId: String, sessionId: String, userId: String, at: Date },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
// The pollers' query, across tenants: entries newer than what they have read.
schema.index({ at: 1 });

/** The KeyRevocation model on a connection. */
export const keyRevocationModel = (connection: Connection) => connection.model<KeyRevocationDoc>('KeyRevocation', schema, 'keyRevocations');
