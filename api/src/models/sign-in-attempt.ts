import { Schema, type Connection } from 'mongoose';

/**
 * A count of sign-in attempts in one fixed window, for one account (`account:<hash of slug and email>:<window>`) or
 * one client address (`address:<address>:<window>`), shared by every api process. Not a tenant's document: an
 * address signs in to any tenant and an unknown slug names none, so it has no `tenantId` and is read and written
 * through `Model.collection` only (services/sign-in-limiter.ts), like the sweeper's cross-tenant scan.
 */
export interface SignInAttemptDoc {
  _id: string;
  count: number;
  /** The end of the window; MongoDB deletes the document after it, the limiter prunes it on the embedded store. */
  expiresAt: Date;
}

const schema = new Schema<SignInAttemptDoc>({ _id: String, count: Number, expiresAt: Date }, { versionKey: false });
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

/** The SignInAttempt model on a connection (for its index; use `.collection`). */
export const signInAttemptModel = (connection: Connection) => connection.model<SignInAttemptDoc>('SignInAttempt', schema, 'signInAttempts');
