/**
 * How the condition builder shows a comparison's value in a text box: strings as
 * they are, lists comma-separated, other values as JSON.
 * @example valueToText(['web', 'event']) // → 'web, event'
 */
export function valueToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(valueToText).join(', ');
  return JSON.stringify(value) ?? '';
}

/**
 * Reads a typed value: numbers, true/false and null as such, "quoted" as a string,
 * anything else as a string; for `in`, a comma-separated list.
 * @example valueFromText({ text: '60', list: false }) // → 60
 */
export function valueFromText({ text, list }: { text: string; list: boolean }): unknown {
  if (list) return text.split(',').map((item) => valueFromText({ text: item.trim(), list: false }));
  const trimmed = text.trim();
  if (/^(-?\d+(\.\d+)?|true|false|null|"[^"]*")$/.test(trimmed)) return JSON.parse(trimmed) as unknown;
  return text;
}
