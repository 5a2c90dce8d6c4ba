import type { Models } from '../models/models';

/**
 * The event filter that leaves out what does not count for performance (docs/metrics.md): every event of a
 * record flagged `excludedFromPerformance`, and transitions flagged so themselves (a returned MQL).
 * @example { ...(await performanceFilter({ models, tenantId, workflowKey })), type: 'transitioned' }
 */
export async function performanceFilter(input: { models: Models; tenantId: string; workflowKey: string }): Promise<Record<string, unknown>> {
  const excluded = await input.models.Record.find(
    { tenantId: input.tenantId, workflowKey: input.workflowKey, excludedFromPerformance: true },
    { _id: 1 },
  ).lean();
  return {
    tenantId: input.tenantId,
    workflowKey: input.workflowKey,
    ...(excluded.length > 0 ? { recordId: { $nin: excluded.map((r) => r._id) } } : {}),
    $nor: [{ type: 'transitioned', excludedFromPerformance: true }],
  };
}
