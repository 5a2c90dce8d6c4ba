import type { FieldSpec } from '@funnel/schemas';
import Papa from 'papaparse';

/** A CSV file as read: its header and every record under it, empty lines kept so row numbers stay the file's. */
export interface ReadCsv {
  header: string[];
  /** Each record after the header, in file order: row `n` of the api (header = 1) is `records[n - 2]`. */
  records: string[][];
}

/** What a column is imported as: a field's key, or null to leave the column out. */
export type ColumnMapping = (string | null)[];

/** A row the api did not import, with the words it gave. */
export interface FailedRow {
  row: number;
  messages: string[];
}

/**
 * Reads a CSV text with papaparse, keeping empty lines (the api counts them when it numbers rows); every line ending
 * is read as `\n` (a line break inside a quoted value too).
 * @example readCsv('name,email\nAnn,ann@x.com') // → { header: ['name', 'email'], records: [['Ann', 'ann@x.com']] }
 */
export function readCsv(text: string): ReadCsv {
  // papaparse splits lines at the first line ending it finds; the api takes `\r\n`, `\n` and `\r` in one file alike.
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const parsed = Papa.parse<string[]>(lines, { skipEmptyLines: false, newline: '\n' });
  const [header = [], ...records] = parsed.data;
  // papaparse reads the file's last line break as one more, empty, record.
  if (records.length > 0 && records.at(-1)?.every((cell) => cell === '')) records.pop();
  return { header, records };
}

/**
 * The field a column names as the api's import reads it: the field with that key, else the one whose title in any
 * language is the column, case and surrounding spaces aside (null when none, or several, are).
 * @example proposedField('电子邮件', { email: { type: 'string', title: { 'zh-Hans': '电子邮件' } } }) // → 'email'
 */
export function proposedField(column: string, properties: Record<string, FieldSpec>): string | null {
  if (Object.hasOwn(properties, column)) return column;
  const wanted = column.trim().toLowerCase();
  const titled = Object.entries(properties).filter(([, spec]) =>
    Object.values(spec.title ?? {}).some((title) => typeof title === 'string' && title.trim().toLowerCase() === wanted),
  );
  return titled.length === 1 ? (titled[0]?.[0] ?? null) : null;
}

/**
 * The file as the api is sent it: the header rewritten to the mapped field keys and skipped columns left out, every
 * record kept in place (an empty line stays one), written by papaparse.
 * @example mappedCsv({ header: ['Name', 'x'], records: [['Ann', '1']] }, ['name', null]) // → 'name\r\nAnn'
 */
export function mappedCsv(csv: ReadCsv, mapping: ColumnMapping): string {
  const kept = mapping.flatMap((field, index) => (field === null ? [] : [index]));
  const header = kept.map((index) => mapping[index] as string);
  const beyond = (record: string[]) => record.slice(csv.header.length);
  // Cells past the header stay, so the api reports such a row as it would in the file.
  const rows = csv.records.map((record) => (record.every((cell) => cell === '') ? [] : [...kept.map((index) => record[index] ?? ''), ...beyond(record)]));
  return Papa.unparse([header, ...rows.map((row) => (row.length === 0 ? [''] : row))]);
}

/**
 * The rows that failed, as the file had them, with their errors in an extra last column, written by papaparse.
 * @example failedRowsCsv(csv, [{ row: 3, messages: ['email: must be a valid email'] }], 'Errors')
 */
export function failedRowsCsv(csv: ReadCsv, failed: readonly FailedRow[], errorsTitle: string): string {
  const rows = failed.map(({ row, messages }) => [...(csv.records[row - 2] ?? []), messages.join('; ')]);
  return Papa.unparse([[...csv.header, errorsTitle], ...rows]);
}

/**
 * The errors of a run grouped by row, in row order.
 * @example failedRows([{ row: 3, pointer: '/fields/email', message: 'bad' }], (e) => e.message) // → [{ row: 3, messages: ['bad'] }]
 */
export function failedRows<E extends { row: number }>(errors: readonly E[], say: (error: E) => string): FailedRow[] {
  const byRow = new Map<number, string[]>();
  for (const error of errors) byRow.set(error.row, [...(byRow.get(error.row) ?? []), say(error)]);
  return [...byRow].sort(([a], [b]) => a - b).map(([row, messages]) => ({ row, messages }));
}
