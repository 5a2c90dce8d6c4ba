import { Schema, type Connection } from 'mongoose';
import { holdsAuditEntries } from './audit-entry';
import { tenantScopePlugin } from './tenant-scope-plugin';

export interface RowError {
  row: number;
  pointer: string;
  message: string;
}

export interface DuplicateRow {
  row: number;
  recordId: string;
  by: 'email' | 'phone' | 'company';
}

/**
 * A long-running job (CSV import, migration, or the building of a workflow's metric summaries) and its progress; a
 * migration resumes from `cursor`, the metric summaries from `lastDay`.
 */
export interface JobDoc {
  _id: string;
  tenantId: string;
  kind: 'import' | 'migration' | 'metrics' | 'hand_over';
  status: 'running' | 'done' | 'failed';
  workflowKey: string;
  total: number;
  processed: number;
  created: number;
  skipped: number;
  /** The first JOB_LIST_MAX errors; `errorsLeftOut` counts the rest. */
  errors: RowError[];
  errorsLeftOut?: number;
  /** The first JOB_LIST_MAX duplicates; `duplicatesLeftOut` counts the rest. */
  duplicates: DuplicateRow[];
  duplicatesLeftOut?: number;
  /** Migration: the plan's inputs and the last record id done. */
  fromVersion?: number;
  toVersion?: number;
  /** `rename` is absent in jobs started before renames existed, and reads as false. */
  stageMap?: { from: string; to: string; rename?: boolean }[];
  cursor?: string;
  /** Metric summaries: the last UTC day (`dayOf`) built in order; every day up to it has its summary. */
  lastDay?: number;
  /**
   * Metric summaries: the workflow's records with an outcome and no closing time when the job started (no write path
   * makes more), which calibration without a period reads as they are now.
   */
  undatedRecords?: string[];
  /** Metric summaries: the `summariesKey` the workflow's stored days were last marked for (a definition with another marks them all once). */
  summariesKey?: string;
  /** Hand-over: whose open records, to whom (or by which rule; neither: each workflow's matching rule), and why. */
  handOver?: { from: string; to: string | null; rule: string | null; reason: string | null };
  /** Migration and hand-over: the run holding the job while it runs (one at a time); unset between runs. */
  runner?: string;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<JobDoc>(
  {
    _id: String,
    tenantId: String,
    kind: String,
    status: String,
    workflowKey: String,
    total: Number,
    processed: Number,
    created: Number,
    skipped: Number,
    errors: [Schema.Types.Mixed],
    errorsLeftOut: Number,
    duplicates: [Schema.Types.Mixed],
    duplicatesLeftOut: Number,
    fromVersion: Number,
    toVersion: Number,
    stageMap: [Schema.Types.Mixed],
    cursor: String,
    lastDay: Number,
    undatedRecords: { type: [String], default: undefined },
    summariesKey: String,
    handOver: Schema.Types.Mixed,
    runner: String,
    createdAt: Date,
    updatedAt: Date,
  },
  { versionKey: false, minimize: false, suppressReservedKeysWarning: true },
);
schema.plugin(tenantScopePlugin);
holdsAuditEntries(schema);

/** The Job model on a connection. */
export const jobModel = (connection: Connection) => connection.model<JobDoc>('Job', schema, 'jobs');
