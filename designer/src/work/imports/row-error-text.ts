import type { FieldSpec } from '@funnel/schemas';
import type { TFunction } from 'i18next';
import { localizedText } from '../../model/localized-text';
import type { RowError } from './import-documents';

/** Formats of the field schema whose refusal is said in words of its own. */
const FORMATS = new Set(['email', 'currency', 'date', 'date-time', 'uri', 'phone']);
/** Types a cell can fail to be. */
const TYPES = new Set(['number', 'integer', 'boolean', 'string', 'array']);

/** The api's message said in the reader's language when it is one the import gives often; else its own words. */
function messageText(message: string, t: TFunction<'imports'>): string {
  const format = /^must be a valid ([\w-]+)$/.exec(message)?.[1];
  if (format && FORMATS.has(format)) return t(`rowError.format.${format as 'email'}`);
  const type = /^must be of type (\w+)$/.exec(message)?.[1];
  if (type && TYPES.has(type)) return t(`rowError.type.${type as 'number'}`);
  const cells = /^has (\d+) cells but the header names (\d+) columns/.exec(message);
  if (cells) return t('rowError.extraCells', { cells: cells[1], columns: cells[2] });
  if (/^must have required property/.test(message)) return t('rowError.required');
  return message;
}

/** A row's error in words: the field it is about (by its title, empty when it is about the row), and what is wrong. */
export interface RowErrorWords {
  field: string;
  text: string;
}

/**
 * A row's error in the reader's language: the field by its title, and the api's message said in words of the screen
 * when it is one an import often gives (else the api's own words).
 * @example rowErrorWords({ row: 3, pointer: '/fields/email', message: 'must be a valid email' }, properties, t, 'en') // → { field: 'Email', text: 'is not a valid email address' }
 */
export function rowErrorWords(error: RowError, properties: Record<string, FieldSpec>, t: TFunction<'imports'>, locale: string): RowErrorWords {
  const key = /^\/fields\/([^/]+)/.exec(error.pointer)?.[1];
  const spec = key === undefined ? undefined : properties[key];
  const field = key === undefined ? '' : spec?.title ? localizedText(spec.title, locale) : key;
  return { field, text: messageText(error.message, t) };
}
