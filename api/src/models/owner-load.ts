import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * The open records one person holds in one workflow that count against the workflow's capacity (`assignment.capacity`):
 * `_id` is `${tenantId}:${workflowKey}:${userId}`. A place is taken by a conditional `$addToSet` that only matches
 * while fewer than the maximum are held (services/owner-capacity.ts), so the maximum holds under any number of api
 * processes; taking and giving back the same record twice changes nothing.
 */
export interface OwnerLoadDoc {
  _id: string;
  tenantId: string;
  workflowKey: string;
  userId: string;
  records: string[];
  /** Per record of `records`, the highest record version its place was taken for (absent on places taken before). */
  versions?: Record<string, number>;
}

const schema = new Schema<OwnerLoadDoc>(
  { _id: String, tenantId: String, workflowKey: String, userId: String, records: [String], versions: Schema.Types.Mixed },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, workflowKey: 1, userId: 1 });

/** The OwnerLoad model on a connection. */
export const ownerLoadModel = (connection: Connection) => connection.model<OwnerLoadDoc>('OwnerLoad', schema, 'ownerLoads');
