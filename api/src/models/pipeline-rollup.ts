import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * The pipeline of one workflow as a sum (docs/metrics.md "Pipeline from a rollup", docs/decisions.md 40): the rows of
 * the baseline (the records' contributions before their first stamped change) plus the pipeline changes the log holds
 * up to `cursor`, by place; the won rows by closing day are in its month documents (`PipelineWonMonthDoc`), the last
 * page's share of them in `wonPage` until every month it touches has it. Every write is a compare-and-set on `rev`, so
 * one document moves from one exact state to the next whatever the number of processes, and a process killed mid-way
 * leaves the last state written.
 */
export interface PipelineRollupDoc {
  /** `${tenantId}:${workflowKey}`. */
  _id: string;
  tenantId: string;
  workflowKey: string;
  /** Raised by every write; a write lands only at the `rev` it read. */
  rev: number;
  /** Names this rollup's month documents (a rollup dropped and built again, or migrated, does not read the old ones). */
  generation: string;
  /** The baseline's scan of the workflow's records in (creation time, `_id`) order, until it is done (then null). */
  scan: {
    /** When the scan began (this process's clock, as the log's `loggedAt`). */
    startedAt: number;
    /** Where the next page starts: after this record (`id` '' is before every record created at that instant). */
    after: { createdAt: number; id: string } | null;
    scanned: number;
    /** The earliest `pipelineBase.at` of the records scanned: the log is summed from before it. */
    earliestBase: number;
  } | null;
  /** Where the log is summed to, in the event feed's order; null while the scan runs. */
  cursor: { loggedAt: number; id: string } | null;
  /**
   * The `PipelineRow`s by place (stage, owner, forecast category, pipeline, lead source, won) over all time, as JSON text
   * (one string is what the store reads and sends fastest, as for the day summaries).
   */
  rows: string;
  /**
   * What the page written at this `rev` adds to the won rows by closing day, by UTC month (`{ "2026-01": PipelineRow[] }`
   * of net changes, JSON text): each month document it names gets it once (its own `rev` raised to this one) before
   * the next page is written.
   */
  wonPage: string;
  /** Before the won rows by day had documents of their own, all of them (JSON text); migrated by the next round. */
  wonDays?: string;
  /** Events of the log read into it so far (the scan's progress is `scan.scanned`). */
  events: number;
  updatedAt: Date;
}

const schema = new Schema<PipelineRollupDoc>(
  {
    _id: String,
    tenantId: String,
    workflowKey: String,
    rev: Number,
    generation: String,
    scan: Schema.Types.Mixed,
    cursor: Schema.Types.Mixed,
    rows: String,
    wonPage: String,
    wonDays: String,
    events: Number,
    updatedAt: Date,
  },
  { versionKey: false, minimize: false },
);
schema.plugin(tenantScopePlugin);

/** The PipelineRollup model on a connection. */
export const pipelineRollupModel = (connection: Connection) => connection.model<PipelineRollupDoc>('PipelineRollup', schema, 'pipelineRollups');

/**
 * The won rows of a pipeline rollup closed in one UTC month (docs/decisions.md 40): what a report over a period reads,
 * only for the months the period touches. `rev` is the rollup's `rev` of the last page it has: a page lands in it only
 * while its `rev` is lower (compare-and-set), so each page is added once.
 */
export interface PipelineWonMonthDoc {
  /** `${tenantId}:${workflowKey}:${generation}:${month}` (`pipelineWonMonthId`). */
  _id: string;
  tenantId: string;
  workflowKey: string;
  /** The UTC month, `YYYY-MM`. */
  month: string;
  rev: number;
  /** The won `PipelineRow`s by place and closing day, as JSON text. */
  rows: string;
  updatedAt: Date;
}

const monthSchema = new Schema<PipelineWonMonthDoc>(
  { _id: String, tenantId: String, workflowKey: String, month: String, rev: Number, rows: String, updatedAt: Date },
  { versionKey: false, minimize: false },
);
monthSchema.plugin(tenantScopePlugin);

/** The PipelineWonMonth model on a connection. */
export const pipelineWonMonthModel = (connection: Connection) => connection.model<PipelineWonMonthDoc>('PipelineWonMonth', monthSchema, 'pipelineWonMonths');
