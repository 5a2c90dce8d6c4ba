import { Schema, type Connection } from 'mongoose';
import type { Diagnostic } from '@funnel/schemas';
import { tenantScopePlugin } from './tenant-scope-plugin';

/** A workflow: its editable draft (saved with diagnostics, even when invalid) and its latest published version. */
export interface WorkflowDoc {
  _id: string;
  tenantId: string;
  key: string;
  name: string;
  draft: unknown;
  draftDiagnostics: Diagnostic[];
  draftRevision: number;
  draftUpdatedAt: Date;
  latestVersion: number;
  createdAt: Date;
}

const schema = new Schema<WorkflowDoc>(
  {
    _id: String,
    tenantId: String,
    key: { type: String, required: true },
    name: String,
    draft: Schema.Types.Mixed,
    draftDiagnostics: [Schema.Types.Mixed],
    draftRevision: { type: Number, default: 0 },
    draftUpdatedAt: Date,
    latestVersion: { type: Number, default: 0 },
    createdAt: Date,
  },
  { versionKey: false, minimize: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, key: 1 }, { unique: true });

/** The Workflow model on a connection. */
export const workflowModel = (connection: Connection) => connection.model<WorkflowDoc>('Workflow', schema, 'workflows');
