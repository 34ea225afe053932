/** What applying a pull works with, and how it reports back to its run. */
import type pg from 'pg';
import type { FhirLayer } from '../../../fhir/index.js';
import type { RunCounts } from '../runs/run-store.js';
import type { SourceRecord } from '../sources/source-store.js';
import type { SyncType } from '../sources/source-definition.js';

export interface ApplyContext {
  pool: pg.Pool;
  fhir: Pick<FhirLayer, 'store' | 'directory'>;
  source: SourceRecord;
  counts: RunCounts;
  /** Records registry entries that could not be applied (staged rows parked, run issues, count). */
  conflicts(type: SyncType, entries: Array<{ remoteId: string; reason: string }>): Promise<void>;
  /** Called after every batch: saves the run's progress; stops the run when it is being stopped. */
  afterBatch(): Promise<void>;
}

/** Entries written per FHIR transaction: large enough to be fast, small enough to keep memory flat. */
export const BATCH_SIZE = 500;
