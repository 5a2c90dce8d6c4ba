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
