import { salesVelocity, type CalibrationRow, type FunnelMetrics, type PipelineMetrics, type SalesVelocity, type ScoreCalibration } from '@funnel/engine';
import { calibrationFromStore } from '../metrics/calibration-from-store';
import { funnelFromStore } from '../metrics/funnel-from-store';
import { managerMap } from '../metrics/manager-map';
import { pipelineAggregation } from '../metrics/pipeline-aggregation';
import { pipelineFromRollup } from '../metrics/pipeline-from-rollup';
import { resolveMetricsFilter, type MetricsFilterRequest } from '../metrics/resolve-metrics-filter';
import { scoreCalibrationFromStore } from '../metrics/score-calibration-from-store';
import { velocityFromStore } from '../metrics/velocity-from-store';
import type { Services } from './services';

/**
 * Which report: a tenant's workflow, over a half-open period [from, to) in ms (all time when absent, where allowed),
 * narrowed by a filter (docs/metrics.md "Filters").
 */
interface ReportRequest {
  tenantId: string;
  workflowKey: string;
  period?: { from: number; to: number } | undefined;
  filter?: MetricsFilterRequest | null | undefined;
}

/**
 * Count, amount and weighted amount by stage, forecast category, owner and manager (docs/metrics.md), of the records as
 * they are: from the workflow's rollup once its baseline is done (as `funnelReport`, it waits for this process's
 * commits to reach the log), else from a `$group` over the records.
 */
export async function pipelineReport(services: Services, input: ReportRequest): Promise<PipelineMetrics> {
  const { models, workflows, drainer } = services;
  const workflow = await workflows.latest({ tenantId: input.tenantId, key: input.workflowKey });
  const filter = await resolveMetricsFilter({ models, tenantId: input.tenantId, definition: workflow.definition, filter: input.filter });
  const target = {
    models,
    tenantId: input.tenantId,
    workflowKey: input.workflowKey,
    workflow,
    managers: await managerMap(models, input.tenantId),
    ...(input.period ? { period: input.period } : {}),
    filter,
  };
  await drainer.caughtUp();
  return (await pipelineFromRollup(target)) ?? pipelineAggregation(target);
}

/**
 * The funnel over a period, from the per-day summaries of the event log (and the log for what they do not cover:
 * docs/metrics.md "Summaries"). It waits for what this process committed to reach the log (a caller sees its own
 * writes); an outbox a crashed process left is copied by the repair scan, not by a read.
 */
export async function funnelReport(services: Services, input: ReportRequest & { period: { from: number; to: number } }): Promise<FunnelMetrics> {
  const { models, workflows, drainer } = services;
  const workflow = await workflows.latest({ tenantId: input.tenantId, key: input.workflowKey });
  const filter = await resolveMetricsFilter({ models, tenantId: input.tenantId, definition: workflow.definition, filter: input.filter });
  await drainer.caughtUp();
  return funnelFromStore({ models, tenantId: input.tenantId, workflowKey: input.workflowKey, workflow, period: input.period, filter });
}

/**
 * Sales velocity over a funnel's period: the funnel's win rate and median cycle length with the open opportunities
 * and the deals won in the period, read from the store (docs/metrics.md "Sales velocity"), narrowed by the funnel's
 * filter (its records as they are now).
 */
export async function funnelVelocity(
  services: Services,
  input: ReportRequest & { period: { from: number; to: number }; funnel: FunnelMetrics },
): Promise<SalesVelocity> {
  const { models } = services;
  const workflow = await services.workflows.latest({ tenantId: input.tenantId, key: input.workflowKey });
  const filter = await resolveMetricsFilter({ models, tenantId: input.tenantId, definition: workflow.definition, filter: input.filter });
  const parts = await velocityFromStore({ models, tenantId: input.tenantId, workflowKey: input.workflowKey, workflow, period: input.period, filter });
  return salesVelocity({ parts, winRate: input.funnel.winRate.rate, cycleLength: input.funnel.cycleLength.median });
}

/** Outcomes by the probability records entered stages with, from the per-day summaries (as `funnelReport`, it waits for this process's commits). */
export async function calibrationReport(services: Services, input: ReportRequest): Promise<CalibrationRow[]> {
  const { models, workflows, drainer } = services;
  const workflow = await workflows.latest({ tenantId: input.tenantId, key: input.workflowKey });
  const filter = await resolveMetricsFilter({
    models,
    tenantId: input.tenantId,
    definition: workflow.definition,
    filter: input.filter,
    withoutSource: true,
  });
  await drainer.caughtUp();
  return calibrationFromStore({
    models,
    tenantId: input.tenantId,
    workflowKey: input.workflowKey,
    workflow,
    ...(input.period ? { period: input.period } : {}),
    filter,
  });
}

/**
 * How each band of scores converted, by the score records entered `stage` with (their first stage without one);
 * null when the workflow does not score. As `funnelReport`, it waits for this process's commits.
 */
export async function scoreCalibrationReport(
  services: Services,
  input: {
    tenantId: string;
    workflowKey: string;
    stage?: string | null | undefined;
    bandWidth?: number | null | undefined;
    filter?: MetricsFilterRequest | null | undefined;
  },
): Promise<ScoreCalibration | null> {
  const { models, workflows, drainer } = services;
  const workflow = await workflows.latest({ tenantId: input.tenantId, key: input.workflowKey });
  const { definition } = workflow;
  const filter = await resolveMetricsFilter({ models, tenantId: input.tenantId, definition, filter: input.filter, withoutSource: true });
  await drainer.caughtUp();
  return scoreCalibrationFromStore({
    models,
    tenantId: input.tenantId,
    workflowKey: input.workflowKey,
    workflow,
    ...(input.stage != null ? { stage: input.stage } : {}),
    ...(input.bandWidth != null ? { bandWidth: input.bandWidth } : {}),
    filter,
  });
}
