import type { ValidateFunction } from 'ajv';
import { ajv } from './ajv-instance';
import type { FieldSpec, FieldsSchema } from './definition-schema';
import type { Diagnostic } from './errors';
import { formatAjvError } from './format-ajv-error';

export type FieldsValidator = (fields: unknown) => Diagnostic[];

/**
 * Compiles a definition's field schema once into a validator for record fields.
 * Localized titles are dropped (JSON Schema wants a string); unknown fields are refused.
 * @example compileFieldsValidator(def.fields)({ email: 'x' }) // → [{ pointer: '/email', message: 'must be a valid email' }]
 */
export function compileFieldsValidator(schema: FieldsSchema, options: { partial?: boolean } = {}): FieldsValidator {
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, spec]) => [name, toJsonSchema(spec)]),
  );
  const validate: ValidateFunction = ajv.compile({
    type: 'object',
    properties,
    required: options.partial ? [] : (schema.required ?? []),
    additionalProperties: false,
  });
  return (fields) => (validate(fields) ? [] : (validate.errors ?? []).map((e) => formatAjvError(e, 'record')));
}

function toJsonSchema(spec: FieldSpec): Record<string, unknown> {
  const { title, ...rest } = spec;
  return title ? { ...rest, title: title.en } : rest;
}
