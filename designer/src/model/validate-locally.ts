import { compile } from '@funnel/engine';
import type { Diagnostic } from '@funnel/schemas';

/**
 * The check the designer runs in the browser on every edit, before the api's answer
 * arrives: the engine's own compile (schema, then meaning), with JSON pointers.
 * @example validateLocally({ ...definition, stages: [] }) // → [{ pointer: '/stages', ... }]
 */
export function validateLocally(definition: unknown): Diagnostic[] {
  return compile(definition).diagnostics;
}
