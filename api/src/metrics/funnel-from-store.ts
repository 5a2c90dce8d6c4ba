import {
  funnelFromSummaries,
  periodStretches,
  startEdgeCorrections,
  summarizeSegment,
  type FunnelMetrics,
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
 * among them). Its cost grows with the days of the period and the events of those few days, not with the log.
 * @example await funnelFromStore({ models, tenantId, workflowKey: 'standard_trunk', workflow, period })
 */
export async function funnelFromStore(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: MetricsWorkflow;
  period: MetricsPeriod;
}): Promise<FunnelMetrics> {
  const { models, tenantId, workflowKey, period } = input;
  const { definition } = input.workflow;
  const stretches = periodStretches(period);
  const edge = stretches.startEdge;
  const [startEdge, days, endEdge] = await Promise.all([
    edge ? loadStretch({ models, tenantId, workflowKey, range: edge, opensPeriodUntil: period.to }) : undefined,
    stretches.days ? wholeDays({ models, tenantId, workflowKey, definition, days: stretches.days }) : [],
    stretches.endEdge ? dayUntil({ models, tenantId, workflowKey, definition, range: stretches.endEdge }) : [],
  ]);
  const parts: PeriodPart[] = [...days, ...endEdge].map(({ summary }) => ({ summary, periodStartDay: stretches.periodStartDay }));
  if (!edge || !startEdge) return funnelFromSummaries({ definition, period, parts });
  parts.push({ summary: summarizeSegment({ definition, range: edge, ...startEdge, opensPeriod: true }), periodStartDay: stretches.startDay });
  const corrections = startEdgeCorrections({ definition, period, edgeEnd: edge.to, ...startEdge });
  return funnelFromSummaries({ definition, period, parts, corrections });
}
