import { escapePointer } from '@funnel/schemas';
import type { CompiledStage } from './compiled-workflow';
import { fieldIsPresent } from './field-is-present';
import type { Blocker } from './record';

/**
 * The fields a stage requires that `fields` lacks, as the `missing_field` blockers a transition into the stage
 * reports. With `before`, only those `before` had: a change may not clear a required field, but need not fill
 * one the record never had (a record migrated into the stage, or stored before the stage required it).
 * @example missingStageFields({ stage: workflow.stage('opp')!, fields: { name: 'Ann' } }) // → [{ type: 'missing_field', field: 'product', pointer: '/fields/product' }]
 */
export function missingStageFields(input: { stage: CompiledStage; fields: Record<string, unknown>; before?: Record<string, unknown> }): Blocker[] {
  const { fields, before } = input;
  return (input.stage.definition.requiredFields ?? [])
    .filter((field) => !fieldIsPresent(fields[field]) && (before === undefined || fieldIsPresent(before[field])))
    .map((field) => ({ type: 'missing_field', field, pointer: `/fields/${escapePointer(field)}` }));
}
