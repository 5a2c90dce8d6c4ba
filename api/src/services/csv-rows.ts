import { parse } from 'csv-parse/sync';
import type { Diagnostic } from '@funnel/schemas';
import { ValidationFailedError } from '../errors';

/** A data row of the file: its row number as a spreadsheet shows it (header = 1) and its cells. */
export interface CsvRow {
  row: number;
  cells: string[];
}

/** How much of a CSV file is read (the api config's `maxCsvCellLength` and `maxCsvColumns`). */
export interface CsvLimits {
  maxCellLength: number;
  maxColumns: number;
}

const BOM = '\uFEFF';
/** Header names longer than this are left out of messages about their cells. */
const NAME_IN_MESSAGE = 60;

/**
 * The header and the data rows of a CSV text. Rows are numbered as a spreadsheet shows them: every line
 * counts, empty ones too (they are skipped, not renumbered), and a quoted value over several lines is one row.
 * Rows may have fewer cells than the header (the rest are empty); more is the row's own error, not the file's.
 * A file that is not CSV text (a NUL byte, broken quoting), a header of more than `maxColumns` columns or a
 * cell of more than `maxCellLength` characters is refused whole, each problem with its place, before any row
 * is looked at. A byte order mark before the header is dropped; `\n`, `\r\n` and `\r` all end a line.
 * @example csvRows('name\nAnn', limits) // → { header: ['name'], rows: [{ row: 2, cells: ['Ann'] }] }
 */
export function csvRows(csv: string, limits: CsvLimits): { header: string[]; rows: CsvRow[] } {
  const nul = csv.indexOf('\u0000');
  if (nul >= 0) {
    const { line, character } = placeOf(csv, nul);
    const message = `line ${line}, character ${character} is a NUL character: the file is not CSV text (a UTF-16 or binary file?); save it as "CSV UTF-8"`;
    refuse({ code: 'csv', pointer: '/csv', message });
  }
  let records: string[][];
  try {
    records = parse(csv, { bom: true, trim: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    refuse({ code: 'csv', pointer: '/csv', message: parseProblem(csv, error as Error & { code?: string; lines?: number }) });
  }
  const numbered = records.map((cells, index) => ({ row: index + 1, cells })).filter(({ cells }) => cells.some((cell) => cell !== ''));
  const [header, ...rows] = numbered;
  // Spreadsheets export trailing separators ("name,email,"): nameless columns at the end are no columns (a
  // row with a value under one is that row's error, as any cell beyond the header).
  const columns = [...(header?.cells ?? [])];
  while (columns.at(-1) === '') columns.pop();
  if (columns.length > limits.maxColumns) {
    const message = `the header has ${columns.length} columns; a file may have at most ${limits.maxColumns} (one per field of the workflow)`;
    refuse({ code: 'too_many_columns', pointer: '/csv/columns', message });
  }
  const tooLong = numbered.flatMap(({ row, cells }) => longCells({ row, cells, columns: row === header?.row ? [] : columns, max: limits.maxCellLength }));
  if (tooLong.length > 0) throw new ValidationFailedError(tooLong);
  return { header: columns, rows };
}

/** Refuses the file whole with one diagnostic. */
function refuse(diagnostic: Omit<Diagnostic, 'severity'>): never {
  throw new ValidationFailedError([{ severity: 'error', ...diagnostic }]);
}

/** Each cell of a row longer than `max`, at `/csv/rows/<row>/columns/<n>`. */
function longCells(input: { row: number; cells: string[]; columns: string[]; max: number }): Diagnostic[] {
  const { row, columns, max } = input;
  return input.cells.flatMap((cell, index) => {
    if (cell.length <= max) return [];
    const name = columns[index];
    const named = name !== undefined && name !== '' && name.length <= NAME_IN_MESSAGE ? ` ("${name}")` : '';
    const message = `row ${row}, column ${index + 1}${named} has ${cell.length} characters; a cell may have at most ${max}`;
    return [{ severity: 'error' as const, code: 'cell_too_long', pointer: `/csv/rows/${row}/columns/${index + 1}`, message }];
  });
}

/** What csv-parse could not read, said with the line to look at and how to fix it. */
function parseProblem(csv: string, error: Error & { code?: string; lines?: number }): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `line ${unclosedQuoteLine(csv)}: a quoted value starts here and is never closed; a quote inside a quoted value is written twice ("")`;
    case 'INVALID_OPENING_QUOTE':
      return `line ${error.lines}: a quote inside a value that does not start with one; put the whole value in quotes and write the quote twice ("")`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `line ${error.lines}: text after the closing quote of a value; put the whole value in quotes and write a quote inside it twice ("")`;
    default:
      return `line ${error.lines ?? 1}: the file cannot be read as CSV (${error.message})`;
  }
}

/** Whether the character at `index` ends a line: `\n`, or a `\r` not followed by `\n`. */
function endsLine(text: string, index: number): boolean {
  const c = text[index];
  return c === '\n' || (c === '\r' && text[index + 1] !== '\n');
}

/** The line and character (both from 1) of a position in the text. */
function placeOf(text: string, position: number): { line: number; character: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i++) {
    if (endsLine(text, i)) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, character: position - lineStart + 1 };
}

/** The line of the quote that opens the value csv-parse found unclosed at the end of the text: the last one to open a value. */
function unclosedQuoteLine(csv: string): number {
  let line = 1;
  let openedOn = 1;
  let quoted = false;
  let valueStart = true;
  for (let i = csv.startsWith(BOM) ? 1 : 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') i += 1;
      else if (c === '"') quoted = false;
      else if (endsLine(csv, i)) line += 1;
    } else if (c === '"' && valueStart) {
      quoted = true;
      openedOn = line;
    } else if (c === ',' || endsLine(csv, i)) {
      valueStart = true;
      if (c !== ',') line += 1;
    } else if (c !== ' ' && c !== '\t' && c !== '\r') {
      valueStart = false;
    }
  }
  return openedOn;
}
