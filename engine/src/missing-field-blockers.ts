import { escapePointer } from '@funnel/schemas';
import { fieldIsPresent } from './field-is-present';
import type { Blocker } from './record';

/**
 * The `required` fields that `fields` lacks, each a `missing_field` blocker: what a transition requires (its own
 * and its target stage's), or what the stage a record is created into or stays in requires. With `before`, only
 * those `before` had: a change may not clear a required field, but need not fill one the record never had (a
 * record migrated into the stage, or stored before the stage required it).
 * @example missingFieldBlockers({ required: ['product'], fields: { name: 'Ann' } }) // → [{ type: 'missing_field', field: 'product', pointer: '/fields/product' }]
 */
export function missingFieldBlockers(input: { required: readonly string[]; fields: Record<string, unknown>; before?: Record<string, unknown> }): Blocker[] {
  const { fields, before } = input;
  return input.required
    .filter((field) => !fieldIsPresent(fields[field]) && (before === undefined || fieldIsPresent(before[field])))
    .map((field) => ({ type: 'missing_field', field, pointer: `/fields/${escapePointer(field)}` }));
}
