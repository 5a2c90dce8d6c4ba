import { stageOutcomes } from '@funnel/engine';
import { LRUCache } from 'lru-cache';
import { NotFoundError } from '../errors';
import type { WorkflowCatalog } from '../services/workflow-catalog';
import type { OutcomeStages } from './mark-touched-days';

/** Workflows whose closing stages one process keeps at hand (one small set each). */
const OUTCOME_STAGE_SETS_MAX = 10_000;

/**
 * The closing stages of a workflow in any of its published versions, from the catalog (versions are compiled once
 * per process), kept for `ttlMs` per workflow (`ApiConfig.outcomeStagesTtlMs`); an event naming a stage key none of
 * the kept versions has counts its versions again at once.
 * @example await outcomeStagesFrom({ workflows, ttlMs: 1000 })({ tenantId, workflowKey: 'standard_trunk', stages: ['won'] }) // → Set { 'won', 'lost' }
 */
export function outcomeStagesFrom(input: { workflows: WorkflowCatalog; ttlMs: number }): OutcomeStages {
  const { workflows } = input;
  // Per workflow (tenant and key): its closing stages, and every stage key its versions know.
  const stagesByWorkflow = new LRUCache<string, Promise<{ outcomes: Set<string>; known: Set<string> }>>({ max: OUTCOME_STAGE_SETS_MAX, ttl: input.ttlMs });
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
    let found = stagesByWorkflow.get(id);
    if (found) {
      const { known } = await found;
      if (stages.some((stage) => !known.has(stage))) found = undefined;
    }
    if (!found) {
      found = load(tenantId, workflowKey);
      stagesByWorkflow.set(id, found);
      found.catch(() => stagesByWorkflow.delete(id));
    }
    return (await found).outcomes;
  };
}
