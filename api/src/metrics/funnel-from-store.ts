import {
  funnelFromSummaries,
  periodStretches,
  selectSlices,
  sliceFilter,
  startEdgeCorrections,
  summarizeSlices,
  type FunnelMetrics,
  type MetricsFilter,
  type MetricsPeriod,
  type MetricsWorkflow,
  type PeriodPart,
} from '@funnel/engine';
import type { Models } from '../models/models';
import { loadStretch } from './load-stretch';
import { dayUntil, wholeDays } from './whole-days';

/**
 * The funnel of a period (docs/metrics.md) from the stored day summaries, with what they do not hold read from
 * the log: the period's partial first and last days, and the days not built or marked since their build (today
 * among them). Its cost grows with the days of the period and the events of those few days, not with the log; with a
 * filter, with the slices (pipelines and owners) of those days too (docs/metrics.md "Filters").
 * @example await funnelFromStore({ models, tenantId, workflowKey: 'standard_trunk', workflow, period, filter: { owners: ['u1'] } })
 */
export async function funnelFromStore(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: MetricsWorkflow;
  period: MetricsPeriod;
  filter?: MetricsFilter | undefined;
}): Promise<FunnelMetrics> {
  const { models, tenantId, workflowKey, period } = input;
  const { definition } = input.workflow;
  const keep = sliceFilter(input.filter);
  const source = input.filter?.source;
  // A lead source alone reads the whole summaries: they keep time to first touch by source.
  const sliced = input.filter?.pipeline !== undefined || input.filter?.owners !== undefined;
  const target = { models, tenantId, workflowKey, definition, ...(sliced ? { keep } : {}) };
  const stretches = periodStretches(period);
  const edge = stretches.startEdge;
  const [startEdge, days, endEdge] = await Promise.all([
    edge ? loadStretch({ models, tenantId, workflowKey, range: edge, opensPeriodUntil: period.to }) : undefined,
    stretches.days ? wholeDays({ ...target, days: stretches.days }) : [],
    stretches.endEdge ? dayUntil({ ...target, range: stretches.endEdge }) : [],
  ]);
  const parts: PeriodPart[] = [...days, ...endEdge].map(({ summary }) => ({ summary, periodStartDay: stretches.periodStartDay }));
  if (!edge || !startEdge) return funnelFromSummaries({ definition, period, parts, keep, source });
  const edgeSummary = selectSlices(summarizeSlices({ definition, range: edge, ...startEdge, opensPeriod: true }), keep);
  parts.push({ summary: edgeSummary, periodStartDay: stretches.startDay });
  const corrections = startEdgeCorrections({ definition, period, edgeEnd: edge.to, ...startEdge, keep, source });
  return funnelFromSummaries({ definition, period, parts, corrections, keep, source });
}
