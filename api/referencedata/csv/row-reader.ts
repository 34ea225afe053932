/**
 * Reads the cells of one CSV row by column, converting and checking them as it goes. Every problem
 * is recorded with its row and column rather than thrown, so one pass reports all of a file's errors.
 */
import type { CsvColumn } from './csv-type.js';

export interface CsvRowError {
  /** The line's record number in the file, the header being row 1 (0: the file as a whole). */
  row: number;
  column?: string;
  message: string;
}

const TRUE = new Set(['yes', 'y', 'true', 't', '1']);
const FALSE = new Set(['no', 'n', 'false', 'f', '0']);

export class RowReader {
  readonly errors: CsvRowError[] = [];

  constructor(
    readonly row: number,
    private readonly cells: Map<string, string>,
  ) {}

  /** The trimmed text of a column, or undefined when blank; a required blank one is an error. */
  text(column: CsvColumn): string | undefined {
    const value = this.cells.get(column.header)?.trim();
    if (value) return value;
    if (column.required) this.fail(column, 'is required');
    return undefined;
  }

  boolean(column: CsvColumn, fallback?: boolean): boolean | undefined {
    const value = this.text(column);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    return this.fail(column, `"${value}" is not yes/no or true/false`);
  }

  /**
   * ISO dates (2016-01-01), and slashed dates read month/day/year as in the guide's period table
   * (1/31/18, 01/31/2018): what spreadsheets saved in the en-US locale write. ISO is unambiguous.
   */
  date(column: CsvColumn): string | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    const mdy = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(value);
    const year = mdy && mdy[3].length === 2 ? `20${mdy[3]}` : mdy?.[3];
    const iso = mdy ? `${year}-${mdy[1].padStart(2, '0')}-${mdy[2].padStart(2, '0')}` : value;
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) && new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso;
    return valid ? iso : this.fail(column, `"${value}" is not a date (YYYY-MM-DD, or M/D/YYYY)`);
  }

  integer(column: CsvColumn): number | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) return this.fail(column, `"${value}" is not a whole number (no commas)`);
    return Number(value);
  }

  decimal(column: CsvColumn): number | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    if (!/^-?\d+(\.\d+)?$/.test(value)) return this.fail(column, `"${value}" is not a number`);
    return Number(value);
  }

  /** Resolves a code through `lookup`; an unknown one is an error naming the code. */
  code<T>(column: CsvColumn, lookup: (code: string) => T | undefined, what: string): T | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    const found = lookup(value);
    return found === undefined ? this.fail(column, `there is no ${what} with code "${value}"`) : found;
  }

  fail(column: CsvColumn | undefined, message: string): undefined {
    this.errors.push({ row: this.row, ...(column ? { column: column.header } : {}), message });
    return undefined;
  }
}
