import { stageOutcomes } from '@funnel/engine';
import { LRUCache } from 'lru-cache';
import { NotFoundError } from '../errors';
import type { WorkflowCatalog } from '../services/workflow-catalog';
import type { OutcomeStages } from './mark-touched-days';

/** Workflows whose closing stages one process keeps at hand (one small set each). */
const OUTCOME_STAGE_SETS_MAX = 10_000;
/**
 * How long a workflow's closing stages are kept before its versions are counted again: a version published since
 * that makes a stage key close deals that did not before is seen within this long (every other change is a new
 * stage key, seen at once). Short, because the drainer asks on every batch with a transition.
 */
const OUTCOME_STAGES_TTL_MS = 1000;

/**
 * The closing stages of a workflow in any of its published versions, from the catalog (versions are compiled once
 * per process), kept for a second per workflow; an event naming a stage key none of the kept versions has counts
 * its versions again at once.
 * @example await outcomeStagesFrom(workflows)({ tenantId, workflowKey: 'standard_trunk', stages: ['won'] }) // → Set { 'won', 'lost' }
 */
export function outcomeStagesFrom(workflows: WorkflowCatalog): OutcomeStages {
  const kept = new LRUCache<string, Promise<{ outcomes: Set<string>; known: Set<string> }>>({ max: OUTCOME_STAGE_SETS_MAX, ttl: OUTCOME_STAGES_TTL_MS });
  // A workflow or version that is not there has no closing stages to give.
  const orNone = <T>(pending: Promise<T>) =>
    pending.catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
  const load = async (tenantId: string, workflowKey: string) => {
    const latest = await orNone(workflows.latest({ tenantId, key: workflowKey }));
    const versions = await Promise.all(
      Array.from({ length: latest?.version ?? 0 }, (_, i) => orNone(workflows.version({ tenantId, key: workflowKey, version: i + 1 }))),
    );
    const definitions = versions.flatMap((w) => (w ? [w.definition] : []));
    return {
      outcomes: new Set(definitions.flatMap((d) => [...stageOutcomes(d).keys()])),
      known: new Set(definitions.flatMap((d) => d.stages.map((s) => s.key))),
    };
  };
  return async ({ tenantId, workflowKey, stages }) => {
    const id = `${tenantId}\u0000${workflowKey}`;
    let found = kept.get(id);
    if (found) {
      const { known } = await found;
      if (stages.some((stage) => !known.has(stage))) found = undefined;
    }
    if (!found) {
      found = load(tenantId, workflowKey);
      kept.set(id, found);
      found.catch(() => kept.delete(id));
    }
    return (await found).outcomes;
  };
}
