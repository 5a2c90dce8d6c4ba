import { Schema, type Connection } from 'mongoose';
import type { Role } from '@funnel/schemas';
import { tenantScopePlugin } from './tenant-scope-plugin';

/** A person (or an app) acting in a tenant; `managerId` makes forecasts roll up. */
export interface UserDoc {
  _id: string;
  tenantId: string;
  name: string;
  email?: string;
  roles: Role[];
  managerId: string | null;
  createdAt: Date;
}

const schema = new Schema<UserDoc>(
  {
    _id: String,
    tenantId: String,
    name: { type: String, required: true },
    email: String,
    roles: [String],
    managerId: { type: String, default: null },
    createdAt: Date,
  },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, managerId: 1 });

/** The User model on a connection. */
export const userModel = (connection: Connection) => connection.model<UserDoc>('User', schema, 'users');
