import { compileFieldsValidator, type Diagnostic, type FieldsSchema } from '@funnel/schemas';
import { jsonEqual } from '../../model/json-equal';
import { pointerTokens } from '../../model/value-at-pointer';

/** A field's value that means "nothing": the record has no such field once saved so (sent as null). */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The fields the person changed, as `updateRecord` takes them: each changed value, and `null` for one emptied.
 * @example changedFields({ saved: { seats: 1, product: 'CRM' }, draft: { seats: 5, product: '' } }) // → { seats: 5, product: null }
 */
export function changedFields({ saved, draft }: { saved: Record<string, unknown>; draft: Record<string, unknown> }): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(draft)) {
    if (isEmpty(value) && isEmpty(saved[name])) continue;
    if (isEmpty(value)) changed[name] = null;
    else if (!jsonEqual(value, saved[name])) changed[name] = value;
  }
  return changed;
}

/**
 * What the definition's field schema refuses in a change, before it is sent: each value against its field (the
 * schema's own validator, the api's), and an emptied field the schema requires.
 * @example checkFields({ schema: definition.fields, changed: { seats: 0, name: null } }) // → [{ code: 'schema.minimum', pointer: '/seats', … }, { code: 'schema.required', pointer: '/name', … }]
 */
export function checkFields({ schema, changed }: { schema: FieldsSchema; changed: Record<string, unknown> }): Diagnostic[] {
  const given = Object.fromEntries(Object.entries(changed).filter(([, value]) => value !== null));
  const cleared = Object.keys(changed).filter((name) => changed[name] === null && (schema.required ?? []).includes(name));
  return [
    ...compileFieldsValidator(schema, { partial: true })(given),
    ...cleared.map((name): Diagnostic => ({ severity: 'error', code: 'schema.required', pointer: `/${name}`, message: `"${name}" is required here` })),
  ];
}

/**
 * The field a diagnostic is about, whether it points into the fields (`/seats`, the browser's check) or into the
 * record (`/fields/seats`, the api's); null when it names no field.
 * @example diagnosticField({ pointer: '/fields/seats' }) // → 'seats'
 */
export function diagnosticField({ pointer }: { pointer: string }): string | null {
  const tokens = pointerTokens(pointer);
  const name = tokens[0] === 'fields' ? tokens[1] : tokens[0];
  return name ?? null;
}
