import { ajv } from './ajv-instance';
import { definitionJsonSchema, type WorkflowDefinition } from './definition-schema';
import type { Diagnostic } from './errors';
import { formatAjvError } from './format-ajv-error';

const validate = ajv.compile<WorkflowDefinition>(definitionJsonSchema());

/**
 * What validateDefinition returns: the typed definition, or every schema error with its JSON pointer.
 * @example const result: DefinitionValidation = validateDefinition(json); if (!result.ok) show(result.diagnostics);
 */
export type DefinitionValidation = { ok: true; definition: WorkflowDefinition } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Checks a value against the workflow definition schema (shape only; the
 * engine's `compile` checks meaning). Every error is reported, each with a JSON pointer.
 * @example validateDefinition({ schemaVersion: 1 }).ok // → false, with "/key": '"key" is required here'
 */
export function validateDefinition(value: unknown): DefinitionValidation {
  if (validate(value)) return { ok: true, definition: value };
  return { ok: false, diagnostics: dedupe((validate.errors ?? []).map((e) => formatAjvError(e, 'definition'))) };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const id = `${d.pointer}\u0000${d.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
