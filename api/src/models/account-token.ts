import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/** What a link's token lets its holder do once: set the first password (an invitation) or a new one (a reset). */
export type AccountTokenPurpose = 'invitation' | 'password_reset';

/** The token of an invitation or password reset link. `_id` is the SHA-256 of the token; the token is only in the link. */
export interface AccountTokenDoc {
  _id: string;
  tenantId: string;
  userId: string;
  purpose: AccountTokenPurpose;
  createdAt: Date;
  expiresAt: Date;
  /** Set when the link is used (or replaced by a newer one): a used link is refused like an unknown one. */
  usedAt: Date | null;
}

const schema = new Schema<AccountTokenDoc>(
  {
    _id: String,
    tenantId: String,
    userId: { type: String, required: true },
    purpose: { type: String, required: true },
    createdAt: Date,
    expiresAt: Date,
    usedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, userId: 1 });
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

/** The AccountToken model on a connection. */
export const accountTokenModel = (connection: Connection) => connection.model<AccountTokenDoc>('AccountToken', schema, 'accountTokens');
