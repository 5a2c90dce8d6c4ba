import type { CompiledWorkflow } from './compiled-workflow';
import type { FunnelRecord } from './record';

/**
 * Whether a record, in its stage, counts against its owner's capacity: the definition caps open records per owner
 * and the record's stage is one capacity counts (`assignment.capacity.stages`, by default every stage without an
 * outcome). It looks at the stage alone, so it also says whether a record will count once assigned; a record
 * without an owner counts against nobody. The api keeps each owner's count in the store from it.
 * @example countsForCapacity({ workflow, record: { ...record, stage: 'sql' } }) // → true with capacity over lead, MQL and SQL
 */
export function countsForCapacity(args: { workflow: CompiledWorkflow; record: Pick<FunnelRecord, 'stage'> }): boolean {
  return args.workflow.assignment?.capacity?.stages.has(args.record.stage) === true;
}
