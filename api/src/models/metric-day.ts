import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * The metric summary of one UTC day of one workflow from its start to `through` (the day's end once it is over;
 * today, a few seconds ago) (docs/metrics.md "Summaries"). `gen` counts the marks of events logged late into what the summary covers (or what a build in
 * progress, up to `pending`, is reading); a build records the `gen` it read before reading the log and lands only
 * if nothing marked the day meanwhile, so a summary is never older than the log it claims (docs/decisions.md 28).
 */
export interface MetricDayDoc {
  /** `${tenantId}:${workflowKey}:${day}`. */
  _id: string;
  tenantId: string;
  workflowKey: string;
  day: number;
  gen: number;
  /** The `gen` the stored summary was built at; -1 before the first build. */
  builtGen: number;
  /** True from a mark until a build at the marked `gen` lands. */
  dirty: boolean;
  /** The end of what the summary covers: [day start, through). */
  through?: number;
  /** The end of what a build in progress reads; marks reach events before it too. */
  pending?: number;
  /** The outcome of each closing stage the summary was built with (a definition that changes them needs new summaries). */
  outcomesKey?: string;
  /** The summary's shape (`METRIC_DAY_FORMAT`); another shape is built again. */
  format?: number;
  /**
   * The `SegmentSummary` as JSON text: one string is what the store reads and sends fastest (the embedded store spends
   * several times longer on a document of many small nested fields), and a report reads hundreds of days.
   */
  summary?: string;
  /** The `SlicedSummary` (by pipeline and owner, docs/metrics.md "Filters") as JSON text: what a filtered report reads. */
  slices?: string;
  builtAt?: Date;
  /** A build's own random id: what names the version of its texts that reports keep parsed (docs/decisions.md 43). */
  buildId?: string;
}

const schema = new Schema<MetricDayDoc>(
  {
    _id: String,
    tenantId: String,
    workflowKey: String,
    day: Number,
    gen: Number,
    builtGen: Number,
    dirty: Boolean,
    through: Number,
    pending: Number,
    outcomesKey: String,
    format: Number,
    summary: String,
    slices: String,
    builtAt: Date,
    buildId: String,
  },
  { versionKey: false, minimize: false },
);
schema.plugin(tenantScopePlugin);
schema.index({ tenantId: 1, workflowKey: 1, day: 1 });
// Each round's look for a workflow's days marked since their build.
schema.index({ tenantId: 1, workflowKey: 1, dirty: 1 });

/** The MetricDay model on a connection. */
export const metricDayModel = (connection: Connection) => connection.model<MetricDayDoc>('MetricDay', schema, 'metricDays');
