/** What one run of one source works with: dependencies, options, and its running tallies. */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { FhirLayer } from '../../../fhir/index.js';
import type { Env } from '../pull/source-auth.js';
import type { RetryPolicy } from '../pull/retry.js';
import type { RunCounts, RunRecord, RunTrigger } from '../runs/run-store.js';
import type { SourceRecord } from '../sources/source-store.js';
import type { SyncType } from '../sources/source-definition.js';

export interface SyncDeps {
  pool: pg.Pool;
  fhir: Pick<FhirLayer, 'store' | 'directory'>;
  logger: Logger;
}

export interface Progress {
  phase: 'fetch' | 'apply';
  type?: SyncType;
  counts: RunCounts;
  /** Apply phase: entries waiting to be applied when it began. */
  toApply?: number;
}

export interface RunHooks {
  /** Test seam: called after every fetched page; what it throws ends the run there. */
  afterPage?(pages: number): void | Promise<void>;
  /** Test seam: called after every applied batch. */
  afterBatch?(batches: number): void | Promise<void>;
}

export interface RunOptions {
  trigger: RunTrigger;
  /** Ignore the checkpoints and pull everything the supplier has. */
  full?: boolean;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  /** Where secrets referenced by name are read (default: process.env). */
  env?: Env;
  onProgress?(progress: Progress): void;
  hooks?: RunHooks;
}

export interface RunContext extends SyncDeps {
  source: SourceRecord;
  run: RunRecord;
  options: RunOptions;
  counts: RunCounts;
  /** Feed-level problems and notes, kept with the run. */
  errors: string[];
}

/**
 * Thrown by a test hook to end a run the way a killed process would: nothing is written on the
 * way out (the run stays "running" until the next run of the source marks it interrupted).
 */
export class RunAbandoned extends Error {}
