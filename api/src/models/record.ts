import type { NotificationType } from '../accounts/notification-types';
import { Schema, type Connection } from 'mongoose';
import type { FunnelEvent, FunnelRecord, PipelineChange } from '@funnel/engine';
import type { PipelineBase } from '../metrics/pipeline-stamp';
import { tenantScopePlugin } from './tenant-scope-plugin';
import type { ContactKeys } from '@funnel/engine';

/** An event waiting on its record to be copied into the event log; `_id` is the event's id there. */
export interface OutboxEntry {
  _id: string;
  event: FunnelEvent;
  /** The people this event tells, resolved at commit (services/notification-recipients.ts). */
  notify?: NotificationIntent[];
  /** The record's move in the pipeline, on the first entry of a change that moved it (metrics/pipeline-stamp.ts). */
  pipelineChange?: PipelineChange;
}

/** One notification a committed event owes one person; the drainer puts it in their inbox. */
export interface NotificationIntent {
  userId: string;
  type: NotificationType;
  /** The facts it carries (timer, due time, transition, decision), never words. */
  params: Record<string, unknown>;
  /** Whether it also goes by email (the person's choice for its type, when they have an address). */
  email: boolean;
}

/**
 * The copy of a record's score kept on its document for sorting and filtering lists (docs/decisions.md 35):
 * guards never read it. `scoredAt` is when it was computed; a closed record keeps the score it closed with
 * (`scoredAt` null), so the sweeper's daily refresh passes it by.
 */
export interface StoredScore {
  score: number;
  fitScore: number;
  engagementScore: number;
  scoredAt: number | null;
}

/**
 * A record as stored: the engine's FunnelRecord (its `id` is `_id`), the tenant, the indexed
 * `hasExtension` and `nextDueAt`, the outbox of events not yet in the event log, and the contact keys.
 */
export type RecordDoc = Omit<FunnelRecord, 'id'> & {
  _id: string;
  tenantId: string;
  hasExtension: boolean;
  outbox: OutboxEntry[];
  contact: ContactKeys;
  /** The rules `contact` was made by (`CONTACT_KEY_RULES`); absent on records stored before it was kept. */
  contactRules?: number;
  /** The search terms of its fields (services/search-terms.ts); absent on records stored before search. */
  search?: string[];
  /** Its contribution to the pipeline before the first commit that stamped its changes; absent before one did. */
  pipelineBase?: PipelineBase;
} & Partial<StoredScore>;

const schema = new Schema<RecordDoc>(
  {
    _id: String,
    tenantId: String,
    workflowKey: String,
    workflowVersion: Number,
    pipeline: String,
    stage: String,
    phase: String,
    forecastCategory: String,
    probability: Number,
    outcome: String,
    owner: { type: String, default: null },
    fields: Schema.Types.Mixed,
    counters: Schema.Types.Mixed,
    createdAt: Number,
    stageEnteredAt: Number,
    firstTouchAt: Number,
    lastActivityAt: Number,
    closedAt: Number,
    timers: [Schema.Types.Mixed],
    nextDueAt: { type: Number, default: null },
    pool: Schema.Types.Mixed,
    excludedFromPerformance: Boolean,
    version: Number,
    hasExtension: Boolean,
    outbox: [Schema.Types.Mixed],
    contact: Schema.Types.Mixed,
    contactRules: Number,
    search: { type: [String], default: undefined },
    score: Number,
    fitScore: Number,
    engagementScore: Number,
    scoredAt: Number,
  },
  { versionKey: false, minimize: false, strict: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, nextDueAt: 1 });
// The sweeper's cross-tenant scan (through the driver collection, on purpose).
schema.index({ nextDueAt: 1 });
// A stage's records oldest first (a board column's page): the scan is in page order, so a page stops at its limit.
schema.index({ tenantId: 1, workflowKey: 1, stage: 1, _id: 1 });
// The records a metric summary of a day counts as created or closed that day.
schema.index({ tenantId: 1, workflowKey: 1, createdAt: 1 });
schema.index({ tenantId: 1, workflowKey: 1, closedAt: 1 });
schema.index({ tenantId: 1, owner: 1, hasExtension: 1 });
// Search (services/search-terms.ts): prefixes of words and runs of Chinese, Japanese and Korean characters.
schema.index({ tenantId: 1, search: 1 });
schema.index({ tenantId: 1, 'contact.email': 1 });
schema.index({ tenantId: 1, 'contact.phone': 1 });
schema.index({ tenantId: 1, 'contact.company': 1 });
// The outbox repair scan's records with entries left (HAS_OUTBOX_ENTRIES: a range of this multikey index).
schema.index({ 'outbox._id': 1 });
// The sweeper's daily score refresh, across tenants and on a tenant's test clock (services/sweeper.ts).
schema.index({ scoredAt: 1 });
schema.index({ tenantId: 1, scoredAt: 1 });
// The records filters for a least score and for overdue follow-ups.
schema.index({ tenantId: 1, score: 1 });
schema.index({ tenantId: 1, 'followUp.at': 1 });
// The contact-key backfill's cross-tenant scan for keys of older rules (on MongoDB; the embedded store scans).
schema.index({ contactRules: 1 });

/** The Record model on a connection. */
export const recordModel = (connection: Connection) => connection.model<RecordDoc>('Record', schema, 'records');
