import { Schema, type Connection } from 'mongoose';
import type { WorkflowDefinition } from '@funnel/schemas';
import { holdsAuditEntries } from './audit-entry';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * A published, immutable version of a workflow; records pin one. Never changed after insert (the audit entry of its
 * publish rides on the insert and is taken off once it is in the log: models/audit-entry.ts).
 */
export interface WorkflowVersionDoc {
  _id: string;
  tenantId: string;
  workflowKey: string;
  version: number;
  definition: WorkflowDefinition;
  publishedAt: Date;
  publishedBy: string;
  /** What the publisher said about the version; absent when they said nothing. */
  note?: string;
}

const schema = new Schema<WorkflowVersionDoc>(
  {
    _id: String,
    tenantId: String,
    workflowKey: { type: String, required: true },
    version: { type: Number, required: true },
    definition: Schema.Types.Mixed,
    publishedAt: Date,
    publishedBy: String,
    note: String,
  },
  { versionKey: false, minimize: false },
);
schema.plugin(tenantScopePlugin);
holdsAuditEntries(schema);
schema.index({ tenantId: 1, workflowKey: 1, version: 1 }, { unique: true });

/** The WorkflowVersion model on a connection. */
export const workflowVersionModel = (connection: Connection) => connection.model<WorkflowVersionDoc>('WorkflowVersion', schema, 'workflowVersions');
