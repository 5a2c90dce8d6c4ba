import { Schema, type Connection } from 'mongoose';
import type { AdminChange, AuditActor } from '../accounts/admin-changes';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * One entry of the audit log: an administrative change, who made it and when. Append-only: nothing updates or
 * deletes an entry. `_id` is an ObjectId made from `at` (its first four bytes are `at`'s second), so the log pages
 * newest first by `_id` and a time range is an `_id` range too.
 */
export type AuditEntryDoc = AdminChange & {
  _id: string;
  tenantId: string;
  at: Date;
  actor: AuditActor;
};

const schema = new Schema<AuditEntryDoc>(
  {
    _id: String,
    tenantId: String,
    at: Date,
    action: String,
    actor: { userId: String, keyId: String },
    targetType: String,
    targetId: String,
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false },
);
schema.plugin(tenantScopePlugin);
// The log's reads: all of a tenant's, by actor (a person or a key), by target, by kind of target; newest first.
schema.index({ tenantId: 1, _id: -1 });
schema.index({ tenantId: 1, 'actor.userId': 1, _id: -1 });
schema.index({ tenantId: 1, 'actor.keyId': 1, _id: -1 });
schema.index({ tenantId: 1, targetId: 1, _id: -1 });
schema.index({ tenantId: 1, targetType: 1, _id: -1 });

/** The AuditEntry model on a connection. */
export const auditEntryModel = (connection: Connection) => connection.model<AuditEntryDoc>('AuditEntry', schema, 'auditLog');

/**
 * Lets documents of `schema` carry the audit entries of the writes that change them (`auditOutbox`) until the entries
 * are in the log (services/admin-audit.ts): never read with the document, absent when there are none, and indexed
 * sparsely for the repair scan, which looks for documents that still carry some.
 */
export function holdsAuditEntries(schema: Schema): void {
  schema.add({ auditOutbox: { type: [Schema.Types.Mixed], select: false, default: undefined } });
  schema.index({ 'auditOutbox._id': 1 }, { sparse: true });
}
