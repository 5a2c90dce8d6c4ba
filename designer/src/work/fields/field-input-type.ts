import type { FieldSpec } from '@funnel/schemas';

/** The HTML input a single-valued field is typed into. */
export type FieldInputType = 'text' | 'email' | 'tel' | 'url' | 'date' | 'datetime-local' | 'number';

/**
 * The input type a field's schema calls for: numbers (and currency amounts) as numbers, a string by its format.
 * @example fieldInputType({ type: 'string', format: 'phone' }) // → 'tel'
 */
export function fieldInputType(spec: FieldSpec): FieldInputType {
  if (spec.type === 'number' || spec.type === 'integer') return 'number';
  switch (spec.format) {
    case 'email':
      return 'email';
    case 'phone':
      return 'tel';
    case 'uri':
      return 'url';
    case 'date':
      return 'date';
    case 'date-time':
      return 'datetime-local';
    default:
      return 'text';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A stored date-time (ISO with its zone) as a datetime-local input shows it: the browser's local time, to the minute.
 * @example toDateTimeInput('2026-12-08T09:30:00.000Z') // → '2026-12-08T10:30' in Europe/Paris
 */
export function toDateTimeInput(value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return '';
  const at = new Date(value);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/**
 * What a datetime-local input holds (local time, no zone) as the instant to store; empty clears it.
 * @example fromDateTimeInput('2026-12-08T10:30') // → '2026-12-08T09:30:00.000Z' in Europe/Paris
 */
export function fromDateTimeInput(value: string): string | undefined {
  return value === '' ? undefined : new Date(value).toISOString();
}
