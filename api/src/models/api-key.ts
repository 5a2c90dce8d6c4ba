import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/** An API key: only the SHA-256 of the token is kept; the token is shown once. */
export interface ApiKeyDoc {
  _id: string;
  tenantId: string;
  userId: string;
  name: string;
  hash: string;
  createdAt: Date;
  /** When the secret was last replaced (rotateApiKey); the key's id, name and user stay. */
  rotatedAt?: Date;
  revokedAt?: Date;
}

const schema = new Schema<ApiKeyDoc>(
  {
    _id: String,
    tenantId: String,
    userId: { type: String, required: true },
    name: { type: String, required: true },
    hash: { type: String, required: true },
    createdAt: Date,
    rotatedAt: Date,
    revokedAt: Date,
  },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, hash: 1 }, { unique: true });

/** The ApiKey model on a connection. */
export const apiKeyModel = (connection: Connection) => connection.model<ApiKeyDoc>('ApiKey', schema, 'apiKeys');
