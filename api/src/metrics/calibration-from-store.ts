import {
  calibrationFromSummaries,
  dayOf,
  periodStretches,
  sliceFilter,
  type CalibrationRow,
  type MetricsFilter,
  type MetricsPeriod,
  type MetricsWorkflow,
} from '@funnel/engine';
import type { Models } from '../models/models';
import type { SummaryTarget } from './metric-days';
import { metricsJobId } from './metrics-job-id';
import { dayUntil, liveSummary, wholeDays } from './whole-days';

/**
 * Calibration (docs/metrics.md) from the stored day summaries: `passed` from every day the workflow has data on,
 * `closed` and `won` from the days records closed in (those of the period, its partial first and last days read
 * from the log; without a period every day, and the records with an outcome and no closing time). What is not
 * stored is read from the log as the funnel does, a day at a time. With a filter, of the slices it keeps
 * (docs/metrics.md "Filters").
 * @example await calibrationFromStore({ models, tenantId, workflowKey: 'standard_trunk', workflow, period })
 */
export async function calibrationFromStore(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: MetricsWorkflow;
  period?: MetricsPeriod;
  filter?: MetricsFilter | undefined;
}): Promise<CalibrationRow[]> {
  const { models, tenantId, workflowKey, period } = input;
  const { definition } = input.workflow;
  const target = { models, tenantId, workflowKey, definition, ...(input.filter ? { keep: sliceFilter(input.filter) } : {}) };
  const stretches = period ? periodStretches(period) : undefined;
  const inPeriod = stretches?.days;
  const [allTime, startEdge, endEdge, undated] = await Promise.all([
    wholeDays(target),
    stretches?.startEdge ? liveSummary({ ...target, range: stretches.startEdge }) : undefined,
    stretches?.endEdge ? dayUntil({ ...target, range: stretches.endEdge }) : [],
    period ? undefined : undatedSummary(target),
  ]);
  const summaries = allTime.map((part) => part.summary);
  if (!stretches) return calibrationFromSummaries({ definition, allTime: summaries, closedIn: undated ? [...summaries, undated] : summaries });
  const closedIn = allTime
    .filter(({ range }) => inPeriod !== undefined && dayOf(range.from) >= inPeriod.first && dayOf(range.to - 1) <= inPeriod.last)
    .map((part) => part.summary);
  if (startEdge) closedIn.push(startEdge);
  closedIn.push(...endEdge.map((part) => part.summary));
  return calibrationFromSummaries({ definition, allTime: summaries, closedIn });
}

/**
 * The records with an outcome and no closing time, read as they are now: no write path makes them (the engine sets
 * `closedAt` with every outcome), so they are the few the workflow's job found when it started, less those since
 * reopened, closed again or excluded. Before the job starts, found by a scan of the workflow's records.
 */
async function undatedSummary(input: SummaryTarget) {
  const { models, tenantId, workflowKey } = input;
  const job = await models.Job.findOne({ tenantId, _id: metricsJobId(tenantId, workflowKey) }, { undatedRecords: 1 }).lean();
  const recordIds = job?.undatedRecords;
  return liveSummary({ ...input, range: { from: 0, to: 0 }, undated: recordIds ? { recordIds } : {} });
}
