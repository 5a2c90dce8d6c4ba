import type { WorkflowDefinition } from '@funnel/schemas';

/**
 * What the metrics read from a workflow: only its definition. A compiled workflow satisfies it,
 * and so does `{ definition }` for a plain definition.
 * @example pipelineMetrics({ workflow: { definition: getTemplate('standard_trunk').definition }, records: [] })
 */
export interface MetricsWorkflow {
  readonly definition: WorkflowDefinition;
}
