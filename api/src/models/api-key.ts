import { Schema, type Connection } from 'mongoose';
import type { Role } from '@funnel/schemas';
import type { StoredKeyScope } from '../auth/key-scope';
import { holdsAuditEntries } from './audit-entry';
import { tenantScopePlugin } from './tenant-scope-plugin';

/** An app that holds keys of its own: a name and the roles its keys act with, whoever made them. */
export interface Integration {
  name: string;
  roles: Role[];
}

/**
 * An API key: only the SHA-256 of the token is kept; the token is shown once. It belongs to a user (acts with their
 * roles, stops when they are deactivated) or to an integration (acts with the integration's roles).
 */
export interface ApiKeyDoc {
  _id: string;
  tenantId: string;
  /** The user whose roles the key acts with; absent on an integration's key. */
  userId?: string | null;
  integration?: Integration | null;
  name: string;
  hash: string;
  /** What the key may call; keys made before scopes have none and are full. */
  scope?: StoredKeyScope;
  /** The user (or, for a key made by an integration's key, the key) that made it; absent on keys made before this was kept. */
  createdBy?: string | null;
  createdAt: Date;
  /** When the secret was last replaced (rotateApiKey); the key's id, name, owner and scope stay. */
  rotatedAt?: Date;
  revokedAt?: Date;
  /** When the key last authenticated a request, written at most once per `keyLastUsedIntervalMs` per process. */
  lastUsedAt?: Date | null;
}

const schema = new Schema<ApiKeyDoc>(
  {
    _id: String,
    tenantId: String,
    userId: String,
    integration: { type: { name: String, roles: [String], _id: false }, default: undefined },
    name: { type: String, required: true },
    hash: { type: String, required: true },
    scope: { type: { access: String, operations: { type: [String], default: undefined }, _id: false }, default: undefined },
    createdBy: String,
    createdAt: Date,
    rotatedAt: Date,
    revokedAt: Date,
    lastUsedAt: Date,
  },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
holdsAuditEntries(schema);
schema.index({ tenantId: 1, hash: 1 }, { unique: true });

/** The ApiKey model on a connection. */
export const apiKeyModel = (connection: Connection) => connection.model<ApiKeyDoc>('ApiKey', schema, 'apiKeys');
