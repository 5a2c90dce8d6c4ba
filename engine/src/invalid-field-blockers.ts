import type { Diagnostic } from '@funnel/schemas';
import type { Blocker } from './record';

/**
 * The field schema's diagnostics as `invalid_field` blockers, pointing into the record (`/fields/<name>`) and
 * keeping the check that refused each as its `code`.
 * @example invalidFieldBlockers(workflow.validateFields({ seats: 0 })) // → [{ type: 'invalid_field', code: 'schema.minimum', pointer: '/fields/seats', message: 'must be >= 1' }]
 */
export function invalidFieldBlockers(diagnostics: readonly Diagnostic[]): Blocker[] {
  return diagnostics.map((d) => ({ type: 'invalid_field', code: d.code, pointer: `/fields${d.pointer}`, message: d.message }));
}
