import type { Diagnostic } from '@funnel/schemas';
import type { EngineDiagnosticCode } from './errors';

/** Where and what: the parts of an engine diagnostic. */
export interface DiagnosticParts {
  code: EngineDiagnosticCode;
  pointer: string;
  message: string;
}

/**
 * A compile error at a JSON pointer.
 * @example errorAt({ code: 'compile.unknown_stage', pointer: '/transitions/0/to', message: 'transition "qualify" goes to stage "sq" which does not exist' })
 */
export function errorAt(parts: DiagnosticParts): Diagnostic {
  return { severity: 'error', ...parts };
}

/**
 * A compile warning at a JSON pointer.
 * @example warningAt({ code: 'guard.unknown_var', pointer: '/rules/0/when/var', message: 'guard reads "scor", which is neither a field nor a built-in' })
 */
export function warningAt(parts: DiagnosticParts): Diagnostic {
  return { severity: 'warning', ...parts };
}
