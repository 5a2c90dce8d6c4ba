import { Schema, type Connection } from 'mongoose';
import type { FunnelEvent, PipelineChange } from '@funnel/engine';
import type { NotificationIntent } from './record';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * One entry of the event log: the audit trail and the source of metrics.
 * `_id` is `${recordId}:${version}:${index}`, so copying an outbox twice inserts nothing twice.
 */
export type EventDoc = FunnelEvent & {
  _id: string;
  tenantId: string;
  workflowKey: string;
  /** The record version the change produced. */
  version: number;
  seq: number;
  /** The people the event tells (resolved at commit); the drainer puts these in their inboxes. */
  notify?: NotificationIntent[];
  /**
   * When the drain that copied it into the log began its insert (epoch ms, the copying process's clock): the event
   * feed's order. Absent on events logged before the feed existed, and on events a record's history shows from its
   * outbox before they are logged.
   */
  loggedAt?: number;
  /** How the change moved its record in the pipeline, on its first event (metrics/pipeline-stamp.ts). */
  pipelineChange?: PipelineChange;
};

const schema = new Schema<EventDoc>(
  { _id: String, tenantId: String, workflowKey: String, recordId: String, type: String, at: Number, version: Number, seq: Number, loggedAt: Number },
  { versionKey: false, minimize: false, strict: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, workflowKey: 1, at: 1 });
// A record's history, for the metric summaries' look back at its earlier entries, closings and touches.
schema.index({ tenantId: 1, recordId: 1, at: 1 });
// The event feed, in the order events became visible (docs/decisions.md 33); events without a stamp sort first.
schema.index({ tenantId: 1, loggedAt: 1, _id: 1 });

/** The Event model on a connection. */
export const eventModel = (connection: Connection) => connection.model<EventDoc>('Event', schema, 'events');
