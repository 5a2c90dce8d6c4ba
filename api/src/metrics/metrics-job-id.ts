/**
 * The id of a workflow's metric summaries job (one per workflow; `job(id)` shows its progress).
 * @example metricsJobId('t1', 'standard_trunk') // → 'metrics:t1:standard_trunk'
 */
export function metricsJobId(tenantId: string, workflowKey: string): string {
  return `metrics:${tenantId}:${workflowKey}`;
}
