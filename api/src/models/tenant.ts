import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/** A tenant: one firm. Its own `tenantId` equals its `_id`, so it is scoped like everything else. */
export interface TenantDoc {
  _id: string;
  tenantId: string;
  name: string;
  /** The tenant's sign-in name (lower-case letters, digits, hyphens), unique across tenants; in invitation links. */
  slug?: string;
  demo: boolean;
  createdAt: Date;
}

const schema = new Schema<TenantDoc>(
  { _id: String, tenantId: String, name: { type: String, required: true }, slug: String, demo: { type: Boolean, default: false }, createdAt: Date },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
// Sign-in finds a tenant by its slug, across tenants; tenants made before slugs existed get one at start.
schema.index({ slug: 1 }, { unique: true, partialFilterExpression: { slug: { $type: 'string' } } });

/** The Tenant model on a connection. */
export const tenantModel = (connection: Connection) => connection.model<TenantDoc>('Tenant', schema, 'tenants');
