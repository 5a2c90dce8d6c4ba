import { compile } from '@funnel/engine';
import type { Diagnostic } from '@funnel/schemas';

/**
 * Everything wrong with a definition (schema and meaning, from the engine's compile), plus a check that
 * its `key` matches the workflow it is saved under.
 * @example diagnose({ definition, key: 'standard_trunk' }) // → [] when publishable
 */
export function diagnose(input: { definition: unknown; key?: string }): Diagnostic[] {
  const result = compile(input.definition);
  const diagnostics = [...result.diagnostics];
  const defKey = (input.definition as { key?: unknown } | null)?.key;
  if (input.key && typeof defKey === 'string' && defKey !== input.key) {
    diagnostics.unshift({ severity: 'error', code: 'key_mismatch', pointer: '/key', message: `must be "${input.key}", the workflow it is saved under` });
  }
  return diagnostics;
}
