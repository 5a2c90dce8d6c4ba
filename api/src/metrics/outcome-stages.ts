import { stageOutcomes } from '@funnel/engine';
import { NotFoundError } from '../errors';
import type { WorkflowCatalog } from '../services/workflow-catalog';
import type { OutcomeStages } from './mark-touched-days';

/**
 * The closing stages of a workflow in any of its published versions, from the catalog (versions are compiled
 * once per process; the latest version number is read each time, so a version published a moment ago counts).
 * @example await outcomeStagesFrom(workflows)({ tenantId, workflowKey: 'standard_trunk' }) // → Set { 'won', 'lost' }
 */
export function outcomeStagesFrom(workflows: WorkflowCatalog): OutcomeStages {
  // A workflow or version that is not there has no closing stages to give.
  const orNone = <T>(pending: Promise<T>) =>
    pending.catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
  return async ({ tenantId, workflowKey }) => {
    const latest = await orNone(workflows.latest({ tenantId, key: workflowKey }));
    if (!latest) return new Set();
    const versions = await Promise.all(
      Array.from({ length: latest.version }, (_, i) => orNone(workflows.version({ tenantId, key: workflowKey, version: i + 1 }))),
    );
    return new Set(versions.flatMap((w) => (w ? [...stageOutcomes(w.definition).keys()] : [])));
  };
}
