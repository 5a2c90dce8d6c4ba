import type { ValidateFunction } from 'ajv';
import { tenantAjv } from './ajv-instance';
import type { FieldSpec, FieldsSchema } from './definition-schema';
import type { Diagnostic } from './errors';
import { escapePointer, formatAjvError } from './format-ajv-error';
import { unsupportedPatternReason } from './tenant-pattern';

export type FieldsValidator = (fields: unknown) => Diagnostic[];

/**
 * Compiles a definition's field schema once into a validator for record fields.
 * Localized titles are dropped (JSON Schema wants a string); unknown fields are refused. Patterns run on RE2
 * (tenantAjv). A field whose pattern RE2 cannot run (only a version published before patterns were checked
 * can have one) refuses every value given to it, with code `field.pattern_unsupported`: its pattern is never
 * run by a backtracking engine.
 * @example compileFieldsValidator(def.fields)({ email: 'x' }) // → [{ pointer: '/email', message: 'must be a valid email' }]
 */
export function compileFieldsValidator(schema: FieldsSchema, options: { partial?: boolean } = {}): FieldsValidator {
  const unrunnable = new Map<string, string>();
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, spec]) => {
      const reason = spec.pattern === undefined ? null : unsupportedPatternReason(spec.pattern);
      if (reason) unrunnable.set(name, reason);
      return [name, toJsonSchema(spec, reason === null)];
    }),
  );
  const recordSchema = { type: 'object', properties, required: options.partial ? [] : (schema.required ?? []), additionalProperties: false };
  const validate: ValidateFunction = tenantAjv.compile(recordSchema);
  // ajv keeps every schema it compiled, keyed by the object: drop it, or each validation of a draft (the designer
  // sends one per pause in editing) and each recompiled version would be held for the life of the process.
  tenantAjv.removeSchema(recordSchema);
  return (fields) => {
    const refused = unrunnable.size === 0 ? [] : unrunnablePatternDiagnostics(fields, unrunnable);
    if (validate(fields)) return refused;
    return [...refused, ...(validate.errors ?? []).map((e) => formatAjvError(e, 'record'))];
  };
}

function toJsonSchema(spec: FieldSpec, keepPattern: boolean): Record<string, unknown> {
  const { title, pattern, ...rest } = spec;
  return { ...rest, ...(title ? { title: title.en } : {}), ...(keepPattern && pattern !== undefined ? { pattern } : {}) };
}

function unrunnablePatternDiagnostics(fields: unknown, unrunnable: ReadonlyMap<string, string>): Diagnostic[] {
  if (!fields || typeof fields !== 'object') return [];
  const given = fields as Record<string, unknown>;
  return [...unrunnable]
    .filter(([name]) => Object.hasOwn(given, name) && typeof given[name] === 'string')
    .map(([name, reason]) => ({
      severity: 'error',
      code: 'field.pattern_unsupported',
      pointer: `/${escapePointer(name)}`,
      message: `cannot be checked: the pattern of "${name}" in this published version cannot run in linear time (${reason}); an admin must publish a new version with a pattern RE2 can run`,
    }));
}
