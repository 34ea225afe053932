/**
 * What one importable and exportable entity says about its CSV file: its columns (named as in the
 * configuration guide's example tables), how a row becomes the entity service's input (codes
 * resolved to ids), how that input is written (an upsert by code, through the same service and
 * rules the REST API uses), and how the table is written back out.
 */
import type { EntityManager } from 'typeorm';
import type { WriteSession } from '../../../fhir/index.js';
import type { ReferenceDataContext } from '../shared/context.js';
import type { RowReader } from './row-reader.js';

export interface CsvColumn {
  /** The header as the guide's example table names it, e.g. "Facility Code". */
  header: string;
  /** Other headers accepted for it (e.g. the API's field name). */
  aliases?: string[];
  required?: boolean;
  /** The input field whose validation errors belong to this column. */
  field?: string;
}

/** Where an import writes: a TypeORM transaction, plus the FHIR session for facilities and zones. */
export interface ImportScope {
  context: ReferenceDataContext;
  manager: EntityManager;
  session?: WriteSession;
}

export type WriteOutcome = 'created' | 'updated';

export interface CsvType<Input = unknown, Cache = unknown> {
  /** The name in URLs and file names: `facilities` for facilities.csv. */
  type: string;
  title: string;
  /** Facilities and zones are Locations: their imports run in a FHIR write session. */
  store: 'typeorm' | 'fhir';
  columns: CsvColumn[];
  /** Loads what every row needs (lookup tables), once per import. */
  prepare(scope: ImportScope): Promise<Cache>;
  /** The service input for a row; cell problems go to the reader and make it return undefined. */
  toInput(row: RowReader, cache: Cache): Input | undefined;
  /** What identifies a row's entity (its code); a file naming one twice is refused at the second row. */
  key(input: Input): string;
  /** Creates or updates (by code) through the entity's service. */
  write(input: Input, scope: ImportScope, cache: Cache): Promise<WriteOutcome>;
  /**
   * Called once after the last row, inside the import's transaction: types that buffer rows and
   * write them in bulk (facilities, zones) write the rest here. A refusal here is a file error.
   */
  finish?(scope: ImportScope, cache: Cache): Promise<void>;
  /** Every row of the table, as cells in `columns` order. */
  exportRows(context: ReferenceDataContext): AsyncIterable<string[]>;
}
