import { validateDefinition, type Diagnostic } from '@funnel/schemas';

/**
 * The check the designer runs in the browser on every edit, before the api's answer
 * arrives: the definition's schema, with JSON pointers.
 * @example validateLocally({ ...definition, stages: [] }) // → [{ pointer: '/stages', ... }]
 */
export function validateLocally(definition: unknown): Diagnostic[] {
  const validation = validateDefinition(definition);
  return validation.ok ? [] : validation.diagnostics;
}
