import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/** A tenant: one firm. Its own `tenantId` equals its `_id`, so it is scoped like everything else. */
export interface TenantDoc {
  _id: string;
  tenantId: string;
  name: string;
  demo: boolean;
  createdAt: Date;
}

const schema = new Schema<TenantDoc>(
  { _id: String, tenantId: String, name: { type: String, required: true }, demo: { type: Boolean, default: false }, createdAt: Date },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);

/** The Tenant model on a connection. */
export const tenantModel = (connection: Connection) => connection.model<TenantDoc>('Tenant', schema, 'tenants');
