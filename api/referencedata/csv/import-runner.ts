/**
 * Imports one CSV file all-or-nothing: every row is converted and written inside one transaction
 * (each row in a savepoint, so one bad row does not hide the next one's problems); if any row
 * failed, or for a dry run, the transaction is rolled back and the database is as it was. The
 * report lists every error by row and column.
 */
import { ApiError } from '../../http/errors.js';
import { publishClassifications } from '../locations/publishing.js';
import type { ReferenceDataContext } from '../shared/context.js';
import { csvRecords, mapHeader } from './csv-file.js';
import type { CsvColumn, CsvType, ImportScope } from './csv-type.js';
import { RowReader, type CsvRowError } from './row-reader.js';

export interface ImportOptions {
  dryRun?: boolean;
  /** Called as rows are done (rows done so far). */
  onProgress?(rowsDone: number): void;
}

export interface ImportReport {
  type: string;
  dryRun: boolean;
  /** Whether the rows were written (false after any error, and for a dry run). */
  committed: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: CsvRowError[];
  /** More errors than the report lists (it keeps the first MAX_ERRORS). */
  errorsOmitted: number;
}

const MAX_ERRORS = 1000;

export async function importCsvFile(context: ReferenceDataContext, csvType: CsvType, path: string, options: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { type: csvType.type, dryRun: options.dryRun ?? false, committed: false, rows: 0, created: 0, updated: 0, errors: [], errorsOmitted: 0 };
  const record = (errors: CsvRowError[]) => {
    const room = Math.max(0, MAX_ERRORS - report.errors.length);
    report.errors.push(...errors.slice(0, room));
    report.errorsOmitted += Math.max(0, errors.length - room);
  };
  await withinTransaction(context, csvType.store, async (scope) => {
    const cache = await csvType.prepare(scope);
    let header: Array<string | undefined> | undefined;
    const firstRowOf = new Map<string, number>();
    for await (const cells of csvRecords(path) as AsyncIterable<string[]>) {
      if (!header) {
        const mapping = mapHeader(cells, csvType.columns);
        record(mapping.errors);
        if (mapping.errors.length > 0) break; // rows cannot be read against a wrong header
        header = mapping.byPosition;
        continue;
      }
      report.rows += 1;
      const reader = new RowReader(report.rows + 1, new Map(header.flatMap((column, i) => (column ? [[column, cells[i] ?? '']] : []))));
      let input: unknown;
      try {
        input = csvType.toInput(reader, cache);
      } catch (error) {
        reader.errors.push(rowError(error, reader.row, csvType.columns)); // the entity's schema refused the row
      }
      const repeats = input === undefined ? undefined : firstRowOf.get(csvType.key(input));
      if (repeats !== undefined) reader.errors.push({ row: reader.row, column: csvType.columns[0].header, message: `repeats row ${repeats} (${csvType.key(input)})` });
      else if (input !== undefined) firstRowOf.set(csvType.key(input), reader.row);
      if (reader.errors.length > 0 || input === undefined) record(reader.errors.length > 0 ? reader.errors : [{ row: reader.row, message: 'the row could not be read' }]);
      else {
        const outcome = await savepoint(scope, () => csvType.write(input, scope, cache)).catch((error) => rowError(error, reader.row, csvType.columns));
        if (typeof outcome === 'string') report[outcome] += 1;
        else record([outcome]);
      }
      options.onProgress?.(report.rows);
    }
    if (!header && report.errors.length === 0) record([{ row: 1, message: 'the file is empty; it needs a header row' }]);
    if (header && report.errors.length === 0 && csvType.finish) {
      const finished = await savepoint(scope, () => csvType.finish!(scope, cache)).catch((error) => rowError(error, 0, csvType.columns));
      if (finished) record([finished]);
    }
    report.committed = report.errors.length === 0 && report.errorsOmitted === 0 && !report.dryRun;
    if (!report.committed) throw ROLLBACK;
  }).catch((error) => {
    if (error !== ROLLBACK) throw error;
  });
  // Facilities name operators and types by their published Organizations and CodeSystems.
  if (report.committed) await publishClassifications(context.dataSource, context.fhir.publisher);
  return report;
}

/** Thrown to leave the transaction without committing. */
const ROLLBACK = Symbol('rollback');

async function withinTransaction(context: ReferenceDataContext, store: 'typeorm' | 'fhir', work: (scope: ImportScope) => Promise<void>): Promise<void> {
  if (store === 'fhir') {
    await context.fhir.locations.transaction((session) => work({ context, manager: context.dataSource.manager, session }));
  } else {
    await context.dataSource.transaction((manager) => work({ context, manager }));
  }
}

/** Runs one row's writes in a savepoint, so a refused row leaves the rest of the transaction usable. */
async function savepoint<T>(scope: ImportScope, write: () => Promise<T>): Promise<T> {
  if (!scope.session) return scope.manager.transaction(() => write());
  await scope.session.db.query('SAVEPOINT csv_row');
  try {
    const result = await write();
    await scope.session.db.query('RELEASE SAVEPOINT csv_row');
    return result;
  } catch (error) {
    await scope.session.db.query('ROLLBACK TO SAVEPOINT csv_row');
    throw error;
  }
}

/** A service's refusal as a row error, in the column of the field it names. */
function rowError(error: unknown, row: number, columns: CsvColumn[]): CsvRowError {
  if (!(error instanceof ApiError) || error.status >= 500) throw error;
  const fields = Object.keys((error.details as { fieldErrors?: Record<string, string> })?.fieldErrors ?? {});
  const column = columns.find((c) => c.field !== undefined && fields.some((f) => f === c.field || f.startsWith(`${c.field}.`)));
  return { row, ...(column ? { column: column.header } : {}), message: error.message };
}
