import type { Diagnostic } from '@funnel/schemas';
import type { EngineDiagnosticCode } from './errors';

/**
 * A compile error at a JSON pointer.
 * @example errorAt('compile.unknown_stage', '/transitions/0/to', 'transition "qualify" goes to stage "sq" which does not exist')
 */
export function errorAt(code: EngineDiagnosticCode, pointer: string, message: string): Diagnostic {
  return { severity: 'error', code, pointer, message };
}

/**
 * A compile warning at a JSON pointer.
 * @example warningAt('guard.unknown_var', '/rules/0/when/var', 'guard reads "scor", which is neither a field nor a built-in')
 */
export function warningAt(code: EngineDiagnosticCode, pointer: string, message: string): Diagnostic {
  return { severity: 'warning', code, pointer, message };
}
