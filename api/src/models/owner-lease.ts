import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * A short lease that serializes limit-checked writes for one (tenant, owner): claims within a window,
 * records with an extension. `claims` keeps the owner's recent claim times.
 */
export interface OwnerLeaseDoc {
  _id: string;
  tenantId: string;
  key: string;
  holder: string | null;
  until: number;
  claims: number[];
}

const schema = new Schema<OwnerLeaseDoc>(
  { _id: String, tenantId: String, key: String, holder: String, until: Number, claims: [Number] },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, key: 1 }, { unique: true });

/** The OwnerLease model on a connection. */
export const ownerLeaseModel = (connection: Connection) => connection.model<OwnerLeaseDoc>('OwnerLease', schema, 'ownerLeases');
