import type { Actor, CompiledWorkflow } from '@funnel/engine';
import { capacityFull } from './capacity-places';
import type { Services } from './services';

/**
 * The capacity places an import's rows take from the people who keep them, counted in row order before any is
 * created: a row is refused with LIMIT_REACHED `capacity`, as its insert would be, once its keeper's places held
 * (read once per person) plus the rows counted before it reach the workflow's maximum. The run counts each chunk
 * afresh, since the rows it created hold their places in the store by the next; a preview counts the whole file on
 * one, since it creates nothing. The system is never refused, as CapacityPlaces never refuses it.
 * @example const places = new ImportPlaces({ services, tenantId, workflow, actor }); await places.count('u_ann') // throws LimitReached when full
 */
export class ImportPlaces {
  /** Per keeper: the places held when first read plus the rows counted since. */
  private readonly counted = new Map<string, number>();

  constructor(private readonly input: { services: Services; tenantId: string; workflow: CompiledWorkflow; actor: Actor }) {}

  /** Whether the workflow caps open records for this import's creator (else `count` never refuses). */
  get capped(): boolean {
    return this.input.workflow.assignment?.capacity !== undefined && !this.input.actor.system;
  }

  /** Counts a row's place against `keeper` (null: the row takes nobody's), or throws the refusal its insert would give. */
  async count(keeper: string | null): Promise<void> {
    const max = this.input.workflow.assignment?.capacity?.max;
    if (keeper === null || max === undefined || !this.capped) return;
    const current = this.counted.get(keeper) ?? (await this.held(keeper));
    if (current >= max) throw capacityFull({ max, current });
    this.counted.set(keeper, current + 1);
  }

  private async held(keeper: string): Promise<number> {
    const { services, tenantId, workflow } = this.input;
    return (await services.capacity.held({ tenantId, workflowKey: workflow.key, userId: keeper })).length;
  }
}
