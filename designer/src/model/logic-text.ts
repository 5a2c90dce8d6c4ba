export type LogicTextParse = { ok: true; logic: unknown } | { ok: false; message: string };

/**
 * The raw JSON mode of the condition builder: json-logic as indented text.
 * @example logicToText({ '!!': [{ var: 'phone' }] }) // → '{\n  "!!": [ ...'
 */
export function logicToText(logic: unknown): string {
  return JSON.stringify(logic ?? null, null, 2);
}

/**
 * Reads the raw JSON mode's text back; says what is wrong when it is not JSON.
 * @example logicFromText('{"!!": [{"var": "phone"}]}') // → { ok: true, logic: { '!!': [{ var: 'phone' }] } }
 */
export function logicFromText(text: string): LogicTextParse {
  try {
    return { ok: true, logic: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
