/**
 * Reading a CSV file as records keyed by our column headers, streaming (csv-parse), and writing
 * one (csv-stringify). Headers match loosely: case, spacing, punctuation and the guide's
 * notes in parentheses ("(required)", "(optional)") are ignored, so a spreadsheet saved from the guide's tables loads.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import type { Readable } from 'node:stream';
import type { CsvColumn } from './csv-type.js';
import type { CsvRowError } from './row-reader.js';

export interface HeaderMapping {
  /** Column header per position in the file (undefined for a column we do not know). */
  byPosition: Array<string | undefined>;
  errors: CsvRowError[];
}

export function normalizeHeader(header: string): string {
  return header.replace(/\([^)]*\)/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Maps the file's header row to our columns; unknown or repeated headers and missing required columns are errors. */
export function mapHeader(headers: string[], columns: CsvColumn[]): HeaderMapping {
  const known = new Map<string, CsvColumn>();
  for (const column of columns) for (const name of [column.header, ...(column.aliases ?? [])]) known.set(normalizeHeader(name), column);
  const errors: CsvRowError[] = [];
  const seen = new Set<string>();
  const byPosition = headers.map((header) => {
    const column = known.get(normalizeHeader(header));
    if (!column) {
      errors.push({ row: 1, column: header, message: `unknown column; expected ${columns.map((c) => `"${c.header}"`).join(', ')}` });
      return undefined;
    }
    if (seen.has(column.header)) errors.push({ row: 1, column: header, message: 'the column appears twice' });
    seen.add(column.header);
    return column.header;
  });
  for (const column of columns) if (column.required && !seen.has(column.header)) errors.push({ row: 1, column: column.header, message: 'the required column is missing' });
  return { byPosition, errors };
}

/** A streaming parser over a file: arrays of cells, BOM stripped, blank lines skipped. */
export function csvRecords(path: string): Readable {
  return createReadStream(path).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: false }));
}

/** Data rows in a file (the header excluded), for progress totals. */
export async function countRecords(path: string): Promise<number> {
  let count = 0;
  for await (const _record of csvRecords(path)) count += 1;
  return Math.max(0, count - 1);
}

export function csvWriter(headers: string[]): ReturnType<typeof stringify> {
  return stringify({ header: true, columns: headers, record_delimiter: 'unix' });
}
