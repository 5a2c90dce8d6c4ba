import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { validateDefinition } from '@funnel/schemas';

export type DefinitionFileRead = { ok: true; definition: WorkflowDefinition } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Reads an imported JSON file as a definition; says what is wrong and where when it is not one.
 * @example readDefinitionFile('{"schemaVersion":1}') // → { ok: false, diagnostics: [{ pointer: '', message: '"key" is required …' }, …] }
 */
export function readDefinitionFile(text: string): DefinitionFileRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      diagnostics: [
        { severity: 'error', code: 'file.not_json', pointer: '', message: `the file is not JSON: ${error instanceof Error ? error.message : String(error)}` },
      ],
    };
  }
  const validation = validateDefinition(value);
  return validation.ok ? { ok: true, definition: validation.definition } : { ok: false, diagnostics: validation.diagnostics };
}

/**
 * The text of an exported definition file: indented JSON with a trailing newline.
 * @example writeDefinitionFile(definition).endsWith('}\n') // → true
 */
export function writeDefinitionFile(definition: WorkflowDefinition): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}
