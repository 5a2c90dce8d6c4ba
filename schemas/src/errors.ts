/** The closed set of codes the schemas package reports. */
export type SchemaErrorCode = 'DEFINITION_INVALID' | 'FIELDS_INVALID' | 'TEMPLATE_NOT_FOUND';

/**
 * One thing wrong with a document, located by a JSON pointer (RFC 6901).
 * @example { severity: 'error', code: 'schema.required', pointer: '/stages/2', message: 'stage is missing "phase"' }
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  pointer: string;
  message: string;
}

/** An error with a code from a closed set and the diagnostics that explain it. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  constructor(
    readonly code: SchemaErrorCode,
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
  }
}
