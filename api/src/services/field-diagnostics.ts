import type { Blocker } from '@funnel/engine';
import type { Diagnostic } from '@funnel/schemas';

/** Field blockers as diagnostics (the caller's input was wrong), or null when other blockers exist. */
export function fieldDiagnostics(blockers: Blocker[]): Diagnostic[] | null {
  const diagnostics: Diagnostic[] = [];
  for (const blocker of blockers) {
    if (blocker.type === 'invalid_field') diagnostics.push({ severity: 'error', code: blocker.code, pointer: blocker.pointer, message: blocker.message });
    else if (blocker.type === 'missing_field')
      diagnostics.push({ severity: 'error', code: 'missing_field', pointer: blocker.pointer, message: `"${blocker.field}" is required` });
    else return null;
  }
  return diagnostics;
}
